/**
 * The fields patch (src/engine/ferretdb-patches.ts, issue 10): a find decodes only the
 * top-level fields its filter, sort and projection read; the handler still filters,
 * sorts and projects every document, so the answers must be the released engine's.
 * The released path is taken by the same filter beside `{$expr: true}` under `$and`
 * (an operator the patch does not look into). A poisoned field, which the engine
 * cannot decode, proves the stepping over: it breaks every find that reads the field
 * and none that does not. Both backends, each poisoned through its own tool.
 */
import type { Collection, Document, Filter, Sort } from 'mongodb';
import { useProbeEngine } from '../support/probe-engine';

type Probe = Document & { _id: string };

/** Documents of varied shapes: heavy fields present, empty, scalar instead of nested, missing. */
function probes(): Probe[] {
  const out: Probe[] = [];
  for (let n = 0; n < 40; n += 1) {
    const doc: Probe = {
      _id: `d-${String(n).padStart(2, '0')}`,
      p: n % 3 === 0 ? 'P1' : n % 3 === 1 ? 'P2' : ['P1', 'P3'],
      n,
    };
    if (n % 4 !== 3)
      doc.history =
        n % 5 === 0
          ? []
          : Array.from({ length: n % 6 }, (_, k) => ({
              at: k,
              by: `u${k}`,
              changes: { endDate: { from: '2026-01-01', to: `2026-0${(k % 9) + 1}-01` } },
            }));
    if (n % 2 === 0) doc.facts = n % 8 === 0 ? 'scalar' : { q: [n, { r: n * 2 }], s: null };
    if (n % 3 !== 2) doc.client = n % 6 === 0 ? { ref: `r${n}`, bsnEnc: 'sealed' } : { ref: `r${n}` };
    if (n % 7 === 0) doc.nul = null;
    out.push(doc);
  }
  return out;
}

const PROJECTIONS: Document[] = [
  { history: 0, facts: 0 },
  { history: 0, 'client.bsnEnc': 0, facts: 0 },
  { history: false, _id: 0 },
  { p: 1, n: 1 },
  { p: true, 'client.ref': 1, _id: 0 },
  { 'history.at': 1 },
  { nul: 1, missing: 1 },
  { p: 1, history: 0 }, // invalid: both refuse it
  { history: { $slice: 1 } }, // an operator (FerretDB v1 refuses it): decoded whole
  { 'history.$': 1 }, // positional: decoded whole
  { p: 1, label: 'literal' }, // a literal value: decoded whole
];
const INVALID = PROJECTIONS[7]!;

const FILTERS: Filter<Probe>[] = [
  {},
  { p: 'P1' },
  { p: 'P1', _id: { $gte: '' } },
  { 'history.at': 2 },
  { facts: { $exists: true } },
  { history: { $size: 0 } },
  { $or: [{ n: { $gt: 30 } }, { 'client.ref': 'r4' }] },
  { $and: [{ p: 'P2' }, { facts: 'scalar' }] },
  { $nor: [{ history: { $exists: true } }] },
  { nul: null },
];

const SORTS: (Sort | undefined)[] = [undefined, { _id: 1 }, { n: -1 }, { 'history.at': 1, _id: 1 }];

async function answer(
  col: Collection<Probe>,
  filter: Filter<Probe>,
  projection: Document,
  sort: Sort | undefined,
): Promise<string[] | string> {
  try {
    const docs = await col.find(filter, { projection, ...(sort ? { sort } : {}), batchSize: 7 }).toArray();
    const texts = docs.map((d) => JSON.stringify(d));
    return sort ? texts : texts.sort(); // without a sort the backend's order is its own
  } catch (err) {
    return `error ${(err as { code?: number }).code ?? ''}`;
  }
}

describe.each(['sqlite', 'postgresql'] as const)('the fields patch on %s', (kind) => {
  const engine = useProbeEngine(kind, 'fields');

  test('answers every filter, sort and projection as the released engine does', async () => {
    const col = engine.probe<Probe>();
    await col.createIndex({ p: 1, _id: 1 });
    await col.insertMany(probes());
    let cases = 0;
    let answered = 0;
    for (const filter of FILTERS) {
      for (const projection of PROJECTIONS) {
        for (const sort of SORTS) {
          const released = await answer(col, { $and: [filter, { $expr: true }] }, projection, sort);
          const patched = await answer(col, filter, projection, sort);
          expect({ filter, projection, sort, patched }).toEqual({ filter, projection, sort, patched: released });
          cases += 1;
          if (projection === INVALID) expect(patched).toMatch(/^error/);
          if (typeof patched !== 'string' && patched.length > 0) answered += 1;
        }
      }
    }
    expect(cases).toBe(FILTERS.length * PROJECTIONS.length * SORTS.length);
    expect(answered).toBeGreaterThan(cases / 2); // documents, not only refusals and empty answers
  });

  test('a field no step reads is never decoded', async () => {
    const col = engine.probe<Probe>();
    await col.createIndex({ p: 1, _id: 1 });
    await col.insertMany(probes());
    await engine.poison('d-00', 'history'); // d-00: p 'P1', history [], facts 'scalar'

    const listed = await col.find({ p: 'P1' }, { projection: { history: 0, facts: 0 }, sort: { _id: 1 } }).toArray();
    expect(listed[0]).toEqual({ _id: 'd-00', p: 'P1', n: 0, client: { ref: 'r0', bsnEnc: 'sealed' }, nul: null });
    const page = await col
      .find({ p: 'P1', _id: { $gte: '' } }, { projection: { p: 1, n: 1 }, sort: { _id: 1 }, limit: 2 })
      .toArray();
    expect(page).toEqual([
      { _id: 'd-00', p: 'P1', n: 0 },
      { _id: 'd-02', p: ['P1', 'P3'], n: 2 },
    ]);
    // whatever reads history decodes it, and fails on the poisoned one: the projection, the filter, the sort, the released path
    await expect(col.find({ p: 'P1' }).toArray()).rejects.toThrow();
    await expect(col.find({ p: 'P1' }, { projection: { 'history.at': 1 } }).toArray()).rejects.toThrow();
    await expect(col.find({ 'history.at': 1 }, { projection: { history: 0 } }).toArray()).rejects.toThrow();
    await expect(
      col.find({ p: 'P1' }, { projection: { history: 0 }, sort: { 'history.at': 1 } }).toArray(),
    ).rejects.toThrow();
    await expect(
      col.find({ $and: [{ p: 'P1' }, { $expr: true }] }, { projection: { history: 0 } }).toArray(),
    ).rejects.toThrow();
  });
});
