/**
 * The tenancy matrix: every endpoint x every role x (own object, other tenant's
 * object). Asserts the status, and that no other tenant's data appears in any body.
 * Every new endpoint gets its rows here.
 */
import http from 'node:http';
import { createHarness, type Harness } from '../support/harness';
import { signInThrough, startIdp, type IdpProcess } from '../support/oidc';
import { freePort } from '../support/processes';
import type { PersonInput } from '../../src/services/persons/persons.service';
import { allocationInput, evaluationInput, REGION, seedRegion, tokensFor, unique } from '../support/factories';
import { csvFile } from '../support/import-files';
import { jw301 } from '../support/ijw-messages';
import { apiActor, systemActor, type Actor } from '../../src/services/actor';
import { HttpError } from '../../src/errors';
import { SYSTEM } from '../../src/policies/principal';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';

type Who = 'anonymous' | 'admin' | 'contractManager' | 'consultantA' | 'consultantB' | 'providerA' | 'providerB';
const WHO: Who[] = ['anonymous', 'admin', 'contractManager', 'consultantA', 'consultantB', 'providerA', 'providerB'];

interface World {
  allocA: AllocationInput;
  allocB: AllocationInput;
  evalTarget: string;
  extTarget: string;
  bulkB: string;
  evA: string;
  xrA: string;
  xrB: string;
  flagA: string;
  reviewA: string;
  campaignA: string;
  /** A provider A staff member (persons are an admin's, or a provider's administrator's). */
  personA: string;
  revocable: () => Promise<string>;
}
interface Row {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: (w: World) => string | Promise<string>;
  body?: (w: World) => object | string;
  contentType?: string;
  expect: Record<Exclude<Who, 'anonymous'>, number>;
}

/** The expected status of each caller, in this order: admin, contract manager, consultants of teams A and B, providers A and B. */
function by(
  admin: number,
  contractManager: number,
  consultantA: number,
  consultantB: number,
  providerA: number,
  providerB: number,
): Row['expect'] {
  return { admin, contractManager, consultantA, consultantB, providerA, providerB };
}

const ADMIN_ONLY = by(200, 403, 403, 403, 403, 403);
const ADMIN_CREATES = { ...ADMIN_ONLY, admin: 201 };
const ADMIN_AND_CM = { ...ADMIN_ONLY, contractManager: 200 };
const EVERYONE = by(200, 200, 200, 200, 200, 200);
const OWN_A_READ = by(200, 403, 200, 404, 200, 404);

