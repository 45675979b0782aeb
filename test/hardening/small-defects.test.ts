import { kpiRowsToCsv, defuseCell } from '../../src/presenters/kpis-csv.presenter';
import type { KpiRow } from '../../src/services/kpis/kpis.service';
import { createHarness, type Harness } from '../support/harness';
import { seedRegion, regionHarness, type RegionTokens } from '../support/factories';

describe('small hardening', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());

  test('a body with thousands of errors gets the first 100 and their count, not a megabyte of problems', async () => {
    // (it names its form version: without one, the only error is that formVersion is required)
    const junk = {
      formVersion: '1.0',
      ...Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`extra${i}`, i])),
    };
    const res = await h.http.post('/v1/evaluations').set('Authorization', t.providerA).send(junk);
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errorCount).toBeGreaterThan(2500);
    expect(res.body.detail).toContain(`The first 100 of ${res.body.errorCount as number} errors are listed.`);
  });

  test('CSV export cells that a spreadsheet would run as formulas are defused; numbers are not touched', () => {
    expect(['=SUM(A1)', '+31', '-cmd', '@x', '\tx', 'plain', '-0,5', '12'].map(defuseCell)).toEqual([
      "'=SUM(A1)",
      "'+31",
      "'-cmd",
      "'@x",
      "'\tx",
      'plain',
      '-0,5',
      '12',
    ]);
    const row = {
      quarter: '2026-Q1',
      providerAgbCode: '11111111',
      municipalityCode: null,
      kpi: 'dropout_rate',
      name: { nl: '=HYPERLINK("http://evil")', en: 'x' },
      value: 0.25,
      numerator: 1,
      denominator: 4,
      target: 0.1,
      amberBand: 0.05,
      rating: 'red',
      smallSample: true,
      status: 'final',
      computedAt: '2026-05-15T00:00:00.000Z',
    } as unknown as KpiRow;
    const csv = kpiRowsToCsv([row], new Map([['11111111', '@Aanbieder']]), 5);
    expect(csv).toContain(`;'@Aanbieder;`);
    expect(csv).toContain(`;"'=HYPERLINK(""http://evil"")";`);
    expect(csv).toContain(';aandeel;;;1-4;'); // 4 youths: the count band, not the value
    expect(csv).not.toMatch(/;"?=HYPERLINK/);
  });

  test('token create and revoke are audited; an expired token is refused', async () => {
    const created = await h.http
      .post('/v1/tokens')
      .set('Authorization', t.admin)
      .send({
        role: 'provider',
        providerAgbCode: '11111111',
        expiresAt: new Date(h.clock.now().getTime() + 3_600_000).toISOString(),
      });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toEqual(expect.any(String));
    const bearer = `Bearer ${created.body.token as string}`;
    expect((await h.http.get('/v1/allocations').set('Authorization', bearer)).status).toBe(200);
    h.clock.advanceDays(1);
    try {
      expect((await h.http.get('/v1/allocations').set('Authorization', bearer)).status).toBe(401);
    } finally {
      h.clock.advanceDays(-1);
    }
    expect(
      (await h.http.post(`/v1/tokens/${created.body.id as string}/revoke`).set('Authorization', t.admin)).status,
    ).toBe(204);
    const col = h.db.raw.col.auditEvents;
    expect(await col.countDocuments({ action: 'token.create', objectId: created.body.id as string })).toBe(1);
    expect(await col.countDocuments({ action: 'token.revoke', objectId: created.body.id as string })).toBe(1);
    const past = await h.http
      .post('/v1/tokens')
      .set('Authorization', t.admin)
      .send({ role: 'admin', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.body).toMatchObject({
      status: 422,
      errors: [{ path: '/expiresAt', message: 'must be in the future' }],
    });
  });

  test('a BSN search without a hit is audited as an access to that client', async () => {
    const before = await h.db.raw.col.auditEvents.countDocuments({
      action: 'allocation.search',
      objectId: '(no match)',
    });
    const res = await h.http
      .post('/v1/allocations/search')
      .set('Authorization', t.consultantA)
      .send({ bsn: '123456782' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    const events = await h.db.raw.col.auditEvents
      .find({ action: 'allocation.search', objectId: '(no match)' })
      .toArray();
    expect(events).toHaveLength(before + 1);
    expect(events[events.length - 1]!.clientRef).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(events)).not.toContain('123456782');
  });

  test('with TRUST_PROXY the audited address is the one the nearest proxy saw, not what the client wrote', async () => {
    const proxied = await createHarness({ TRUST_PROXY: 'true' });
    try {
      await seedRegion(proxied);
      const admin = await proxied.bearer('admin');
      await proxied.http
        .post('/v1/allocations/search')
        .set('Authorization', admin)
        .set('X-Forwarded-For', '6.6.6.6, 10.1.2.3')
        .send({ bsn: '123456782' });
      const event = await proxied.db.raw.col.auditEvents.findOne({ action: 'allocation.search' });
      expect(event!.sourceIp).toBe('10.1.2.3');
    } finally {
      await proxied.close();
    }
  });

  test('a start that crashed between the bootstrap marker and the token does not leave the hub without an admin token', async () => {
    const fresh = await createHarness();
    try {
      const meta = fresh.db.raw.col.meta;
      const first = await fresh.services.bootstrap.issueAdminToken(new Date('2026-07-01T08:00:00Z'));
      expect(first).toEqual({ token: expect.stringMatching(/^yht_/), expiresAt: new Date('2026-07-02T08:00:00Z') });
      expect(await fresh.services.bootstrap.issueAdminToken(new Date('2026-07-02T08:00:00Z'))).toBeNull(); // once, ever
      // what the crash leaves: the marker, no token issued
      await meta.deleteOne({ _id: 'bootstrap-admin-token' });
      await meta.insertOne({ _id: 'bootstrap-admin-token', at: new Date('2026-07-01T08:00:00Z'), state: 'issuing' });
      expect(await fresh.services.bootstrap.issueAdminToken(new Date('2026-07-01T08:00:30Z'))).toBeNull(); // maybe still issuing
      const second = await fresh.services.bootstrap.issueAdminToken(new Date('2026-07-01T08:05:00Z'));
      expect(second?.token).toMatch(/^yht_/);
      expect(await meta.findOne({ _id: 'bootstrap-admin-token' })).toMatchObject({
        state: 'issued',
        tokenId: second!.token.split('.')[0],
      });
    } finally {
      await fresh.close();
    }
  });

  test('a BSN ciphertext is bound to its record: copied into another allocation it does not open', () => {
    const vault = h.services.allocations.vault;
    const sealed = vault.encrypt('123456782', 'TW-A-1');
    expect(vault.decrypt(sealed, 'TW-A-1')).toBe('123456782');
    expect(() => vault.decrypt(sealed, 'TW-A-2')).toThrow();
  });
});
