/**
 * The person decides what it may see and do (issue 27, item 4), through real sign-ins
 * against a real OpenID Provider: case-level data only for a consultant with a
 * professional registration on record; a supervised consultant's decision is a
 * proposal that its supervisor confirms or changes (four eyes), while the deadline
 * flags keep running.
 */
import http from 'node:http';
import { evaluationInput, allocationInput, regionHarness, REGION, type RegionTokens } from '../support/factories';
import type { Harness } from '../support/harness';
import { sessionCall, signInThrough, startIdp, type IdpProcess } from '../support/oidc';
import { freePort } from '../support/processes';
import { CASE_LEVEL_OPERATIONS } from '../../src/policies/registration.policy';
import { ROUTES } from '../../src/routes';

describe('what a person may see and decide', () => {
  let h: Harness;
  let t: RegionTokens;
  let idp: IdpProcess;
  let server: http.Server;
  let hub: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const port = await freePort();
    hub = `http://127.0.0.1:${port}`;
    idp = await startIdp(() => [
      { clientId: 'hub', clientSecret: 's', redirectUris: [`${hub}/auth/callback`], postLogoutRedirectUris: [] },
    ]);
    ({ h, t } = await regionHarness({
      PUBLIC_URL: hub,
      OIDC_ISSUERS: JSON.stringify([
        { id: 'dev', label: 'Dev', issuer: idp.issuer, clientId: 'hub', clientSecret: 's' },
      ]),
    }));
    server = http.createServer(h.app.callback());
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const people = {
      senior: {
        name: 'Sanne Senior',
        email: 'senior@g.example',
        role: 'consultant',
        teamCode: REGION.teamA,
        registration: { register: 'SKJ', number: '100012345' },
      },
      unregistered: { name: 'Ruud Zonder', email: 'zonder@g.example', role: 'consultant', teamCode: REGION.teamA },
    } as const;
    for (const [key, body] of Object.entries(people)) {
      const res = await h.http.post('/v1/persons').set('Authorization', t.admin).send(body).expect(201);
      ids[key] = (res.body as { id: string }).id;
    }
    const junior = await h.http
      .post('/v1/persons')
      .set('Authorization', t.admin)
      .send({
        name: 'Lotte Junior',
        email: 'junior@g.example',
        role: 'consultant',
        teamCode: REGION.teamA,
        registration: { register: 'SKJ', number: '100067890' },
        supervisedBy: ids.senior,
      })
      .expect(201);
    ids.junior = (junior.body as { id: string }).id;
    idp.setAccounts([
      { sub: 'senior', email: 'senior@g.example', name: 'Sanne Senior' },
      { sub: 'unregistered', email: 'zonder@g.example', name: 'Ruud Zonder' },
      { sub: 'junior', email: 'junior@g.example', name: 'Lotte Junior' },
    ]);
  }, 60_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await idp?.stop();
    await h?.close();
  });

  test('every case-level operation the rule names is a declared route', () => {
    const declared = new Set(ROUTES.map((r) => r.operationId));
    for (const id of CASE_LEVEL_OPERATIONS) expect(declared).toContain(id);
  });

  test('a consultant without a registration gets counts and the reason, not cases; with one, the cases', async () => {
    const allocation = allocationInput('A');
    await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(allocation).expect(201);
    const without = sessionCall(hub, await signInThrough(hub, 'unregistered'));
    for (const path of [
      '/v1/caseload',
      `/v1/allocations/${allocation.allocationNumber}`,
      '/v1/allocations',
      '/v1/evaluations',
      '/v1/extension-requests',
      '/v1/flags',
    ]) {
      const res = await without('GET', path);
      expect([path, res.status, res.body.type]).toEqual([path, 403, expect.stringMatching(/registration-required$/)]);
      expect(res.body.detail).toContain('SKJ or BIG');
    }
    const summary = await without('GET', '/v1/caseload/summary');
    expect(summary.status).toBe(200);
    const me = await without('GET', '/v1/me');
    expect(me.body).toMatchObject({ kind: 'person', registration: null, mayReadCases: false });

    const withRegistration = sessionCall(hub, await signInThrough(hub, 'senior'));
    expect((await withRegistration('GET', '/v1/me')).body).toMatchObject({ mayReadCases: true });
    expect((await withRegistration('GET', '/v1/caseload')).status).toBe(200);
    const one = await withRegistration('GET', `/v1/allocations/${allocation.allocationNumber}`);
    expect(one.status).toBe(200);
    // the rule is about people: a team's system token still reads its cases
    await h.http.get('/v1/caseload').set('Authorization', t.consultantA).expect(200);
  });

  test('a supervised consultant proposes; its supervisor confirms; both names are on the decision; the deadline keeps running', async () => {
    const allocation = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31' });
    await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(allocation).expect(201);
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(allocation.allocationNumber, '2026-02-01', '2026-04-30', { meetingDate: '2026-04-28' }))
      .expect(201);
    const req = await h.http
      .post('/v1/extension-requests')
      .set('Authorization', t.providerA)
      .send({
        allocationNumber: allocation.allocationNumber,
        requestedEndDate: '2027-03-31',
        reasoning: 'Doelen nog niet bereikt.',
      })
      .expect(201);
    const id = (req.body as { id: string; decisionDeadline: string }).id;
    const deadline = (req.body as { decisionDeadline: string }).decisionDeadline;

    const junior = sessionCall(hub, await signInThrough(hub, 'junior'));
    const proposed = await junior('POST', `/v1/extension-requests/${id}/decision`, {
      decision: 'approved',
      note: 'Akkoord',
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({
      status: 'submitted',
      decision: null,
      decisionDeadline: deadline,
      proposal: { decision: 'approved', proposedByName: 'Lotte Junior', supervisor: ids.senior },
    });
    const allocationNow = await h.http
      .get(`/v1/allocations/${allocation.allocationNumber}`)
      .set('Authorization', t.consultantA)
      .expect(200);
    expect(allocationNow.body.endDate).toBe('2026-12-31'); // nothing extended on a proposal
    // another consultant of the team cannot overrule a pending proposal; bulk is the supervisor's
    const other = await h.http
      .post(`/v1/extension-requests/${id}/decision`)
      .set('Authorization', t.consultantA)
      .send({ decision: 'approved' });
    expect(other.status).toBe(409);
    expect(other.body.type).toMatch(/awaiting-supervisor$/);
    const bulk = await junior('POST', '/v1/allocations/bulk-extension', {
      allocationNumbers: [allocation.allocationNumber],
      newEndDate: '2027-03-31',
      decisionReference: 'B-1',
      reasoning: 'Herbeoordeling in één keer.',
    });
    expect(bulk.status).toBe(403);

    const senior = sessionCall(hub, await signInThrough(hub, 'senior'));
    const confirmed = await senior('POST', `/v1/extension-requests/${id}/decision`, {
      decision: 'approved',
      note: 'Bevestigd',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'approved',
      proposal: null,
      decision: { decision: 'approved', decidedByName: 'Sanne Senior', proposedByName: 'Lotte Junior' },
    });
    const extended = await h.http
      .get(`/v1/allocations/${allocation.allocationNumber}`)
      .set('Authorization', t.consultantA)
      .expect(200);
    expect(extended.body.endDate).toBe('2027-03-31');
  });
});