const ROWS: Row[] = [
  { name: 'list tokens', method: 'get', path: () => '/v1/tokens', expect: ADMIN_ONLY },
  { name: 'own token', method: 'get', path: () => '/v1/tokens/me', expect: EVERYONE },
  {
    name: 'create token',
    method: 'post',
    path: () => '/v1/tokens',
    body: () => ({ role: 'admin' }),
    expect: ADMIN_CREATES,
  },
  {
    name: 'revoke token',
    method: 'post',
    path: async (w) => `/v1/tokens/${await w.revocable()}/revoke`,
    expect: { ...ADMIN_ONLY, admin: 204 },
  },
  {
    name: 'create provider',
    method: 'post',
    path: () => '/v1/providers',
    body: () => ({ agbCode: String(40_000_000 + unique()), name: 'P', email: 'p@p.example' }),
    expect: ADMIN_CREATES,
  },
  { name: 'list providers', method: 'get', path: () => '/v1/providers', expect: ADMIN_AND_CM },
  { name: 'read provider', method: 'get', path: () => `/v1/providers/${REGION.providerA}`, expect: ADMIN_AND_CM },
  {
    name: 'create team',
    method: 'post',
    path: () => '/v1/teams',
    body: () => ({ teamCode: `T-${unique()}`, name: 'T', municipalityCodes: ['0001'] }),
    expect: ADMIN_CREATES,
  },
  { name: 'list teams', method: 'get', path: () => '/v1/teams', expect: ADMIN_ONLY },
  {
    name: 'create contract',
    method: 'post',
    path: () => '/v1/contracts',
    body: () => ({
      contractNumber: `C-${unique()}`,
      providerAgbCode: REGION.providerA,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      productCodes: ['45A48'],
    }),
    expect: ADMIN_CREATES,
  },
  { name: 'list contracts', method: 'get', path: () => '/v1/contracts', expect: ADMIN_AND_CM },
  { name: 'read contract', method: 'get', path: () => `/v1/contracts/${REGION.contractA}`, expect: ADMIN_AND_CM },
  {
    name: 'register allocation for team A',
    method: 'post',
    path: () => '/v1/allocations',
    body: () => allocationInput('A'),
    expect: by(201, 403, 201, 403, 403, 403),
  },
  {
    name: 'list allocations',
    method: 'get',
    path: () => '/v1/allocations',
    expect: by(200, 403, 200, 200, 200, 200),
  },
  {
    name: 'read allocation A',
    method: 'get',
    path: (w) => `/v1/allocations/${w.allocA.allocationNumber}`,
    expect: by(200, 403, 200, 404, 200, 404),
  },
  {
    name: 'read allocation B',
    method: 'get',
    path: (w) => `/v1/allocations/${w.allocB.allocationNumber}`,
    expect: by(200, 403, 404, 200, 404, 200),
  },
  {
    name: 'change allocation A',
    method: 'patch',
    path: (w) => `/v1/allocations/${w.allocA.allocationNumber}`,
    body: () => ({ careStartDate: '2026-02-20' }),
    expect: by(200, 403, 200, 404, 403, 403),
  },
  {
    name: 'search allocation A by BSN',
    method: 'post',
    path: () => '/v1/allocations/search',
    body: (w) => ({ bsn: w.allocA.client.bsn }),
    expect: by(200, 403, 200, 200, 200, 200),
  },
  {
    name: 'import a team A list',
    method: 'post',
    path: () => '/v1/allocations/import',
    body: () => csvFile([allocationInput('A')]),
    contentType: 'text/csv',
    expect: by(200, 403, 200, 200, 403, 403),
  },
  {
    // team B does not serve municipality A, the sender
    name: 'send an iJw JW301 of municipality A',
    method: 'post',
    path: () => '/v1/ijw/messages',
    body: () => {
      const a = allocationInput('A');
      return jw301({
        sender: REGION.municipalityA,
        receiver: REGION.providerA,
        id: `M-${unique()}`,
        bsn: a.client.bsn,
        products: [{ number: String(900000 + unique()), start: '2026-03-01', end: '2026-12-31' }],
      });
    },
    contentType: 'application/xml',
    expect: by(200, 403, 200, 403, 403, 403),
  },
  { name: 'audit events', method: 'get', path: () => '/v1/audit-events', expect: ADMIN_ONLY },
  { name: 'list schemas', method: 'get', path: () => '/v1/schemas', expect: EVERYONE },
  { name: 'read a schema', method: 'get', path: () => '/v1/schemas/evaluation.v1.json', expect: EVERYONE },
  {
    name: 'submit evaluation for an allocation of A',
    method: 'post',
    path: () => '/v1/evaluations',
    body: (w) => evaluationInput(w.evalTarget, '2026-02-01', '2026-04-30', { meetingDate: '2026-04-28' }),
    expect: by(403, 403, 403, 403, 201, 422),
  },
  {
    name: 'list evaluations',
    method: 'get',
    path: () => '/v1/evaluations',
    expect: by(200, 403, 200, 200, 200, 200),
  },
  { name: 'read evaluation of A', method: 'get', path: (w) => `/v1/evaluations/${w.evA}`, expect: OWN_A_READ },
  {
    name: 'request extension of an allocation of A',
    method: 'post',
    path: () => '/v1/extension-requests',
    body: (w) => ({
      allocationNumber: w.extTarget,
      requestedEndDate: '2027-03-31',
      reasoning: 'Doelen nog niet behaald.',
    }),
    expect: by(403, 403, 403, 403, 201, 422),
  },
  {
    name: 'list extension requests',
    method: 'get',
    path: () => '/v1/extension-requests',
    expect: by(200, 403, 200, 200, 200, 200),
  },
  {
    name: 'read extension request of A',
    method: 'get',
    path: (w) => `/v1/extension-requests/${w.xrA}`,
    expect: OWN_A_READ,
  },
  {
    name: 'decide extension request of A',
    method: 'post',
    path: (w) => `/v1/extension-requests/${w.xrA}/decision`,
    body: () => ({ decision: 'info_requested', note: 'Welke evaluatie?' }),
    expect: by(403, 403, 200, 404, 403, 403),
  },
  {
    name: 'resubmit extension request of A',
    method: 'post',
    path: (w) => `/v1/extension-requests/${w.xrA}/resubmit`,
    body: () => ({ reasoning: 'Aangevuld met de schoolgang.' }),
    expect: by(403, 403, 403, 403, 200, 404),
  },
  {
    name: 'withdraw extension request of B',
    method: 'post',
    path: (w) => `/v1/extension-requests/${w.xrB}/withdraw`,
    expect: by(403, 403, 403, 403, 404, 200),
  },
  {
    name: 'bulk extension',
    method: 'post',
    path: () => '/v1/allocations/bulk-extension',
    body: (w) => ({
      decisionReference: 'B&W 1',
      newEndDate: '2027-03-31',
      reasoning: 'Ambtshalve verlenging.',
      allocationNumbers: [w.bulkB],
    }),
    expect: by(200, 403, 200, 200, 403, 403),
  },
  {
    name: 'submit quarterly report on contract A',
    method: 'post',
    path: () => '/v1/quarterly-reports',
    body: () => ({
      contractNumber: REGION.contractA,
      quarter: '2026-Q2',
      waitingList: [],
      capacity: { clientsInCare: 1 },
      staff: { fte: 1, registeredShare: 1 },
      complaints: { received: 0 },
      incidents: { count: 0, reportedToInspectorate: 0 },
    }),
    expect: by(403, 403, 403, 403, 201, 422),
  },
  {
    name: 'list quarterly reports',
    method: 'get',
    path: () => '/v1/quarterly-reports',
    expect: by(200, 200, 403, 403, 200, 200),
  },
  { name: 'obligations', method: 'get', path: () => '/v1/obligations', expect: EVERYONE },
  {
    name: 'caseload',
    method: 'get',
    path: () => '/v1/caseload',
    expect: by(200, 403, 200, 200, 403, 403),
  },
  {
    name: "caseload of team A's",
    method: 'get',
    path: () => `/v1/caseload?teamCode=${REGION.teamA}`,
    expect: by(200, 403, 200, 403, 403, 403),
  },
  {
    name: 'caseload summary',
    method: 'get',
    path: () => '/v1/caseload/summary',
    expect: by(200, 403, 200, 200, 403, 403),
  },
  {
    name: 'start a reassessment campaign for team A',
    method: 'post',
    path: () => '/v1/reassessments',
    body: (w) => ({
      name: 'Herbeoordeling',
      teamCode: REGION.teamA,
      deadline: '2026-09-30',
      capacityPerWeek: 5,
      scope: { kind: 'list', allocationNumbers: [w.allocA.allocationNumber] },
    }),
    expect: by(201, 403, 201, 403, 403, 403),
  },
  {
    name: 'list reassessment campaigns',
    method: 'get',
    path: () => '/v1/reassessments',
    expect: by(200, 200, 200, 200, 403, 403),
  },
  {
    name: "team A's reassessment progress",
    method: 'get',
    path: (w) => `/v1/reassessments/${w.campaignA}`,
    expect: by(200, 200, 200, 404, 403, 403),
  },
  {
    name: "team A's reassessment cases",
    method: 'get',
    path: (w) => `/v1/reassessments/${w.campaignA}/items`,
    expect: by(200, 403, 200, 404, 403, 403),
  },
  {
    name: "a step of team A's reassessment case",
    method: 'post',
    path: (w) => `/v1/reassessments/${w.campaignA}/items/${w.allocA.allocationNumber}/steps`,
    // a date in the future: those in scope get as far as the step rules (422), nothing is recorded
    body: () => ({ step: 'planned', date: '2030-01-01' }),
    expect: by(422, 403, 422, 404, 403, 403),
  },
  {
    name: 'list flags',
    method: 'get',
    path: () => '/v1/flags',
    expect: by(403, 200, 200, 200, 200, 200),
  },
  {
    name: 'acknowledge a flag of team A',
    method: 'post',
    path: (w) => `/v1/flags/${encodeURIComponent(w.flagA)}/acknowledge`,
    expect: by(403, 404, 200, 404, 403, 403),
  },
  {
    name: 'resolve a flag of team A',
    method: 'post',
    path: (w) => `/v1/flags/${encodeURIComponent(w.flagA)}/resolve`,
    body: () => ({ note: 'Afgehandeld.' }),
    expect: by(403, 404, 200, 404, 403, 403),
  },
  {
    name: 'list KPIs',
    method: 'get',
    path: () => '/v1/kpis?quarter=2026-Q2',
    expect: by(200, 200, 403, 403, 200, 200),
  },
  { name: 'KPI overview', method: 'get', path: () => '/v1/kpis/overview?quarter=2026-Q2', expect: ADMIN_AND_CM },
  {
    name: 'KPI export',
    method: 'get',
    path: () => '/v1/kpis/export.csv?quarter=2026-Q2',
    expect: { ...ADMIN_ONLY, admin: 403, contractManager: 200 },
  },
  { name: 'KPI computations', method: 'get', path: () => '/v1/kpis/computations', expect: ADMIN_AND_CM },
  {
    name: 'recompute KPIs',
    method: 'post',
    path: () => '/v1/kpis/recompute',
    body: () => ({ quarter: '2026-Q1', reason: 'Matrix.' }),
    expect: { ...ADMIN_ONLY, admin: 202, contractManager: 202 },
  },
  {
    name: 'a KPI recomputation',
    method: 'get',
    path: () => '/v1/kpis/recomputations/rc_none',
    expect: { ...ADMIN_ONLY, admin: 404, contractManager: 404 },
  },
  {
    name: 'scorecard of provider A',
    method: 'get',
    path: () => `/v1/providers/${REGION.providerA}/scorecard`,
    expect: by(403, 200, 403, 403, 200, 404),
  },
  {
    name: 'record a review of provider A',
    method: 'post',
    path: () => '/v1/reviews',
    body: () => ({ providerAgbCode: REGION.providerA, date: '2026-06-30', notes: 'Gesprek.' }),
    expect: by(403, 201, 403, 403, 403, 403),
  },
  {
    name: 'list reviews',
    method: 'get',
    path: () => '/v1/reviews',
    expect: { ...ADMIN_ONLY, admin: 403, contractManager: 200 },
  },
  {
    name: 'read review of provider A',
    method: 'get',
    path: (w) => `/v1/reviews/${w.reviewA}`,
    expect: { ...ADMIN_ONLY, admin: 403, contractManager: 200 },
  },
  {
    name: 'complete a review action',
    method: 'post',
    path: (w) => `/v1/reviews/${w.reviewA}/actions/1/complete`,
    expect: { ...ADMIN_ONLY, admin: 403, contractManager: 200 },
  },
  {
    name: 'rate provider A',
    method: 'post',
    path: () => '/v1/experience-ratings',
    body: () => ({ providerAgbCode: REGION.providerA, quarter: '2026-Q2', score: 7 }),
    expect: by(403, 403, 201, 422, 403, 403),
  },
  { name: 'jobs', method: 'get', path: () => '/v1/jobs', expect: ADMIN_ONLY },
  { name: 'outbox', method: 'get', path: () => '/v1/outbox', expect: ADMIN_ONLY },
  { name: 'who am I', method: 'get', path: () => '/v1/me', expect: EVERYONE },
  { name: 'list persons', method: 'get', path: () => '/v1/persons', expect: ADMIN_ONLY },
  {
    name: 'register a person',
    method: 'post',
    path: () => '/v1/persons',
    body: () => ({ name: 'N', email: `n${unique()}@example.org`, role: 'provider', providerAgbCode: REGION.providerA }),
    expect: ADMIN_CREATES,
  },
  { name: 'read a person of A', method: 'get', path: (w) => `/v1/persons/${w.personA}`, expect: ADMIN_ONLY },
  {
    name: 'change a person of A',
    method: 'patch',
    path: (w) => `/v1/persons/${w.personA}`,
    body: () => ({ name: `Naam ${unique()}` }),
    expect: ADMIN_ONLY,
  },
];

