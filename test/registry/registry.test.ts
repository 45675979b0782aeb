import { createHarness, type Harness } from '../support/harness';
import { REGION, seedRegion } from '../support/factories';

describe('providers, teams and contracts', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    admin = await h.bearer('admin');
  });
  afterAll(() => h.close());

  test('an admin registers a provider; the AGB code must be 8 digits; a second registration is 409', async () => {
    const body = {
      agbCode: '33333333',
      name: 'Jeugdhulp De Linde',
      email: 'kwaliteit@delinde.example',
      webhookUrl: 'https://epd.delinde.example/hook',
    };
    const created = await h.http.post('/v1/providers').set('Authorization', admin).send(body);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/v1/providers/33333333');
    expect(created.body).toMatchObject(body);
    expect((await h.http.post('/v1/providers').set('Authorization', admin).send(body)).body).toMatchObject({
      status: 409,
      type: '/problems/duplicate',
    });

    const bad = await h.http
      .post('/v1/providers')
      .set('Authorization', admin)
      .send({ agbCode: '1234', name: '', email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/agbCode', '/email', '/name']);
    expect(bad.body.errors.find((e: { path: string }) => e.path === '/agbCode').message).toContain(
      'AGB code: 8 digits',
    );

    const one = await h.http.get('/v1/providers/33333333').set('Authorization', admin);
    expect(one.body.name).toBe('Jeugdhulp De Linde');
    expect((await h.http.get('/v1/providers/99999999').set('Authorization', admin)).status).toBe(404);
  });

  test('teams carry 4-digit CBS municipality codes', async () => {
    const res = await h.http
      .post('/v1/teams')
      .set('Authorization', admin)
      .send({ teamCode: 'TEAM-C', name: 'Team C', municipalityCodes: ['0505', '505'] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: '/municipalityCodes/1', message: expect.stringContaining('CBS municipality code: 4 digits') },
    ]);
    const ok = await h.http
      .post('/v1/teams')
      .set('Authorization', admin)
      .send({ teamCode: 'TEAM-C', name: 'Team C', municipalityCodes: ['0642'] });
    expect(ok.status).toBe(201);
    const list = await h.http.get('/v1/teams?limit=2').set('Authorization', admin);
    expect(list.body.items).toHaveLength(2);
    const next = await h.http.get(`/v1/teams?limit=2&cursor=${list.body.nextCursor}`).set('Authorization', admin);
    expect(next.body.items.map((t: { teamCode: string }) => t.teamCode)).toEqual(['TEAM-C']);
    expect(next.body.nextCursor).toBeNull();
  });

  test('a contract needs a registered provider, sane dates, and gets default reporting rules', async () => {
    const base = {
      contractNumber: 'C-NEW-1',
      providerAgbCode: REGION.providerA,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      productCodes: ['45A48'],
    };
    const bad = await h.http
      .post('/v1/contracts')
      .set('Authorization', admin)
      .send({ ...base, providerAgbCode: '99999999', endDate: '2025-12-31' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/endDate', '/providerAgbCode']);
    const ok = await h.http
      .post('/v1/contracts')
      .set('Authorization', admin)
      .send({ ...base, reporting: { graceDays: 21 }, kpiTargets: { dropout_rate: { target: 0.1, amberBand: 0.05 } } });
    expect(ok.status).toBe(201);
    expect(ok.body.reporting).toEqual({
      evaluationIntervalMonths: 3,
      graceDays: 21,
      quarterlyReportDueDays: 30,
      evaluationRecencyDays: 90,
      decisionDeadlineWorkingDays: 5,
      informationRequestMaxWeeks: 8,
      closedCareProductCodes: [],
      reminderLeadDays: 14,
      escalationDays: 14,
    });
    const unknownKpi = await h.http
      .post('/v1/contracts')
      .set('Authorization', admin)
      .send({ ...base, contractNumber: 'C-NEW-2', kpiTargets: { happiness: { target: 1 } } });
    expect(unknownKpi.status).toBe(422);
    const cm = await h.bearer('contract_manager');
    const byProvider = await h.http.get(`/v1/contracts?providerAgbCode=${REGION.providerA}`).set('Authorization', cm);
    expect(byProvider.body.items.map((c: { contractNumber: string }) => c.contractNumber).sort()).toEqual([
      'C-A-2026',
      'C-NEW-1',
    ]);
    expect((await h.http.get('/v1/contracts?providerAgbCode=abc').set('Authorization', cm)).status).toBe(400);
  });
});

describe('tokens', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    admin = await h.bearer('admin');
  });
  afterAll(() => h.close());

  test('an admin issues a scoped token shown once; only its hash is stored; revoking it locks it out', async () => {
    const res = await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .send({ role: 'provider', providerAgbCode: REGION.providerA, label: 'EPD koppeling' });
    expect(res.status).toBe(201);
    const { token, id } = res.body as { token: string; id: string };
    expect(token).toMatch(/^yht_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    const stored = await h.db.raw.col.tokens.findOne({ _id: id });
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    const listed = await h.http.get('/v1/tokens').set('Authorization', admin);
    expect(JSON.stringify(listed.body)).not.toContain(token.split('.')[1]);
    expect(listed.body.items.find((t: { id: string }) => t.id === id)).toMatchObject({
      role: 'provider',
      providerAgbCode: REGION.providerA,
      label: 'EPD koppeling',
      revokedAt: null,
    });

    expect((await h.http.get('/v1/allocations').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const me = await h.http.get('/v1/tokens/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toEqual({
      id,
      role: 'provider',
      label: 'EPD koppeling',
      providerAgbCode: REGION.providerA,
      teamCode: null,
    });
    expect((await h.http.post(`/v1/tokens/${id}/revoke`).set('Authorization', admin)).status).toBe(204);
    expect((await h.http.get('/v1/allocations').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await h.http.post(`/v1/tokens/${id}/revoke`).set('Authorization', admin)).status).toBe(404);
  });

  test('a token scoped to an unknown provider or team is refused', async () => {
    const p = await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .send({ role: 'provider', providerAgbCode: '99999999' });
    expect(p.status).toBe(422);
    expect(p.body.errors).toEqual([
      { path: '/providerAgbCode', message: 'no provider with AGB code 99999999 is registered' },
    ]);
    const c = await h.http.post('/v1/tokens').set('Authorization', admin).send({ role: 'consultant' });
    expect(c.body.errors).toEqual([{ path: '/teamCode', message: 'a consultant token needs the code of its team' }]);
  });

  test('a token with the right id but a wrong secret is refused', async () => {
    const { token } = (await h.http.post('/v1/tokens').set('Authorization', admin).send({ role: 'admin' })).body as {
      token: string;
    };
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await h.http.get('/v1/tokens').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
  });
});
