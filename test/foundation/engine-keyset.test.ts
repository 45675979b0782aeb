/**
 * The keyset patch (src/engine/ferretdb-patches.ts, issue 10): a find sorted by `_id`
 * with a bound on a string or ObjectId `_id` reads its backend in `_id` order, a
 * chunk at a time, rather than every document its filter's pushdown leaves. The
 * answers must be the released engine's (the same filter under `$and` takes the
 * released path), and the reading must stop at the page: a poisoned document past
 * the page, which the engine cannot decode, breaks the released path but not a page
 * that ends before it. Both backends, each asked through its own tool (sqlite3, psql).
 */
import { ObjectId, type Collection, type Filter } from 'mongodb';
import { useProbeEngine } from '../support/probe-engine';

type Probe = { _id: string | ObjectId | number; p?: string | string[]; n?: number };

/** Strings whose JSON text sorts differently from their bytes, beside plain ones. */
const IDS = [
  'a',
  'A B',
  'A',
  'A!',
  'Aé',
  'A\u0001',
  'a"b',
  'a\\b',
  '<x>',
  '&',
  'Z',
  'zz',
  '10',
  '9',
  '',
  ' ',
  '\u{1F600}',
  'ä',
  'b',
  'k-000',
  'k-001',
];

async function fill(col: Collection<Probe>): Promise<ObjectId[]> {
  const oids = [new ObjectId('000000000000000000000001'), new ObjectId(), new ObjectId('ffffffffffffffffffffffff')];
  await col.createIndex({ p: 1, _id: 1 });
  await col.insertMany([
    ...IDS.map((id, n) => ({ _id: id, p: n % 3 === 0 ? ['x', 'w'] : n % 2 ? 'x' : 'y', n })),
    ...Array.from({ length: 60 }, (_, n) => ({
      _id: `m-${String(n).padStart(3, '0')}`,
      p: n % 4 === 0 ? 'y' : 'x',
      n,
    })),
    ...oids.map((id, n) => ({ _id: id, p: 'x', n })),
    { _id: 5, p: 'x', n: 5 },
    { _id: 'no-p', n: 7 },
  ]);
  return oids;
}

async function sameAsReleased(col: Collection<Probe>, oids: ObjectId[]): Promise<number> {
  const bounds: unknown[] = [
    { $gte: '' },
    { $gt: 'A' },
    { $lt: 'b' },
    { $gt: 'A', $lte: 'zz' },
    { $eq: 'A B' },
    'A!',
    { $gt: 'm-010' },
    { $gte: oids[0] },
    { $lt: oids[2] },
  ];
  const filters: Record<string, unknown>[] = [
    {},
    { p: 'x' },
    { p: 'y', n: { $gt: 3 } },
    { p: { $eq: 'w' } },
    { n: { $in: [1, 2, 30, 31] } },
  ];
  let cases = 0;
  for (const filter of filters) {
    for (const _id of bounds) {
      for (const dir of [1, -1] as const) {
        for (const limit of [0, 1, 3, 100]) {
          const f = { ...filter, _id } as Filter<Probe>;
          const released = await col.find({ $and: [f] }, { sort: { _id: dir }, limit }).toArray();
          const keyset = await col.find(f, { sort: { _id: dir }, limit, batchSize: 2 }).toArray();
          expect({ f, dir, limit, ids: keyset.map((d) => d._id) }).toEqual({
            f,
            dir,
            limit,
            ids: released.map((d) => d._id),
          });
          cases += 1;
        }
      }
    }
  }
  return cases;
}