/**
 * The matrix for one kind of caller: systems' bearer tokens, or people's sessions (signed
 * in through a real OpenID Provider; each consultant with a registration, so that the
 * same answers hold), each over a world of its own.
 */
function tenancyMatrix(via: 'token' | 'session') {
  let h: Harness;
  /** The headers that make a request a role's: its bearer token, or its session cookie with the anti-CSRF token and Origin. */
  let as: Record<Exclude<Who, 'anonymous'>, Record<string, string>>;
  let world: World;
  let idp: IdpProcess | undefined;
  let server: http.Server | undefined;
  beforeAll(async () => {
    const port = await freePort();
    const hub = `http://127.0.0.1:${port}`;
    if (via === 'session')
      idp = await startIdp(() => [
        { clientId: 'hub', clientSecret: 's', redirectUris: [`${hub}/auth/callback`], postLogoutRedirectUris: [] },
      ]);
    h = await createHarness(
      idp
        ? {
            PUBLIC_URL: hub,
            OIDC_ISSUERS: JSON.stringify([
              {
                id: 'dev',
                label: 'Dev',
                issuer: idp.issuer,
                clientId: 'hub',
                clientSecret: 's',
                organisationClaim: 'agb',
              },
            ]),
          }
        : {},
    );
    await seedRegion(h);
    const t = await tokensFor(h);
    if (idp) {
      server = http.createServer(h.app.callback());
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
      as = await sessionsFor(h, idp, hub);
    } else
      as = {
        admin: { Authorization: t.admin },
        contractManager: { Authorization: t.contractManager },
        consultantA: { Authorization: t.consultantA },
        consultantB: { Authorization: t.consultantB },
        providerA: { Authorization: t.providerA },
        providerB: { Authorization: t.providerB },
      };
    const actor = systemActor('cli', 'matrix');
    const allocA = allocationInput('A');
    const allocB = allocationInput('B');
    const [evalTarget, extTarget, bulkB] = [allocationInput('A'), allocationInput('A'), allocationInput('B')];
    for (const a of [allocA, allocB, evalTarget, extTarget, bulkB]) await h.services.allocations.create(actor, a);
    const asProvider = (agb: string) =>
      apiActor(
        { tokenId: 'yht_0000000000000000', role: 'provider', label: 'p', providerAgbCode: agb },
        'setup',
        '127.0.0.1',
      );
    const evA = await h.services.evaluations.submit(
      asProvider(REGION.providerA),
      evaluationInput(allocA.allocationNumber, '2026-02-01', '2026-04-30', {
        meetingDate: '2026-04-28',
        residence: { type: 'unknown' },
      }),
    );
    const xrA = await h.services.extensionRequests.submit(asProvider(REGION.providerA), {
      allocationNumber: allocA.allocationNumber,
      requestedEndDate: '2027-03-31',
      reasoning: 'Doelen nog niet behaald.',
    });
    const xrB = await h.services.extensionRequests.submit(asProvider(REGION.providerB), {
      allocationNumber: allocB.allocationNumber,
      requestedEndDate: '2027-03-31',
      reasoning: 'Doelen nog niet behaald.',
    });
    const cm = apiActor(
      { tokenId: 'yht_0000000000000001', role: 'contract_manager', label: 'cm' },
      'setup',
      '127.0.0.1',
    );
    const reviewA = await h.services.reviews.create(cm, {
      providerAgbCode: REGION.providerA,
      date: '2026-06-15',
      notes: 'Gesprek.',
      actions: [{ description: 'Planning', owner: 'provider', dueDate: '2026-09-30' }],
    });
    await h.services.kpis.compute('2026-Q2', 'snapshot', actor);
    const campaignA = await h.services.reassessments.create(actor, {
      name: 'Herbeoordeling team A',
      teamCode: REGION.teamA,
      deadline: '2026-09-30',
      capacityPerWeek: 5,
      scope: { kind: 'list', allocationNumbers: [allocA.allocationNumber] },
    });
    world = {
      allocA,
      allocB,
      evalTarget: evalTarget.allocationNumber,
      extTarget: extTarget.allocationNumber,
      bulkB: bulkB.allocationNumber,
      evA: evA._id,
      xrA: xrA._id,
      xrB: xrB._id,
      flagA: `residence_unknown:${allocA.allocationNumber}:${evA._id}`,
      reviewA: reviewA._id,
      campaignA: campaignA._id,
      personA: (
        await h.services.persons.create(
          {
            name: 'Medewerker A',
            email: `mw${unique()}@a.example`,
            role: 'provider',
            providerAgbCode: REGION.providerA,
          },
          actor,
        )
      )._id,
      revocable: async () => (await h.services.tokens.create({ role: 'admin' }, 'test')).record._id,
    };
  });
  afterAll(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await idp?.stop();
    await h.close();
  });

  /** What a role must never see: the other tenant's identifiers and its client's BSN. */
  const foreign = (who: Who): string[] => {
    const a = [world.allocA.allocationNumber, world.allocA.client.bsn, REGION.teamA, REGION.providerA];
    const b = [world.allocB.allocationNumber, world.allocB.client.bsn, REGION.teamB, REGION.providerB];
    if (who === 'consultantA' || who === 'providerA') return b;
    if (who === 'consultantB' || who === 'providerB') return a;
    if (who === 'contractManager') return [world.allocA.client.bsn, world.allocB.client.bsn];
    return [];
  };

  for (const row of ROWS) {
    for (const who of WHO) {
      const expected = who === 'anonymous' ? 401 : row.expect[who];
      test(`${row.name} as ${who}: ${expected}`, async () => {
        const path = await row.path(world);
        let req = h.http[row.method](path);
        if (who !== 'anonymous') req = req.set(as[who]);
        if (row.body) {
          const body = row.body(world);
          req =
            typeof body === 'string'
              ? req.set('Content-Type', row.contentType ?? 'application/json').send(body)
              : req.send(body);
        }
        const res = await req;
        expect({ status: res.status, body: res.status === expected ? 'ok' : res.body }).toEqual({
          status: expected,
          body: 'ok',
        });
        const text = res.text ?? '';
        for (const marker of foreign(who)) expect(text).not.toContain(marker);
      });
    }
  }

  test("scoped lists and searches hold only the caller's own allocations", async () => {
    const mine = (await h.http.get('/v1/allocations?limit=500').set(as.consultantB)).body.items as {
      teamCode: string;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.teamCode === REGION.teamB)).toBe(true);
    const search = await h.http.post('/v1/allocations/search').set(as.providerB).send({ bsn: world.allocA.client.bsn });
    expect(search.body.items).toEqual([]);
    const imported = await h.http
      .post('/v1/allocations/import')
      .set(as.consultantB)
      .set('Content-Type', 'text/csv')
      .send(csvFile([allocationInput('A')]));
    expect(imported.body.created).toBe(0);
  });
}

