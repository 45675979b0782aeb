/**
 * The shield (iJw OP003) in the tenancy matrix: a shielded case of team A and provider
 * A is named to its own team and provider only. For every endpoint that can name a
 * case, each role gets the status it should, and the roles the case is hidden from
 * (admin, contract manager, the other team's consultant, the other provider) never
 * find its number or its client's BSN in a body; its own team and provider find it.
 */
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, seedRegion, tokensFor } from '../support/factories';
import { csvFile } from '../support/import-files';
import { apiActor, systemActor } from '../../src/services/actor';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';

type Who = 'admin' | 'contractManager' | 'consultantA' | 'consultantB' | 'providerA' | 'providerB';
const WHO: Who[] = ['admin', 'contractManager', 'consultantA', 'consultantB', 'providerA', 'providerB'];
/** Those the shielded case of team A and provider A is hidden from. */
const HIDDEN_FROM: Who[] = ['admin', 'contractManager', 'consultantB', 'providerB'];

interface World {
  shielded: AllocationInput;
  evaluation: string;
  request: string;
  campaign: string;
}
interface Row {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: (w: World) => string;
  body?: (w: World) => object | string;
  contentType?: string;
  expect: Record<Who, number>;
  /** Roles whose answer names the case (its own team and provider, where the endpoint lists it). */
  names?: Who[];
  /** The request names the case itself: an answer may echo that number (as for any number the caller does not hold). */
  echoes?: boolean;
}

const CASE_READ = {
  admin: 404,
  contractManager: 403,
  consultantA: 200,
  consultantB: 404,
  providerA: 200,
  providerB: 404,
};

const ROWS: Row[] = [
  {
    name: 'read the allocation',
    method: 'get',
    path: (w) => `/v1/allocations/${w.shielded.allocationNumber}`,
    expect: CASE_READ,
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'list allocations',
    method: 'get',
    path: () => '/v1/allocations?limit=500',
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'search by its BSN',
    method: 'post',
    path: () => '/v1/allocations/search',
    body: (w) => ({ bsn: w.shielded.client.bsn }),
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'change the allocation',
    method: 'patch',
    path: (w) => `/v1/allocations/${w.shielded.allocationNumber}`,
    body: () => ({ careStartDate: '2026-02-20' }),
    expect: { admin: 404, contractManager: 403, consultantA: 200, consultantB: 404, providerA: 403, providerB: 403 },
  },
  {
    name: 'read its evaluation',
    method: 'get',
    path: (w) => `/v1/evaluations/${w.evaluation}`,
    expect: CASE_READ,
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'list evaluations',
    method: 'get',
    path: () => '/v1/evaluations?limit=100',
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'list evaluations of the case',
    method: 'get',
    path: (w) => `/v1/evaluations?allocationNumber=${w.shielded.allocationNumber}`,
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'read its extension request',
    method: 'get',
    path: (w) => `/v1/extension-requests/${w.request}`,
    expect: CASE_READ,
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'list extension requests',
    method: 'get',
    path: () => '/v1/extension-requests?limit=100',
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'obligations',
    method: 'get',
    path: () => '/v1/obligations?limit=500',
    expect: { admin: 200, contractManager: 200, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'obligations of the case',
    method: 'get',
    path: (w) => `/v1/obligations?allocationNumber=${w.shielded.allocationNumber}`,
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 200, providerB: 200 },
    names: ['consultantA', 'providerA'],
  },
  {
    name: 'caseload',
    method: 'get',
    path: () => '/v1/caseload?limit=500',
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 403, providerB: 403 },
    names: ['consultantA'],
  },
  {
    name: "the campaign's cases",
    method: 'get',
    path: (w) => `/v1/reassessments/${w.campaign}/items?limit=100`,
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 404, providerA: 403, providerB: 403 },
    names: ['consultantA'],
  },
  {
    name: "the campaign's cases at risk",
    method: 'get',
    path: (w) => `/v1/reassessments/${w.campaign}/items?atRisk=true`,
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 404, providerA: 403, providerB: 403 },
  },
  {
    name: 'a step of the case in the campaign',
    method: 'post',
    path: (w) => `/v1/reassessments/${w.campaign}/items/${w.shielded.allocationNumber}/steps`,
    // a date in the future: those it is shown to get as far as the step rules (422), nothing is recorded
    body: () => ({ step: 'planned', date: '2030-01-01' }),
    expect: { admin: 404, contractManager: 403, consultantA: 422, consultantB: 404, providerA: 403, providerB: 403 },
  },
  {
    name: 'a campaign naming the case',
    method: 'post',
    path: () => '/v1/reassessments',
    body: (w) => ({
      name: 'Herbeoordeling',
      teamCode: REGION.teamA,
      deadline: '2026-09-30',
      capacityPerWeek: 5,
      scope: { kind: 'list', allocationNumbers: [w.shielded.allocationNumber] },
    }),
    expect: { admin: 422, contractManager: 403, consultantA: 201, consultantB: 403, providerA: 403, providerB: 403 },
    echoes: true,
  },
  {
    name: 'team A imports a list without the case',
    method: 'post',
    path: () => '/v1/allocations/import',
    body: () => csvFile([allocationInput('A')]),
    contentType: 'text/csv',
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 403, providerB: 403 },
    // consultant A is told the case is missing from its file; nobody else hears of it
    names: ['consultantA'],
  },
  {
    name: 'a bulk extension of the case',
    method: 'post',
    path: () => '/v1/allocations/bulk-extension',
    body: (w) => ({
      decisionReference: 'B&W 1',
      newEndDate: '2026-12-31',
      reasoning: 'Ambtshalve verlenging.',
      allocationNumbers: [w.shielded.allocationNumber],
    }),
    expect: { admin: 200, contractManager: 403, consultantA: 200, consultantB: 200, providerA: 403, providerB: 403 },
    echoes: true,
  },
];

