import type { Harness } from '../support/harness';
import { allocationInput, regionHarness, type RegionTokens } from '../support/factories';
import { csvFile } from '../support/import-files';

describe("privacy: the BSN stays out of logs and out of contract managers' sight", () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness({ LOG_LEVEL: 'trace' })));
  afterAll(() => h.close());

  test('a day of work with client data leaves no BSN in the log', async () => {
    const a = allocationInput('A');
    const b = allocationInput('A');
    await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(a);
    await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(a); // 409
    await h.http
      .post('/v1/allocations')
      .set('Authorization', t.consultantA)
      .send({ ...b, client: { bsn: '123456780', birthDate: 'x' } }); // 422
    await h.http
      .post('/v1/allocations')
      .set('Authorization', t.consultantA)
      .set('Content-Type', 'application/json')
      .send(`{"client":{"bsn":"${b.client.bsn}"`); // 400
    await h.http.post('/v1/allocations/search').set('Authorization', t.providerA).send({ bsn: a.client.bsn });
    await h.http.get(`/v1/allocations/${a.allocationNumber}`).set('Authorization', t.providerA);
    await h.http
      .post('/v1/allocations/import')
      .set('Authorization', t.admin)
      .set('Content-Type', 'text/csv')
      .send(csvFile([b, { ...allocationInput('A'), client: { bsn: '999990019', birthDate: '2099-99-99' } }]));
    const text = h.log.text();
    expect(h.log.lines.length).toBeGreaterThanOrEqual(7); // one per request at least
    for (const bsn of [a.client.bsn, b.client.bsn, '123456780', '999990019']) expect(text).not.toContain(bsn);
  });

  test('a contract manager gets no BSN from any endpoint it may use', async () => {
    const a = allocationInput('A');
    await h.http.post('/v1/allocations').set('Authorization', t.admin).send(a);
    // what it may read answers (a BSN-free body proves something only then); the rest refuses, BSN-free too
    const paths: [string, number][] = [
      ['/v1/providers', 200],
      ['/v1/contracts', 200],
      ['/v1/flags', 200],
      ['/v1/kpis', 200],
      ['/v1/allocations', 403],
      [`/v1/allocations/${a.allocationNumber}`, 403],
      ['/v1/audit-events', 403],
      ['/v1/tokens', 403],
    ];
    for (const [path, status] of paths) {
      const res = await h.http.get(path).set('Authorization', t.contractManager);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.text).not.toContain(a.client.bsn);
    }
    const search = await h.http
      .post('/v1/allocations/search')
      .set('Authorization', t.contractManager)
      .send({ bsn: a.client.bsn });
    expect(search.status).toBe(403);
    expect(search.text).not.toContain(a.client.bsn);
  });
});