/** A person per role of the matrix, signed in through the identity provider: its session's headers. */
async function sessionsFor(
  h: Harness,
  idp: IdpProcess,
  hub: string,
): Promise<Record<Exclude<Who, 'anonymous'>, Record<string, string>>> {
  const actor = systemActor('cli', 'matrix');
  const skj = { register: 'SKJ' as const, number: '100012345' };
  const people: [Exclude<Who, 'anonymous'>, PersonInput, string?][] = [
    ['admin', { name: 'Admin', email: 'admin@m.example', role: 'admin' }],
    ['contractManager', { name: 'CM', email: 'cm@m.example', role: 'contract_manager' }],
    [
      'consultantA',
      { name: 'CA', email: 'ca@m.example', role: 'consultant', teamCode: REGION.teamA, registration: skj },
    ],
    [
      'consultantB',
      { name: 'CB', email: 'cb@m.example', role: 'consultant', teamCode: REGION.teamB, registration: skj },
    ],
    [
      'providerA',
      { name: 'PA', email: 'pa@m.example', role: 'provider', providerAgbCode: REGION.providerA },
      REGION.providerA,
    ],
    [
      'providerB',
      { name: 'PB', email: 'pb@m.example', role: 'provider', providerAgbCode: REGION.providerB },
      REGION.providerB,
    ],
  ];
  idp.setAccounts(people.map(([who, p, agb]) => ({ sub: who, email: p.email, name: p.name, ...(agb ? { agb } : {}) })));
  const headers = {} as Record<Exclude<Who, 'anonymous'>, Record<string, string>>;
  for (const [who, input] of people) {
    await h.services.persons.create(input, actor);
    const s = await signInThrough(hub, who);
    if (s.status !== 302) throw new Error(`${who} could not sign in: ${s.status}`);
    const cookie = s.b.cookie(new URL(hub).host, '__Host-hub-session')!;
    headers[who] = { Cookie: `__Host-hub-session=${cookie}`, Origin: hub, 'X-CSRF-Token': s.csrf };
  }
  return headers;
}

