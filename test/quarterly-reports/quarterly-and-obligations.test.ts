import { apiActor, systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';

const report = (overrides: Record<string, unknown> = {}) => ({
  contractNumber: REGION.contractA,
  quarter: '2026-Q2',
  waitingList: [{ productCode: '45A48', count: 12, longestWaitDays: 64 }],
  capacity: { clientsInCare: 143, placesAvailable: 2, intakeStopped: false },
  staff: { fte: 38.5, registeredShare: 0.92 },
  complaints: { received: 3, upheld: 1 },
  incidents: { count: 5, reportedToInspectorate: 0 },
  bottlenecks: 'Uitstroom gedragswetenschappers.',
  ...overrides,
});

describe('quarterly contract reports', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());

  test('a provider reports on its contract once per quarter; a correction supersedes; contract managers read them', async () => {
    h.clock.set('2026-07-20T10:00:00Z');
    const first = await h.http.post('/v1/quarterly-reports').set('Authorization', t.providerA).send(report());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: `qr_${REGION.contractA}_2026-Q2_r0`,
      dueDate: '2026-07-30',
      onTime: true,
      status: 'current',
    });
    const dup = await h.http.post('/v1/quarterly-reports').set('Authorization', t.providerA).send(report());
    expect(dup.body).toMatchObject({ status: 409, type: '/problems/duplicate' });
    const fix = await h.http
      .post('/v1/quarterly-reports')
      .set('Authorization', t.providerA)
      .send(report({ supersedes: first.body.id, complaints: { received: 4 } }));
    expect(fix.body).toMatchObject({ revision: 1, supersedes: first.body.id, onTime: true });
    const cm = await h.http.get('/v1/quarterly-reports?quarter=2026-Q2').set('Authorization', t.contractManager);
    expect(cm.body.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [first.body.id, 'superseded'],
      [fix.body.id, 'current'],
    ]);
    expect((await h.http.get('/v1/quarterly-reports').set('Authorization', t.providerB)).body.items).toEqual([]);
    expect((await h.http.get('/v1/quarterly-reports').set('Authorization', t.consultantA)).status).toBe(403);
  });

  test("not for another provider's contract, nor for a quarter that has not begun", async () => {
    h.clock.set('2026-07-20T10:00:00Z');
    const theirs = await h.http
      .post('/v1/quarterly-reports')
      .set('Authorization', t.providerA)
      .send(report({ contractNumber: REGION.contractB }));
    expect(theirs.body).toMatchObject({
      status: 422,
      errors: [{ path: '/contractNumber', message: 'no contract with this number for your organisation' }],
    });
    const future = await h.http
      .post('/v1/quarterly-reports')
      .set('Authorization', t.providerA)
      .send(report({ quarter: '2026-Q4' }));
    expect(future.body.errors).toEqual([{ path: '/quarter', message: 'must not be a future quarter' }]);
    const registeredShare = await h.http
      .post('/v1/quarterly-reports')
      .set('Authorization', t.providerA)
      .send(report({ quarter: '2026-Q1', staff: { fte: 1, registeredShare: 1.5 } }));
    expect(registeredShare.body.errors).toEqual([{ path: '/staff/registeredShare', message: 'must be <= 1' }]);
  });
});

