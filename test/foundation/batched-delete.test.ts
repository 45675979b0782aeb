import { dangerousDeleteInBatches } from '../../src/repositories/batched-delete';
import { createHarness, type Harness } from '../support/harness';

describe('cleanups delete in bounded batches', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  test('a batched delete removes what matches, a batch at a time, and stops at its total limit', async () => {
    const { locks } = h.db.raw.col;
    const old = new Date('2026-01-01T00:00:00Z');
    const fresh = new Date('2030-01-01T00:00:00Z');
    await locks.insertMany([
      ...Array.from({ length: 10 }, (_, i) => ({ _id: `old-${i}`, owner: 't', expiresAt: old })),
      ...Array.from({ length: 4 }, (_, i) => ({ _id: `fresh-${i}`, owner: 't', expiresAt: fresh })),
    ]);
    const filter = { expiresAt: { $lt: new Date('2027-01-01T00:00:00Z') } };
    // three batches of 3 would pass the limit of 7: the third deletes only what is left of it
    expect(await dangerousDeleteInBatches(locks, filter, 'test', { batch: 3, max: 7 })).toBe(7);
    expect(await locks.countDocuments(filter)).toBe(3);
    expect(await dangerousDeleteInBatches(locks, filter, 'test', { batch: 3, max: 7 })).toBe(3);
    expect(await locks.countDocuments(filter)).toBe(0);
    expect((await locks.find({}).toArray()).map((l) => l._id).sort()).toEqual([
      'fresh-0',
      'fresh-1',
      'fresh-2',
      'fresh-3',
    ]);
  });
});