describe.each(['sqlite', 'postgresql'] as const)('the keyset pushdown on %s', (kind) => {
  const engine = useProbeEngine(kind, 'keyset');

  test('answers every sort, bound, limit and filter as the released engine does, in batches', async () => {
    const col = engine.probe<Probe>();
    const oids = await fill(col);
    expect(await sameAsReleased(col, oids)).toBe(360);
    // a page and the next, by the hub's own cursor filter shape
    const first = await col.find({ p: 'x', _id: { $gte: '' } }, { sort: { _id: 1 }, limit: 10 }).toArray();
    const next = await col
      .find({ p: 'x', _id: { $gt: first[9]!._id as string } }, { sort: { _id: 1 }, limit: 10 })
      .toArray();
    const all = await col.find({ $and: [{ p: 'x', _id: { $gte: '' } }] }, { sort: { _id: 1 } }).toArray();
    expect([...first, ...next].map((d) => d._id)).toEqual(all.slice(0, 20).map((d) => d._id));
    expect(all.map((d) => d._id)).toContain('A!'); // and array-valued p: ['x', 'w'] matched by 'x'
    expect(all.some((d) => typeof d._id !== 'string')).toBe(false); // $gte '' holds strings only, as on MongoDB
  });

  test('explains a page as it reads it: sorted and limited by the backend, on SQLite in index order', async () => {
    const col = engine.probe<Probe>();
    await fill(col);
    const explained = (await col
      .find({ p: 'x', _id: { $gte: '' } })
      .sort({ _id: 1 })
      .limit(10)
      .explain()) as unknown as { sortPushdown: boolean; limitPushdown: boolean; queryPlanner: { Plan: unknown } };
    expect({ sort: explained.sortPushdown, limit: explained.limitPushdown }).toEqual({ sort: true, limit: true });
    if (kind === 'sqlite') {
      const plan = (explained.queryPlanner.Plan as string[]).join('\n');
      // the documents whose p is 'x' itself: the (p, _id) index walked in _id order from the bound
      expect(plan).toMatch(/SEARCH probe_\w+ USING INDEX probe_\w+_p_1__id_1 \(<expr>=\? AND <expr>>\?\)/);
      // sorted in SQL: only the array-valued ones (their own range of the index) and the merge of the two chunks
      expect(plan).toMatch(/SEARCH probe_\w+ USING INDEX probe_\w+_p_1__id_1 \(<expr>>\? AND <expr><\?\)/);
      expect(plan.match(/USE TEMP B-TREE FOR ORDER BY/g)).toHaveLength(2);
    } else {
      expect(JSON.stringify(explained.queryPlanner)).toContain('"Node Type":"Limit"');
    }
    const released = (await col
      .find({ $and: [{ p: 'x', _id: { $gte: '' } }] })
      .sort({ _id: 1 })
      .limit(10)
      .explain()) as unknown as { sortPushdown: boolean };
    expect(released.sortPushdown).toBe(false);
  });

  test('reads only as far as the page: a document past it is never decoded', async () => {
    const col = engine.probe<Probe>();
    await col.createIndex({ p: 1, _id: 1 });
    await col.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `k${String(n).padStart(3, '0')}`, p: 'x', n })));
    await col.insertOne({ _id: 'zz-last', p: 'x', n: 99 });
    await engine.poison('zz-last', 'n');

    const page = await col.find({ p: 'x', _id: { $gte: '' } }, { sort: { _id: 1 }, limit: 5 }).toArray();
    expect(page.map((d) => d._id)).toEqual(['k000', 'k001', 'k002', 'k003', 'k004']);
    const later = await col.find({ p: 'x', _id: { $gt: 'k040' } }, { sort: { _id: 1 }, limit: 5 }).toArray();
    expect(later.map((d) => d._id)).toEqual(['k041', 'k042', 'k043', 'k044', 'k045']);
    // the released path reads every document in scope, the poisoned one too
    await expect(
      col.find({ $and: [{ p: 'x', _id: { $gte: '' } }] }, { sort: { _id: 1 }, limit: 5 }).toArray(),
    ).rejects.toThrow();
    // and so does a page that reaches it
    await expect(
      col.find({ p: 'x', _id: { $gt: 'k045' } }, { sort: { _id: 1 }, limit: 10 }).toArray(),
    ).rejects.toThrow();
  });
});
