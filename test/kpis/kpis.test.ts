import { KPI_IDS } from '../../src/kpis/types';
/**
 * Every KPI computed from real records against the real engine: a fixture of one
 * provider's second quarter of 2026, built through the services with the clock
 * moving, then the jobs, then GET /v1/kpis. Each expected figure is counted by hand
 * in the comments (ended allocations, evaluations due, meetings held, ...).
 */
import { obligationsSweep } from '../../jobs/obligations-sweep';
import { kpiSnapshot } from '../../jobs/kpi-snapshot';
import { apiActor, systemActor } from '../../src/services/actor';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { createHarness, type Harness } from '../support/harness';
import { evaluationInput } from '../support/factories';
import type { EndReason } from '../../src/services/allocations/allocations.service';

const P = '31000001';
const EMPTY = '31000002';
const TEAM_A = 'TEAM-KA';
const TEAM_B = 'TEAM-KB';
const M_A = '0363';
const M_B = '0599';
const CONTRACT = 'C-KPI-1';

type KpiRowBody = {
  quarter: string;
  providerAgbCode: string;
  municipalityCode: string | null;
  kpi: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number;
  rating: string | null;
  smallSample: boolean | null;
  status: string;
  breakdown?: unknown;
};

describe('KPIs from records (hand-counted fixture, 2026-Q2)', () => {
  let h: Harness;
  let cm: string;
  const system = systemActor('cli', 'fixture');
  const provider = apiActor(
    { tokenId: 'yht_p000000000000001', role: 'provider', label: 'p', providerAgbCode: P },
    'fixture',
    '127.0.0.1',
  );
  const consultantA = apiActor(
    { tokenId: 'yht_ca00000000000001', role: 'consultant', label: 'ca', teamCode: TEAM_A },
    'fixture',
    '127.0.0.1',
  );
  const consultantA2 = apiActor(
    { tokenId: 'yht_ca00000000000002', role: 'consultant', label: 'ca2', teamCode: TEAM_A },
    'fixture',
    '127.0.0.1',
  );
  const consultantB = apiActor(
    { tokenId: 'yht_cb00000000000001', role: 'consultant', label: 'cb', teamCode: TEAM_B },
    'fixture',
    '127.0.0.1',
  );
  let n = 0;
  const allocation = (number: string, startDate: string, extra: Partial<AllocationInput> = {}): AllocationInput => ({
    allocationNumber: number,
    client: { bsn: fictionalBsn(7000 + (n += 1)), birthDate: '2011-05-01' },
    municipalityCode: M_A,
    teamCode: TEAM_A,
    providerAgbCode: P,
    contractNumber: CONTRACT,
    product: { category: '45', code: '45A48' },
    startDate,
    endDate: '2026-12-31',
    volume: { amount: 40, unit: '04', frequency: '6' },
    referrerType: '01',
    ...extra,
  });
  const at = (day: string) => h.clock.set(`${day}T10:00:00Z`);
  const evaluate = (number: string, start: string, end: string, meeting: string, extra: Record<string, unknown> = {}) =>
    h.services.evaluations.submit(provider, evaluationInput(number, start, end, { meetingDate: meeting, ...extra }));
  const closing = (
    goals: string[],
    youth: number | null,
    parents: number | null,
    extra: Record<string, unknown> = {},
  ) => ({
    isClosing: true,
    advice: { recommendation: 'close', reasoning: 'Afgerond.' },
    goals: goals.map((status, i) => ({ description: `Doel ${i + 1}`, status })),
    satisfaction: { youth, parents },
    ...extra,
  });
  const end = (number: string, date: string, reason: EndReason) =>
    h.services.allocations.update(system, number, { end: { reason, date } });

  beforeAll(async () => {
    h = await createHarness();
    at('2026-03-01');
    const r = h.services.registry;
    await r.createProvider({ agbCode: P, name: 'Jeugdhulp Fixture', email: 'p@fixture.example' });
    await r.createProvider({ agbCode: EMPTY, name: 'Zonder Cliënten', email: 'e@fixture.example' });
    await r.createTeam({ teamCode: TEAM_A, name: 'Team A', municipalityCodes: [M_A] });
    await r.createTeam({ teamCode: TEAM_B, name: 'Team B', municipalityCodes: [M_B] });
    await r.createContract({
      contractNumber: CONTRACT,
      providerAgbCode: P,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      productCodes: ['45A48'],
      kpiTargets: { dropout_rate: { target: 0.3, amberBand: 0.15 } },
    });
    await r.createContract({
      contractNumber: 'C-KPI-2',
      providerAgbCode: EMPTY,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      productCodes: ['45A48'],
    });
    for (const a of [
      allocation('A1', '2026-01-01', { careStartDate: '2026-01-20' }),
      allocation('A2', '2026-01-01', { careStartDate: '2026-01-10' }),
      allocation('A3', '2026-01-01', { careStartDate: '2026-01-05' }),
      allocation('A4', '2026-03-01', { careStartDate: '2026-04-14' }), // 44 days
      allocation('A5', '2026-01-01', { careStartDate: '2026-01-02', municipalityCode: M_B, teamCode: TEAM_B }),
      allocation('B1', '2026-01-01', { careStartDate: '2026-01-15' }),
      allocation('B2', '2026-01-01'), // waiting
      allocation('B3', '2026-04-01', { careStartDate: '2026-05-01' }), // 30 days
      allocation('B4', '2026-05-15', { careStartDate: '2026-06-20' }), // 36 days
    ])
      await h.services.allocations.create(system, a);

    at('2026-04-10');
    const b1First = await evaluate('B1', '2026-01-01', '2026-03-31', '2026-03-25'); // due 03-31 (Q1), on time
    at('2026-04-15');
    const xrB1 = await h.services.extensionRequests.submit(provider, {
      allocationNumber: 'B1',
      requestedEndDate: '2027-06-30',
      reasoning: 'Doelen lopen.',
      evaluationId: b1First._id,
    });
    at('2026-04-20');
    await h.services.extensionRequests.decide(consultantA, xrB1._id, { decision: 'approved' }); // granted, reviewed
    at('2026-05-01');
    await end('A1', '2026-04-30', '32'); // drop-out, closing evaluation never comes
    const xrB2 = await h.services.extensionRequests.submit(provider, {
      allocationNumber: 'B2',
      requestedEndDate: '2027-03-31',
      reasoning: 'Wachtlijst.',
    });
    at('2026-05-02');
    await h.services.extensionRequests.decide(consultantA, xrB2._id, { decision: 'approved' }); // granted without evaluation
    at('2026-05-20');
    await end('A5', '2026-05-15', '31');
    await evaluate('A5', '2026-01-01', '2026-05-15', '2026-05-15', closing(['achieved', 'achieved'], 10, 10)); // due 05-15, on time
    at('2026-06-01');
    await h.services.extensionRequests.bulkExtend(consultantA, {
      decisionReference: 'B&W 2026/1',
      newEndDate: '2027-03-31',
      allocationNumbers: ['B4'],
      reasoning: 'Ambtshalve.',
    }); // granted, bulk
    const xrB3 = await h.services.extensionRequests.submit(provider, {
      allocationNumber: 'B3',
      requestedEndDate: '2027-06-30',
      reasoning: 'Meer tijd.',
    });
    at('2026-06-02');
    await h.services.extensionRequests.decide(consultantA, xrB3._id, {
      decision: 'rejected',
      rejectionCode: '7',
      note: 'Geen evaluatie.',
    }); // not granted
    at('2026-06-05');
    await end('A2', '2026-05-31', '31');
    await evaluate('A2', '2026-01-01', '2026-05-31', '2026-05-28', closing(['achieved', 'achieved', 'partly'], 8, 6)); // due 05-31, on time
    at('2026-06-16');
    await end('A3', '2026-06-15', '34');
    at('2026-07-01');
    await end('A4', '2026-06-30', '32'); // drop-out
    await h.services.experienceRatings.rate(consultantA, { providerAgbCode: P, quarter: '2026-Q2', score: 8 });
    await h.services.experienceRatings.rate(consultantA2, {
      providerAgbCode: P,
      quarter: '2026-Q2',
      score: 6,
      remarks: 'Evaluaties laat.',
    });
    await h.services.experienceRatings.rate(consultantB, { providerAgbCode: P, quarter: '2026-Q2', score: 9 });
    at('2026-07-05');
    await evaluate(
      'A4',
      '2026-03-01',
      '2026-06-30',
      '2026-06-30',
      closing(['new'], 9, null, { caseDirection: { holder: 'provider' }, residence: { type: 'foster_family' } }),
    ); // due 06-30, on time
    at('2026-07-10');
    await evaluate(
      'A3',
      '2026-01-01',
      '2026-06-15',
      '2026-06-12',
      closing(['achieved', 'not_achieved', 'not_achieved', 'new'], null, 5, {
        participants: { youth: true, parents: false, network: false, otherProfessionals: false },
        residence: { type: 'unknown' },
        caseDirection: { holder: 'none' },
      }),
    ); // due 06-15, late
    at('2026-07-20');
    await evaluate('B1', '2026-04-01', '2026-06-30', '2026-06-20', {
      participants: { youth: false, parents: true, network: false, otherProfessionals: false },
    }); // due 06-30, late

    at('2026-08-20');
    const deps = { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger };
    await obligationsSweep.run(deps, h.clock.now()); // evaluation_overdue: A1 (due 04-30), B3 (due 06-30), B2 (due 03-31: Q1)
    await kpiSnapshot.run(deps, h.clock.now()); // 2026-Q2 settled on 08-14: final
    cm = await h.bearer('contract_manager');
  });
  afterAll(() => h.close());

  const rows = async (query: string): Promise<KpiRowBody[]> => {
    const res = await h.http.get(`/v1/kpis?limit=500&${query}`).set('Authorization', cm);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const byKpi = (items: readonly KpiRowBody[]) => Object.fromEntries(items.map((r) => [r.kpi, r]));

  test('the provider as a whole: every KPI as counted by hand, with its rating and small-sample mark', async () => {
    const k = byKpi(await rows(`providerAgbCode=${P}&quarter=2026-Q2`));
    const pick = (id: string) => ({
      value: k[id]!.value,
      numerator: k[id]!.numerator,
      denominator: k[id]!.denominator,
      rating: k[id]!.rating,
      smallSample: k[id]!.smallSample,
    });
    // ended in Q2: A1 (32), A5 (31), A2 (31), A3 (34), A4 (32): 2 of 5; contract target 0.3, band 0.15
    expect(pick('dropout_rate')).toEqual({
      value: 0.4,
      numerator: 2,
      denominator: 5,
      rating: 'amber',
      smallSample: false,
    });
    expect(k.dropout_rate!.target).toBe(0.3);
    // closing scores: A5 10/10, A2 8/6, A3 -/5, A4 9/-: 48 / 6; youth 27/3, parents 21/3
    expect(pick('client_satisfaction')).toEqual({
      value: 8,
      numerator: 48,
      denominator: 6,
      rating: 'green',
      smallSample: false,
    });
    expect(k.client_satisfaction!.breakdown).toEqual({
      youth: { value: 9, count: 3 },
      parents: { value: 7, count: 3 },
    });
    // with a closing evaluation: A5 (2/2 achieved), A2 (2/3), A3 (1/3), A4 (only new goals): 2 of 4
    expect(pick('goal_attainment')).toEqual({
      value: 0.5,
      numerator: 2,
      denominator: 4,
      rating: 'red',
      smallSample: true,
    });
    // due in Q2: A1 (missing), A5, A2, A4 (on time), A3, B1 (late), B3 (missing): 3 of 7
    expect(pick('evaluation_timeliness')).toEqual({
      value: 3 / 7,
      numerator: 3,
      denominator: 7,
      rating: 'red',
      smallSample: false,
    });
    // running 03-31..06-30: A4, B1 (evaluated), B2 (not): 2 of 3
    expect(pick('evaluation_coverage')).toEqual({
      value: 2 / 3,
      numerator: 2,
      denominator: 3,
      rating: 'red',
      smallSample: true,
    });
    // meetings in Q2: A5, A2, A4 (both), A3 (youth only), B1 (parents only): 3 of 5
    expect(pick('participation_rate')).toEqual({
      value: 0.6,
      numerator: 3,
      denominator: 5,
      rating: 'amber',
      smallSample: false,
    });
    // granted in Q2: B1 (on an evaluation), B2 (none), B4 (bulk); B3 rejected: 1 of 3
    expect(pick('extensions_reviewed')).toEqual({
      value: 1 / 3,
      numerator: 1,
      denominator: 3,
      rating: 'red',
      smallSample: true,
    });
    // care started in Q2: A4 44, B3 30, B4 36 days
    expect(pick('median_days_to_care_start')).toEqual({
      value: 36,
      numerator: null,
      denominator: 3,
      rating: 'green',
      smallSample: true,
    });
    // meetings in Q2 with residence known: all but A3; case direction held: all but A3
    expect(pick('residence_known_rate')).toEqual({
      value: 0.8,
      numerator: 4,
      denominator: 5,
      rating: 'red',
      smallSample: false,
    });
    expect(pick('case_direction_rate')).toEqual({
      value: 0.8,
      numerator: 4,
      denominator: 5,
      rating: 'red',
      smallSample: false,
    });
    // ratings 8, 6 (team A), 9 (team B)
    expect(pick('consultant_experience')).toEqual({
      value: 23 / 3,
      numerator: 23,
      denominator: 3,
      rating: 'green',
      smallSample: true,
    });
    expect(Object.values(k).every((r) => r.status === 'final' && r.municipalityCode === null)).toBe(true);
  });

  test('per municipality: the same counting within each municipality (counted by the service; the API withholds small counts)', async () => {
    const counted = async (municipalityCode: string) =>
      byKpi(
        await h.services.kpis.list(systemActor('cli', 'test'), {
          providerAgbCode: P,
          quarter: '2026-Q2',
          municipalityCode,
        }),
      );
    const a = await counted(M_A);
    expect([a.dropout_rate!.numerator, a.dropout_rate!.denominator]).toEqual([2, 4]); // A1..A4
    expect(a.consultant_experience!.value).toBe(7); // team A: 8 and 6
    const b = await counted(M_B);
    expect(b.dropout_rate).toMatchObject({
      value: 0,
      numerator: 0,
      denominator: 1,
      rating: 'green',
      smallSample: true,
    }); // A5 ended as planned
    expect(b.goal_attainment).toMatchObject({ value: 1, denominator: 1 });
    expect(b.consultant_experience).toMatchObject({ value: 9, denominator: 1 });
    expect(b.evaluation_coverage).toMatchObject({ value: null, denominator: 0, rating: 'no_data', smallSample: false });
    // below KPI_MIN_DENOMINATOR (5) a municipality's row shows no figure or rating that could be one youth's
    const shown = byKpi(await rows(`providerAgbCode=${P}&quarter=2026-Q2&municipalityCode=${M_A}`));
    expect(shown.dropout_rate).toMatchObject({
      value: null,
      numerator: null,
      denominator: null,
      rating: null,
      smallSample: null,
      suppressed: true,
    });
    expect(shown.dropout_rate).not.toHaveProperty('breakdown');
  });

  test('a provider without records: every KPI is no data, never 0% or 100%', async () => {
    const items = await rows(`providerAgbCode=${EMPTY}&quarter=2026-Q2`);
    expect(items).toHaveLength(KPI_IDS.length);
    for (const r of items)
      expect({
        kpi: r.kpi,
        value: r.value,
        denominator: r.denominator,
        rating: r.rating,
        smallSample: r.smallSample,
      }).toEqual({ kpi: r.kpi, value: null, denominator: 0, rating: 'no_data', smallSample: false });
  });

  test('the filters: KPI, rating, quarter range; a provider reads only its own rows', async () => {
    expect((await rows('kpi=dropout_rate&quarter=2026-Q2')).map((r) => r.providerAgbCode)).toEqual([P, EMPTY]);
    expect((await rows('rating=amber&quarter=2026-Q2')).map((r) => r.kpi).sort()).toEqual([
      'dropout_rate',
      'participation_rate',
    ]);
    expect(await rows('quarterFrom=2027-Q1')).toEqual([]);
    const own = await h.bearer('provider', { providerAgbCode: EMPTY });
    const res = await h.http.get('/v1/kpis?quarter=2026-Q2&limit=500').set('Authorization', own);
    expect(res.body.items.map((r: KpiRowBody) => r.providerAgbCode)).toEqual(Array(KPI_IDS.length).fill(EMPTY));
    const other = await h.http.get(`/v1/kpis?providerAgbCode=${P}`).set('Authorization', own);
    expect(other.body.items).toEqual([]);
    const bad = await h.http.get('/v1/kpis?quarter=2026-5&kpi=speed').set('Authorization', cm);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/kpi', '/quarter']);
  });

  test('pages through every row once', async () => {
    const all = await rows('quarterFrom=2026-Q1');
    const seen: KpiRowBody[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: KpiRowBody[]; nextCursor: string | null } } = await h.http
        .get(`/v1/kpis?quarterFrom=2026-Q1&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', cm);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(all.map((r) => r.quarter))).toEqual(new Set(['2026-Q1', '2026-Q2', '2026-Q3']));
  });

  test('a settled quarter is final, the open quarter provisional; the job computed each once', async () => {
    const res = await h.http.get('/v1/kpis/computations').set('Authorization', cm);
    const status = Object.fromEntries(
      res.body.items.map((q: { quarter: string; status: string; history: unknown[] }) => [
        q.quarter,
        [q.status, q.history.length],
      ]),
    );
    expect(status['2026-Q1']).toEqual(['final', 1]);
    expect(status['2026-Q2']).toEqual(['final', 1]);
    expect(status['2026-Q3']).toEqual(['provisional', 1]);
  });
});
