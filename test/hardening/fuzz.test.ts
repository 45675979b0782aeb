import { buildOpenApi } from '../../src/openapi/build';
import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, type RegionTokens, regionHarness } from '../support/factories';
import { CSV_HEADER, csvFile } from '../support/import-files';

type Json = Record<string, unknown>;

/** Values that break assumptions: wrong types, operators, huge and deep values. */
const HOSTILE: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  '../../etc/passwd',
  '123456782',
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  [],
  [{}],
  ['$gt'],
  { a: { b: { c: {} } } },
];
const deep = (n: number): unknown => (n === 0 ? {} : { d: deep(n - 1) });

/** Every way the fuzzer bends one valid body. */
function mutations(example: Json, pick: (n: number) => number): unknown[] {
  const keys = Object.keys(example);
  const out: unknown[] = [example, {}, [], 'not an object', { ...example, unexpected: 1 }, deep(200)];
  for (const k of keys) {
    const { [k]: _drop, ...without } = example;
    out.push(without);
    out.push({ ...example, [k]: HOSTILE[pick(HOSTILE.length)] });
    out.push({ ...example, [k]: { $gt: '' } });
  }
  return out;
}

/** Sends every operation of the OpenAPI document, for every role, with valid and bent bodies, path values and queries. */
describe('fuzz: every operation, every role, bent input', () => {
  let h: Harness;
  let t: RegionTokens;
  const seen = {
    requests: 0,
    perOperation: new Map<string, number>(),
    fiveHundreds: [] as string[],
    notProblem: [] as string[],
  };
  let allocationA: string;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    h.clock.set('2026-05-10T09:00:00Z');
    const a = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'fuzz'), a);
    allocationA = a.allocationNumber;
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(allocationA, '2026-02-01', '2026-04-30'));
  });
  afterAll(() => h.close());

  test("thousands of requests: no 5xx, every 4xx a problem+json, and provider B never sees provider A's records", async () => {
    const doc = buildOpenApi(h.registry, 'fuzz') as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: Json }> } }>>;
    };
    let seed = 20261201; // a fixed seed: the same requests every run
    const pick = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const who = {
      anonymous: '',
      admin: t.admin,
      contractManager: t.contractManager,
      consultantA: t.consultantA,
      providerA: t.providerA,
      providerB: t.providerB,
    };
    const pathValues = (p: string) =>
      p.includes('{')
        ? [
            p.replace(/\{[^}]+\}/g, allocationA),
            p.replace(/\{[^}]+\}/g, '%7B%22%24gt%22%3A%22%22%7D'),
            p.replace(/\{[^}]+\}/g, 'x'.repeat(3000)),
          ]
        : [p];
    const queries = [
      '',
      '?limit=abc',
      `?cursor=${Buffer.from('{"a":{"$gt":""}}').toString('base64url')}`,
      '?providerAgbCode[$ne]=x',
      '?status=open&status=closed&quarter=2026-Q9',
    ];
    const leaksToB: string[] = [];
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (template === '/v1/allocations/import' || template === '/v1/kpis/recompute') continue; // streamed upload and long recompute: own tests
        const example = op.requestBody?.content['application/json']?.example;
        const bodies: unknown[] = example ? mutations(example, pick).slice(0, 16) : [undefined];
        for (const [role, token] of Object.entries(who)) {
          const sends: { path: string; body: unknown; raw?: string; type?: string }[] = [];
          for (const path of pathValues(template))
            for (const q of queries.slice(0, method === 'get' ? queries.length : 2))
              sends.push({ path: `${path}${q}`, body: bodies[0] });
          for (const body of bodies.slice(1)) sends.push({ path: pathValues(template)[0]!, body });
          if (method !== 'get') {
            sends.push({
              path: pathValues(template)[0]!,
              body: undefined,
              raw: '{"unterminated": ',
              type: 'application/json',
            });
            sends.push({ path: pathValues(template)[0]!, body: undefined, raw: '<xml/>', type: 'application/xml' });
          }
          for (const s of sends) {
            let req = (h.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(s.path);
            if (token) req = req.set('Authorization', token);
            if (s.raw !== undefined) req = req.set('Content-Type', s.type!).send(s.raw);
            else if (s.body !== undefined) req = req.send(s.body as object);
            const res = await req;
            seen.requests += 1;
            seen.perOperation.set(
              `${method.toUpperCase()} ${template}`,
              (seen.perOperation.get(`${method.toUpperCase()} ${template}`) ?? 0) + 1,
            );
            const tag = `${role} ${method.toUpperCase()} ${s.path.slice(0, 80)} -> ${res.status}`;
            if (res.status >= 500) seen.fiveHundreds.push(`${tag} ${JSON.stringify(res.body).slice(0, 200)}`);
            if (
              res.status >= 400 &&
              res.status !== 405 &&
              !String(res.headers['content-type']).includes('application/problem+json')
            )
              seen.notProblem.push(tag);
            if (role === 'providerB' && res.status < 300 && JSON.stringify(res.body ?? '').includes(allocationA))
              leaksToB.push(tag);
          }
        }
      }
    }
    const perOp = [...seen.perOperation.values()];
    process.stderr.write(
      `fuzz: ${seen.requests} requests over ${seen.perOperation.size} operations (${Math.min(...perOp)}-${Math.max(...perOp)} each), 5xx: ${seen.fiveHundreds.length}\n`,
    );
    expect(seen.requests).toBeGreaterThan(2500);
    expect(seen.fiveHundreds).toEqual([]);
    expect(seen.notProblem).toEqual([]);
    expect(leaksToB).toEqual([]);
    // every stored record still says what its schema allows (its submitted part, read back from the store)
    const submitted = (doc: object, schemaId: string) => {
      const props = Object.keys(
        (h.registry.documents.find((d) => d.$id === schemaId) as unknown as { properties: object }).properties,
      );
      return Object.fromEntries(Object.entries(doc).filter(([k]) => props.includes(k)));
    };
    const invalid: string[] = [];
    for (const e of await h.db.raw.col.evaluations.find({}).toArray()) {
      if (h.registry.validate('evaluation.v1.json', submitted(e, 'evaluation.v1.json')).length > 0) invalid.push(e._id);
    }
    for (const r of await h.db.raw.col.extensionRequests.find({ source: 'provider' }).toArray()) {
      if (h.registry.validate('extension-request.v1.json', submitted(r, 'extension-request.v1.json')).length > 0)
        invalid.push(r._id);
    }
    for (const a of await h.db.raw.col.allocations.find({}).toArray()) {
      const asSubmitted = {
        ...submitted(a, 'allocation.v1.json'),
        allocationNumber: a._id,
        client: { bsn: h.services.allocations.vault.decrypt(a.client.bsnEnc, a._id), birthDate: a.client.birthDate },
      };
      const errs = h.registry.validate('allocation.v1.json', asSubmitted);
      if (errs.length > 0) invalid.push(`${a._id} ${JSON.stringify(errs)}`);
    }
    expect(invalid).toEqual([]);
    // nothing the fuzzer sent left a second allocation or an operator-shaped value behind
    expect(await h.db.raw.col.allocations.countDocuments({})).toBeLessThanOrEqual(3);
    const stored = JSON.stringify(await h.db.raw.col.allocations.find({}).toArray());
    expect(stored).not.toContain('$gt');
  }, 300_000);

  test('the limits (issue 26): bent imports, recompute bursts and narrowed flag windows get 4xx problems, never a 5xx', async () => {
    const header = CSV_HEADER.join(';');
    const good = csvFile([allocationInput('A')])
      .trim()
      .split('\r\n')[1]!;
    const imports: [string, string][] = [
      ['text/csv', `${header}\r\n"${'x'.repeat(100_000)}\r\n`], // an unclosed quote: one endless record
      ['text/csv', `${header}\r\n${good}\r\n"${'x'.repeat(70_000)}"\r\n`], // one quoted field over the cap
      ['text/csv', `${header}\r\n${Array.from({ length: 1500 }, () => 'x').join('\r\n')}\r\n`], // too many rejected
      ['text/csv', `${header}\r\n${';'.repeat(5000)}\r\n`],
      ['text/csv', 'x'.repeat(200_000)], // a header that never ends
      ['text/csv', '\uFEFF'],
      ['text/csv', ''],
      ['text/csv', '\u0000\u0001\u0002'.repeat(1000)],
      ['application/x-ndjson', `{"a":"${'x'.repeat(70_000)}"}\n`], // a line over the cap
      ['application/x-ndjson', `${'x'.repeat(100_000)}`], // no newline at all
      ['application/x-ndjson', Array.from({ length: 1500 }, () => '{}').join('\n')],
      ['application/x-ndjson', '[1,2,3]\n"s"\nnull\n'],
      ['application/json', '{}'],
    ];
    const outcomes: string[] = [];
    const check = (what: string, res: { status: number; headers: Record<string, string> }) => {
      outcomes.push(`${what} -> ${res.status}`);
      if (res.status >= 500) throw new Error(`${what}: ${res.status}`);
      if (res.status >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
    };
    for (const token of [t.admin, t.consultantA, t.providerA])
      for (const [type, body] of imports) {
        const res = await h.http
          .post('/v1/allocations/import')
          .set('Authorization', token)
          .set('Content-Type', type)
          .send(body);
        check(`import ${type} ${body.length} bytes`, res);
      }
    const bursts = await Promise.all(
      [
        ...Array.from({ length: 10 }, () => ({ quarter: '2026-Q1', reason: 'Burst.' })),
        { quarter: '2026-Q9', reason: 'x' },
        { quarter: '2026-Q1', reason: 'x'.repeat(100_000) },
        { quarter: { $gt: '' }, reason: 'x' },
        {},
      ].map((body) => h.http.post('/v1/kpis/recompute').set('Authorization', t.contractManager).send(body)),
    );
    for (const res of bursts) check('recompute', res);
    expect(new Set(bursts.filter((r) => r.status === 202).map((r) => r.body.id)).size).toBeLessThanOrEqual(2);
    await h.services.kpiRecomputations.settled();
    for (const since of ['2026-05-10T08:59:59.999Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'x', '2026-13-45'])
      check(
        `flags since ${since}`,
        await h.http.get(`/v1/flags?raisedSince=${encodeURIComponent(since)}`).set('Authorization', t.contractManager),
      );
    process.stderr.write(`fuzz limits: ${outcomes.length} requests, 5xx: 0\n`);
    expect(outcomes.length).toBeGreaterThan(50);
  }, 120_000);
});
