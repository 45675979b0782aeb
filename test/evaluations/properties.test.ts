import fc from 'fast-check';
import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, type RegionTokens, regionHarness } from '../support/factories';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (as keys) to a value inside a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

const MUTATIONS = ['delete', 'wrongType', 'extraField', 'badString', 'hugeNumber', 'null', 'emptyObject'] as const;

/** Applies one mutation at one path of a deep copy. */
function mutate(doc: Json, path: (string | number)[], kind: (typeof MUTATIONS)[number]): Json {
  const copy = structuredClone(doc);
  if (path.length === 0)
    return kind === 'null' ? null : kind === 'wrongType' ? [] : { ...(copy as object), surprise: 1 };
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  const current = parent[key];
  switch (kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'wrongType':
      parent[key] =
        typeof current === 'string'
          ? 12345
          : typeof current === 'number'
            ? 'twelve'
            : typeof current === 'boolean'
              ? 'yes'
              : 'not-an-object';
      break;
    case 'extraField':
      parent[key] =
        current && typeof current === 'object' && !Array.isArray(current)
          ? { ...current, unexpected: true }
          : [current ?? null];
      break;
    case 'badString':
      parent[key] = 'x'.repeat(5000);
      break;
    case 'hugeNumber':
      parent[key] = 1e12;
      break;
    case 'null':
      parent[key] = null;
      break;
    case 'emptyObject':
      parent[key] = {};
      break;
  }
  return copy;
}

describe('intake under generated input (fast-check)', () => {
  let h: Harness;
  let t: RegionTokens;
  let valid: Json;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    h.clock.set('2026-05-10T09:00:00Z');
    const input = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    valid = JSON.parse(JSON.stringify(evaluationInput(input.allocationNumber, '2026-02-01', '2026-04-30'))); // as sent
  });
  afterAll(() => h.close());

  const stored = () => h.db.raw.col.evaluations.countDocuments();

  test('a schema-invalid report never gives a 5xx: always 422 problem+json listing paths, and nothing is stored', async () => {
    const paths = pathsOf(valid);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(paths.length - 1),
        fc.constantFrom(...MUTATIONS),
        fc.nat(paths.length - 1),
        fc.constantFrom(...MUTATIONS),
        async (p1, k1, p2, k2) => {
          let body = mutate(valid, paths[p1]!, k1);
          const second = pathsOf(body)[p2 % pathsOf(body).length];
          if (second) body = mutate(body, second, k2);
          fc.pre(h.registry.validate('evaluation.v1.json', body).length > 0); // only bodies the schema refuses
          const before = await stored();
          const res = await h.http
            .post('/v1/evaluations')
            .set('Authorization', t.providerA)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          expect(res.status).toBe(422);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body.type).toBe('/problems/validation-failed');
          expect(res.body.errors.length).toBeGreaterThan(0);
          for (const e of res.body.errors as { path: string; message: string }[]) {
            expect(e.path).toMatch(/^\//);
            expect(e.message.length).toBeGreaterThan(0);
          }
          expect(await stored()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('any JSON at all, or any bytes, is answered with a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        async (raw) => {
          const before = await stored();
          const res = await h.http
            .post('/v1/evaluations')
            .set('Authorization', t.providerA)
            .set('Content-Type', 'application/json')
            .send(raw);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await stored()).toBe(before);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('every generated valid report is accepted', async () => {
    const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
    const form = fc.record({
      participants: fc.record({
        youth: fc.boolean(),
        parents: fc.boolean(),
        network: fc.boolean(),
        otherProfessionals: fc.boolean(),
      }),
      goals: fc.array(
        fc.record(
          {
            description: text(500),
            status: fc.constantFrom('achieved', 'partly', 'not_achieved', 'new'),
            note: fc.option(text(200), { nil: undefined }),
          },
          { requiredKeys: ['description', 'status'] },
        ),
        { minLength: 1, maxLength: 20 },
      ),
      safety: fc.record({ concerns: fc.boolean(), veiligThuisReport: fc.boolean(), safetyPlan: fc.boolean() }),
      residence: fc.record({
        type: fc.constantFrom('home', 'foster_family', 'family_home', 'residential', 'secure', 'unknown'),
      }),
      caseDirection: fc.record({
        holder: fc.constantFrom('parents', 'provider', 'municipal_team', 'certified_institution', 'none'),
      }),
      satisfaction: fc.record({
        youth: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
        parents: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
      }),
      advice: fc.record({
        recommendation: fc.constantFrom('close', 'continue', 'scale_up', 'scale_down', 'transfer'),
        reasoning: text(4000),
      }),
      author: fc.record({
        name: text(200),
        register: fc.constantFrom('SKJ', 'BIG'),
        registrationNumber: fc.stringMatching(/^[0-9]{5,11}$/),
      }),
      isClosing: fc.boolean(),
      meetingDay: fc.integer({ min: 1, max: 30 }),
    });
    await fc.assert(
      fc.asyncProperty(form, async ({ meetingDay, ...fields }) => {
        const input = allocationInput('A');
        await h.services.allocations.create(systemActor('cli', 'test'), input);
        const body = {
          ...evaluationInput(input.allocationNumber, '2026-02-01', '2026-04-30'),
          ...fields,
          meetingDate: `2026-04-${String(meetingDay).padStart(2, '0')}`,
        };
        expect(h.registry.validate('evaluation.v1.json', JSON.parse(JSON.stringify(body)))).toEqual([]);
        const res = await h.http.post('/v1/evaluations').set('Authorization', t.providerA).send(body);
        expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 201, errors: undefined });
      }),
      { numRuns: 40 },
    );
  });
});