describe("GET /v1/obligations: the provider's to-do list", () => {
  let h: Harness;
  let t: RegionTokens;
  let n: string;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    const input = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31' });
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    n = input.allocationNumber;
  });
  afterAll(() => h.close());

  const mine = async (query = '') =>
    (await h.http.get(`/v1/obligations${query}`).set('Authorization', t.providerA)).body.items as Record<
      string,
      unknown
    >[];
  const evaluationOf = async () => (await mine('?kind=evaluation')).find((o) => o.allocationNumber === n);

  test('the next evaluation moves from upcoming to due to overdue, and on once a report is in', async () => {
    h.clock.set('2026-04-01T10:00:00Z');
    expect(await evaluationOf()).toMatchObject({
      kind: 'evaluation',
      periodStart: '2026-02-01',
      dueDate: '2026-04-30',
      overdueAfter: '2026-05-14',
      status: 'upcoming',
      contractNumber: REGION.contractA,
    });
    h.clock.set('2026-04-20T10:00:00Z');
    expect((await evaluationOf())!.status).toBe('due');
    h.clock.set('2026-05-15T10:00:00Z');
    expect((await evaluationOf())!.status).toBe('overdue');
    expect((await mine('?status=overdue')).some((o) => o.allocationNumber === n)).toBe(true);

    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-02-01', '2026-04-30', { meetingDate: '2026-05-12' }));
    expect(await evaluationOf()).toMatchObject({
      periodStart: '2026-05-01',
      dueDate: '2026-07-31',
      status: 'upcoming',
    });
  });

  test('near the end the closing evaluation is due on the end date; once in, it shows as met', async () => {
    h.clock.set('2026-11-20T10:00:00Z');
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-05-01', '2026-07-31'));
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-08-01', '2026-10-31'));
    const closing = (await mine('?kind=closing_evaluation')).find((o) => o.allocationNumber === n);
    expect(closing).toMatchObject({ periodStart: '2026-11-01', dueDate: '2026-12-31', status: 'upcoming' });
    h.clock.set('2027-01-05T10:00:00Z');
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(n, '2026-11-01', '2026-12-31', {
          isClosing: true,
          advice: { recommendation: 'close', reasoning: 'Afgerond.' },
        }),
      );
    expect(await mine(`?allocationNumber=${n}`)).toEqual([
      expect.objectContaining({ kind: 'closing_evaluation', status: 'met' }),
    ]);
  });

  test('quarterly reports are due 30 days after the quarter; met once submitted; consultants see their team, others nothing', async () => {
    h.clock.set('2026-07-20T10:00:00Z');
    const quarterly = () => mine('?kind=quarterly_report');
    expect(await quarterly()).toEqual([
      expect.objectContaining({
        contractNumber: REGION.contractA,
        quarter: '2026-Q2',
        dueDate: '2026-07-30',
        status: 'due',
      }),
      expect.objectContaining({
        contractNumber: REGION.contractA,
        quarter: '2026-Q3',
        dueDate: '2026-10-30',
        status: 'upcoming',
      }),
    ]);
    await h.http.post('/v1/quarterly-reports').set('Authorization', t.providerA).send(report());
    expect((await quarterly())[0]).toMatchObject({ quarter: '2026-Q2', status: 'met' });
    const team = (await h.http.get('/v1/obligations').set('Authorization', t.consultantA)).body.items as {
      allocationNumber: string | null;
    }[];
    expect(team.length).toBeGreaterThan(0);
    expect(team.every((o) => o.allocationNumber !== null)).toBe(true);
    const providerB = (await h.http.get('/v1/obligations').set('Authorization', t.providerB)).body.items as {
      providerAgbCode: string;
    }[];
    expect(providerB.length).toBeGreaterThan(0);
    expect(providerB.every((o) => o.providerAgbCode === REGION.providerB)).toBe(true);
    const cm = (await h.http.get('/v1/obligations?limit=1').set('Authorization', t.contractManager)).body;
    expect(cm.items).toHaveLength(1);
    expect(cm.nextCursor).not.toBeNull();
  });

  test('contract managers get obligations counted per provider, contract, kind and status: never a case', async () => {
    h.clock.set('2026-05-20T10:00:00Z');
    const shielded = allocationInput('A', { startDate: '2026-03-01', endDate: '2026-12-31' });
    await h.services.allocations.create(systemActor('cli', 'test'), { ...shielded, shielded: true });
    const res = await h.http.get('/v1/obligations?limit=500').set('Authorization', t.contractManager);
    expect(res.status).toBe(200);
    const groups = res.body.items as Record<string, unknown>[];
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(Object.keys(g).sort()).toEqual(
        ['contractNumber', 'count', 'id', 'kind', 'oldestDueDate', 'providerAgbCode', 'status'].sort(),
      );
    }
    expect(JSON.stringify(res.body)).not.toContain(n);
    expect(JSON.stringify(res.body)).not.toContain(shielded.allocationNumber);
    expect(JSON.stringify(res.body)).not.toContain('TEAM-');
    // the counts are the cases' (a shielded one counted, not named): one evaluation group per status
    const perCase = (await h.http.get('/v1/obligations?limit=500&kind=evaluation').set('Authorization', t.providerA))
      .body.items as { status: string; dueDate: string; contractNumber: string }[];
    const evaluations = groups.filter((g) => g.kind === 'evaluation' && g.providerAgbCode === REGION.providerA);
    expect(evaluations.reduce((sum, g) => sum + (g.count as number), 0)).toBe(perCase.length);
    for (const g of evaluations) {
      const cases = perCase.filter((o) => o.status === g.status && o.contractNumber === g.contractNumber);
      expect(g.count).toBe(cases.length);
      expect(g.oldestDueDate).toBe(cases.map((o) => o.dueDate).sort()[0]);
    }
    // paged by group
    const first = await h.http.get('/v1/obligations?limit=1').set('Authorization', t.contractManager);
    const second = await h.http
      .get(`/v1/obligations?limit=1&cursor=${encodeURIComponent(first.body.nextCursor as string)}`)
      .set('Authorization', t.contractManager);
    expect(second.body.items[0].id).toBe(groups[1]!.id);
    // asking for one case is refused
    const one = await h.http.get(`/v1/obligations?allocationNumber=${n}`).set('Authorization', t.contractManager);
    expect(one.status).toBe(403);
    expect(one.headers['content-type']).toContain('application/problem+json');
  });

  test("contract managers asking at once share one pass over the region's allocations", async () => {
    const cm = apiActor(
      { tokenId: 'yht_cm00000000000001', role: 'contract_manager', label: 'cm' },
      'test',
      '127.0.0.1',
    );
    const repo = (h.services.obligations as unknown as { allocations: { streamScope: (...a: unknown[]) => unknown } })
      .allocations;
    const real = repo.streamScope.bind(repo);
    let passes = 0;
    repo.streamScope = (...args: unknown[]) => {
      passes += 1; // counted, then read from the engine as ever
      return real(...args);
    };
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => h.services.obligations.summarize(cm, {})));
      expect(passes).toBe(1);
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]!.length).toBeGreaterThan(0);
      // a request after the pass has ended reads the records again: no stale counts
      await h.services.obligations.summarize(cm, {});
      expect(passes).toBe(2);
    } finally {
      repo.streamScope = real;
    }
  });
});
