/**
 * The rules of the index-coverage check the suite applies to every query the app
 * sends (test/support/index-coverage.ts): what counts as served by an index.
 */
import { checkQuery, shapesOf, type QueryShape } from '../support/index-coverage';

const ALLOCATIONS = [['providerAgbCode', '_id'], ['teamCode', '_id'], ['status', '_id'], ['pending']];
const find = (filter: object, sort?: object, limit?: number, comment?: string): QueryShape => ({
  command: 'find',
  collection: 'allocations',
  filter,
  sort,
  limit,
  comment,
});

describe('index coverage rules', () => {
  test('an equality prefix, then the sort, then a range is served', () => {
    expect(checkQuery(find({ providerAgbCode: 'P1' }, { _id: 1 }, 101), ALLOCATIONS)).toBeNull();
    expect(checkQuery(find({ providerAgbCode: 'P1', _id: { $gt: 'A-9' } }, { _id: 1 }, 101), ALLOCATIONS)).toBeNull();
    expect(checkQuery(find({ teamCode: 'T', status: 'active' }, { _id: 1 }), ALLOCATIONS)).toBeNull(); // status filtered within the team's range
    expect(checkQuery(find({ pending: { $in: ['create', 'update'] } }), ALLOCATIONS)).toBeNull();
    expect(checkQuery(find({ _id: 'A-1', status: 'active' }), [])).toBeNull(); // one document by _id
  });

  test('a filter no index leads with, or a sort the index does not follow, is not served', () => {
    expect(checkQuery(find({ municipalityCode: '0363' }), ALLOCATIONS)).toMatch(
      /no index serves it \(equality on municipalityCode/,
    );
    expect(checkQuery(find({ providerAgbCode: 'P1' }, { endDate: 1 }), ALLOCATIONS)).toMatch(/sort on endDate/);
    // the _id index would give the order, but walking it and filtering is no narrowing
    expect(checkQuery(find({ contractNumber: 'C1' }, { _id: 1 }, 100), ALLOCATIONS)).toMatch(/no index serves it/);
    expect(checkQuery(find({ pending: { $exists: true } }), ALLOCATIONS)).toMatch(/reads the whole collection/);
    expect(checkQuery(find({ $or: [{ teamCode: 'T' }, { providerAgbCode: 'P' }] }), ALLOCATIONS)).toMatch(/uses \$or/);
    expect(checkQuery(find({ $and: [{ municipalityCode: '0363' }] }), ALLOCATIONS)).toMatch(/no index serves it/);
  });

  test('a whole pass is accepted only when it says so, or reads a bounded few', () => {
    expect(checkQuery(find({}), ALLOCATIONS)).toMatch(/reads the whole collection/);
    expect(checkQuery(find({}, { _id: 1 }), ALLOCATIONS)).toMatch(/walks the whole collection/);
    expect(checkQuery(find({}, undefined, undefined, 'dangerous: the KPI pass'), ALLOCATIONS)).toBeNull();
    expect(checkQuery(find({}, undefined, 1), ALLOCATIONS)).toBeNull();
    expect(checkQuery(find({}, { _id: 1 }, 101), ALLOCATIONS)).toBeNull(); // the first page in _id order
    expect(checkQuery(find({}, undefined, 10_000), ALLOCATIONS)).toMatch(/reads the whole collection/);
  });

  test('commands are read as the driver sends them: sorts as Maps, updates and deletes per statement', () => {
    const [sorted] = shapesOf({
      commandName: 'find',
      command: { find: 'allocations', filter: { teamCode: 'T' }, sort: new Map([['_id', 1]]), limit: 5 },
    });
    expect(sorted).toMatchObject({ collection: 'allocations', sort: { _id: 1 }, limit: 5 });
    const updates = shapesOf({
      commandName: 'update',
      command: { update: 'allocations', updates: [{ q: { _id: 'A' } }, { q: {}, multi: true }] },
    });
    expect(updates.map((u) => checkQuery(u, ALLOCATIONS))).toEqual([null, expect.stringMatching(/whole collection/)]);
    const [deleted] = shapesOf({
      commandName: 'delete',
      command: { delete: 'locks', deletes: [{ q: { expiresAt: { $lt: new Date() } }, limit: 0 }] },
    });
    expect(checkQuery(deleted!, [['expiresAt']])).toBeNull();
    expect(shapesOf({ commandName: 'insert', command: { insert: 'allocations' } })).toEqual([]);
  });
});
