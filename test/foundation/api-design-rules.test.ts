/**
 * The Dutch API Design Rules (Logius ADR 2.1) the hub meets, one test per rule, over
 * the OpenAPI document and live responses; and the open-source publication
 * ("open, tenzij"): EUPL-1.2, publiccode.yml, SECURITY.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { allocationInput } from '../support/factories';
import type { Harness } from '../support/harness';
import { regionHarness, type RegionTokens } from '../support/factories';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
};

let h: Harness;
let t: RegionTokens;
let allocationNumber: string;
beforeAll(async () => {
  ({ h, t } = await regionHarness());
  const a = allocationInput('A');
  allocationNumber = a.allocationNumber;
  await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(a).expect(201);
});
afterAll(() => h.close());

describe('Dutch API Design Rules', () => {
  test('API-57: every response carries API-Version, the OpenAPI info.version; errors too', async () => {
    const doc = (await h.http.get('/v1/openapi.json')).body as { info: { version: string } };
    expect(doc.info.version).toBe(pkg.version);
    const responses: [string, number, { status: number; headers: Record<string, string> }][] = [
      ['health', 200, await h.http.get('/healthz')],
      ['a list', 200, await h.http.get('/v1/flags').set('Authorization', t.consultantA)],
      ['no token', 401, await h.http.get('/v1/flags')],
      ['no such path', 404, await h.http.get('/v1/nothing-here')],
      ['a bad body', 422, await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send({})],
      ['the OpenAPI document', 200, await h.http.get('/openapi.json')],
    ];
    for (const [what, status, res] of responses)
      expect([what, res.status, res.headers['api-version']]).toEqual([what, status, pkg.version]);
  });

  test('API-51: the OpenAPI document at /v1/openapi.json without a token, CORS * on it alone, contact and licence filled in', async () => {
    const res = await h.http.get('/v1/openapi.json').set('Origin', 'https://somewhere.example');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body).toEqual((await h.http.get('/openapi.json')).body);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.contact).toEqual({
      name: expect.any(String),
      url: expect.stringMatching(/^https:/),
      email: expect.stringMatching(/@/),
    });
    expect(res.body.info.license).toEqual({ name: 'EUPL-1.2', identifier: 'EUPL-1.2' });
    const other = await h.http
      .get('/v1/schemas')
      .set('Authorization', t.admin)
      .set('Origin', 'https://somewhere.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('no caching of client or case data: Cache-Control no-store on API answers, errors included', async () => {
    const reads = [
      `/v1/allocations/${allocationNumber}`,
      '/v1/allocations',
      '/v1/flags',
      '/v1/obligations',
      '/v1/evaluations',
      '/v1/extension-requests',
    ];
    for (const p of reads) {
      const res = await h.http.get(p).set('Authorization', t.consultantA);
      expect([p, res.status, res.headers['cache-control']]).toEqual([p, 200, 'no-store']);
    }
    const denied = await h.http.get(`/v1/allocations/${allocationNumber}`).set('Authorization', t.consultantB);
    expect([denied.status, denied.headers['cache-control']]).toEqual([404, 'no-store']);
    const kpis = await h.http.get('/v1/kpis').set('Authorization', t.contractManager);
    expect(kpis.headers['cache-control']).toBe('no-store');
  });

  test('API-48: no trailing slashes: /v1/flags/ is 404, not the list', async () => {
    expect((await h.http.get('/v1/flags').set('Authorization', t.consultantA)).status).toBe(200);
    for (const p of [
      '/v1/flags/',
      '/v1/allocations/',
      `/v1/allocations/${allocationNumber}/`,
      '/openapi.json/',
      '/v1/openapi.json/',
    ]) {
      const res = await h.http.get(p).set('Authorization', t.consultantA);
      expect([p, res.status]).toEqual([p, 404]);
    }
    const doc = (await h.http.get('/v1/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.endsWith('/'))).toEqual([]);
  });

  test('API-47: GET /v1/kpis with Accept: text/csv is the CSV export; /v1/kpis/export.csv stays as an alias', async () => {
    const csv = await h.http
      .get('/v1/kpis?quarter=2026-Q2')
      .set('Authorization', t.contractManager)
      .set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const alias = await h.http.get('/v1/kpis/export.csv?quarter=2026-Q2').set('Authorization', t.contractManager);
    expect(csv.text).toBe(alias.text);
    const json = await h.http
      .get('/v1/kpis?quarter=2026-Q2')
      .set('Authorization', t.contractManager)
      .set('Accept', 'application/json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toHaveProperty('items');
    const doc = (await h.http.get('/v1/openapi.json')).body as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    expect(Object.keys(doc.paths['/v1/kpis']!.get!.responses['200']!.content!)).toEqual([
      'application/json',
      'text/csv',
    ]);
  });

  test('schema violations stay 422 with every failing field; a body that does not parse is 400', async () => {
    const bad = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.consultantA)
      .send({ allocationNumber: 'X' });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.length).toBeGreaterThan(3);
    const unparsable = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.consultantA)
      .set('Content-Type', 'application/json')
      .send('{"allocationNumber": ');
    expect(unparsable.status).toBe(400);
    const integrators = fs.readFileSync(path.join(root, 'docs', 'integrators.md'), 'utf8');
    expect(integrators).toMatch(/\*\*422 for schema violations\.\*\* ADR 2\.2's draft rule asks for 400/);
  });
});

describe('published as Dutch public code', () => {
  test('EUPL-1.2 in LICENSE, package.json and the OpenAPI document', async () => {
    const licence = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
    expect(licence.length).toBeGreaterThan(10_000);
    expect(pkg.license).toBe('EUPL-1.2');
    expect((await h.http.get('/v1/openapi.json')).body.info.license.identifier).toBe('EUPL-1.2');
  });

  test('publiccode.yml describes the product; SECURITY.md says how to report a vulnerability', () => {
    const publiccode = fs.readFileSync(path.join(root, 'publiccode.yml'), 'utf8');
    for (const field of [
      /^publiccodeYmlVersion: '0\.4'$/m,
      /^name: youthcare-hub$/m,
      /^softwareVersion: (.+)$/m,
      /license: EUPL-1\.2/,
      /shortDescription:/,
      /developmentStatus:/,
    ])
      expect(publiccode).toMatch(field);
    expect(publiccode).toContain(`softwareVersion: ${pkg.version}`);
    const security = fs.readFileSync(path.join(root, 'SECURITY.md'), 'utf8');
    expect(security).toMatch(/## Reporting a vulnerability/);
    expect(security).toMatch(/@/);
  });
});