describe('a shielded case (iJw OP003) in the tenancy matrix', () => {
  let h: Harness;
  let tokens: Record<Who, string>;
  let world: World;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    tokens = await tokensFor(h);
    const system = systemActor('cli', 'shielded');
    const shielded = allocationInput('A', { shielded: true });
    shielded.client.birthDate = '2011-07-09'; // no other case's
    const open = allocationInput('A');
    for (const a of [shielded, open, allocationInput('B')]) await h.services.allocations.create(system, a);
    const providerA = apiActor(
      { tokenId: 'yht_0000000000000000', role: 'provider', label: 'p', providerAgbCode: REGION.providerA },
      'setup',
      '127.0.0.1',
    );
    const evaluation = await h.services.evaluations.submit(
      providerA,
      evaluationInput(shielded.allocationNumber, '2026-02-01', '2026-04-30', {
        meetingDate: '2026-04-28',
      }),
    );
    const request = await h.services.extensionRequests.submit(providerA, {
      allocationNumber: shielded.allocationNumber,
      requestedEndDate: '2027-03-31',
      reasoning: 'Doelen nog niet behaald.',
    });
    const campaign = await h.services.reassessments.create(system, {
      name: 'Herbeoordeling team A',
      teamCode: REGION.teamA,
      deadline: '2026-09-30',
      capacityPerWeek: 5,
      scope: { kind: 'list', allocationNumbers: [shielded.allocationNumber, open.allocationNumber] },
    });
    world = { shielded, evaluation: evaluation._id, request: request._id, campaign: campaign._id };
  });
  afterAll(() => h.close());

  for (const row of ROWS) {
    for (const who of WHO) {
      const expected = row.expect[who];
      const named = row.names?.includes(who) ?? false;
      test(`${row.name} as ${who}: ${expected}${HIDDEN_FROM.includes(who) ? ', never named' : named ? ', named' : ''}`, async () => {
        let req = h.http[row.method](row.path(world)).set('Authorization', tokens[who]);
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
        if (HIDDEN_FROM.includes(who)) {
          // a 404 or 422 may echo what the caller asked for in its path; nothing more
          const echoed = row.echoes || (row.path(world).includes(world.shielded.allocationNumber) && res.status >= 400);
          if (!echoed) expect(text).not.toContain(world.shielded.allocationNumber);
          expect(text).not.toContain(world.shielded.client.bsn);
          expect(text).not.toContain(world.shielded.client.birthDate + '"');
        }
        if (named) expect(text).toContain(world.shielded.allocationNumber);
      });
    }
  }

  test("an admin's import cannot test whether a BSN is a shielded case's client", async () => {
    const exact = csvFile([world.shielded]);
    const other = csvFile([
      { ...world.shielded, client: { ...world.shielded.client, bsn: allocationInput('A').client.bsn } },
    ]);
    const answers = [];
    for (const file of [exact, other]) {
      const res = await h.http
        .post('/v1/allocations/import')
        .set('Authorization', tokens.admin)
        .set('Content-Type', 'text/csv')
        .send(file);
      expect(res.status).toBe(200);
      answers.push({ unchanged: res.body.unchanged, updated: res.body.updated, rejected: res.body.rejected });
    }
    // the same answer whether the row matches the case or not: "already in use", as another team's number
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({
      unchanged: 0,
      updated: 0,
      rejected: [
        {
          row: 2,
          allocationNumber: world.shielded.allocationNumber,
          errors: [{ path: '/allocationNumber', column: expect.any(String), message: 'is already in use' }],
        },
      ],
    });
    // its own team still reconciles it
    const own = await h.http
      .post('/v1/allocations/import')
      .set('Authorization', tokens.consultantA)
      .set('Content-Type', 'text/csv')
      .send(exact);
    expect(own.body.rejected).toEqual([]);
  });

  test('a bulk extension by an admin skips the shielded case as one outside its scope', async () => {
    const res = await h.http
      .post('/v1/allocations/bulk-extension')
      .set('Authorization', tokens.admin)
      .send({
        decisionReference: 'B&W 2',
        newEndDate: '2026-11-30',
        reasoning: 'Ambtshalve verlenging.',
        allocationNumbers: [world.shielded.allocationNumber],
      });
    expect(res.status).toBe(200);
    expect(res.body.extended).toEqual([]);
    expect(res.body.skipped).toEqual([
      { allocationNumber: world.shielded.allocationNumber, reason: 'not in your scope' },
    ]);
  });

  test("an admin's pages of evaluations skip the shielded case's and still fill up", async () => {
    const providerA = apiActor(
      { tokenId: 'yht_0000000000000000', role: 'provider', label: 'p', providerAgbCode: REGION.providerA },
      'setup',
      '127.0.0.1',
    );
    const system = systemActor('cli', 'shielded-pages');
    const visible: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const hidden = allocationInput('A', { shielded: true });
      const shown = allocationInput('A');
      for (const a of [hidden, shown]) {
        await h.services.allocations.create(system, a);
        const ev = await h.services.evaluations.submit(
          providerA,
          evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', {
            meetingDate: '2026-04-28',
          }),
        );
        if (a === shown) visible.push(ev._id);
      }
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await h.http
        .get(`/v1/evaluations?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set('Authorization', tokens.admin);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...(res.body.items as { id: string }[]).map((e) => e.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(visible));
    expect(seen).not.toContain(world.evaluation);
    // every evaluation the admin pages through is one of an unshielded case
    const all = await h.services.evaluations.list(systemActor('cli', 'all'), {}, 1000);
    const hiddenIds = all.filter((e) => !seen.includes(e._id)).map((e) => e.allocationNumber);
    const allocations = await Promise.all(hiddenIds.map((n) => h.services.allocations.get(system, n)));
    expect(allocations.every((a) => a.shielded === true)).toBe(true);
  });

  test('shielding a case later hides its records from then on', async () => {
    const system = systemActor('cli', 'shield-later');
    const a = allocationInput('A');
    await h.services.allocations.create(system, a);
    const before = await h.http
      .get(`/v1/evaluations?allocationNumber=${a.allocationNumber}`)
      .set('Authorization', tokens.admin);
    expect(before.status).toBe(200);
    const obligations = async () =>
      (await h.http.get(`/v1/obligations?allocationNumber=${a.allocationNumber}`).set('Authorization', tokens.admin))
        .body.items as unknown[];
    expect((await obligations()).length).toBeGreaterThan(0);
    const patched = await h.http
      .patch(`/v1/allocations/${a.allocationNumber}`)
      .set('Authorization', tokens.consultantA)
      .send({ shielded: true });
    expect(patched.status).toBe(200);
    expect(await obligations()).toEqual([]);
  });
});