describe('tenancy matrix: systems with bearer tokens', () => tenancyMatrix('token'));
describe('tenancy matrix: people with sessions', () => tenancyMatrix('session'));

describe('the policies deny by default', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
  });
  afterAll(() => h.close());

  /** Every scoped read a service offers, asked with the given actor. */
  const reads = (actor: Actor) =>
    [
      ['allocations', () => h.services.allocations.list(actor, {}, 10)],
      ['evaluations', () => h.services.evaluations.list(actor, {}, 10)],
      ['extension requests', () => h.services.extensionRequests.list(actor, {}, 10)],
      ['flags', () => h.services.flags.list(actor, {})],
      ['obligations', () => h.services.obligations.list(actor, {})],
      ['KPIs', () => h.services.kpis.list(actor, {})],
      ['quarterly reports', () => h.services.quarterlyReports.list(actor, {}, 10)],
      ['reviews', () => h.services.reviews.list(actor)],
      ['scorecards', () => h.services.scorecard.scorecard(actor, REGION.providerA)],
    ] as const;

  test('a service asked without a principal refuses with 403, whatever it reads', async () => {
    const nobody = { ...systemActor('cli', 'nobody'), principal: undefined as unknown as Actor['principal'] };
    for (const [what, read] of reads(nobody)) {
      const outcome = await Promise.resolve()
        .then((): Promise<unknown> => read())
        .then(
          () => 'answered',
          (err: unknown) => (err instanceof HttpError ? err.status : String(err)),
        );
      expect({ what, outcome }).toEqual({ what, outcome: 403 });
    }
  });

  test('the system principal (the CLI, the jobs) reads every tenant', async () => {
    const system = systemActor('job', 'matrix');
    expect(system.principal).toBe(SYSTEM);
    const a = allocationInput('A');
    const b = allocationInput('B');
    for (const input of [a, b]) await h.services.allocations.create(system, input);
    const numbers = (await h.services.allocations.list(system, {}, 100)).map((d) => d._id);
    expect(numbers).toEqual(expect.arrayContaining([a.allocationNumber, b.allocationNumber]));
    for (const [what, read] of reads(system)) {
      const outcome = await Promise.resolve()
        .then((): Promise<unknown> => read())
        .then(
          () => 'answered',
          (err: unknown) => (err instanceof HttpError ? err.status : String(err)),
        );
      expect({ what, outcome }).toEqual({ what, outcome: 'answered' });
    }
  });
});
