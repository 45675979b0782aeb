/**
 * A campaign over simulated weeks (issue 14): 300 cases, a stated capacity of 20 a
 * week, the deadline 12 weeks out (2026-07-01 to 2026-09-23). The team decides 30 a
 * week for four weeks (on track), 10 a week for two (behind: flagged with the
 * forecast and the cases at risk, which a bulk decision in the campaign extends),
 * then 40 a week (it recovers, the flag resolves) until every case is reassessed.
 * The job `reassessments` runs on the first day of each week; every figure is
 * computed by hand in the comments.
 */
import { reassessments as reassessmentsJob } from '../../jobs/reassessments';
import { apiActor, systemActor, type Actor } from '../../src/services/actor';
import { addDays } from '../../src/domain/dates';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';

const START = '2026-07-01';
const TEAM = 'JT-NOORD';

describe('a reassessment campaign over twelve weeks', () => {
  let h: Harness;
  let t: RegionTokens;
  let consultant: string;
  let actor: Actor;
  let id = '';
  const early: string[] = []; // 40 cases whose allocations end on 2026-08-20
  const late: string[] = []; // 260 ending 2026-12-31

  const runJob = (date: string) =>
    reassessmentsJob.run(
      { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
      new Date(`${date}T05:00:00Z`),
    );
  const progress = async () =>
    (await h.http.get(`/v1/reassessments/${id}`).set('Authorization', consultant).expect(200)).body;
  const flagsOfCampaign = async () =>
    (await h.http.get('/v1/flags?type=reassessment_behind').set('Authorization', t.contractManager).expect(200)).body
      .items as { id: string; status: string; evidence: Record<string, unknown> }[];

  /** The team decides `count` cases (in the order given) on `date`; the clock stands on the next day. */
  async function decide(numbers: string[], date: string) {
    h.clock.set(`${addDays(date, 1)}T09:00:00Z`);
    for (const n of numbers)
      await h.services.reassessments.recordStep(actor, id, n, {
        step: 'decided',
        date,
        decision: 'continue',
        skipReason: 'Gesprek en plan in één overleg met gezin en aanbieder afgerond',
      });
  }
  let lateDecided = 0;
  const takeLate = (count: number) => {
    const out = late.slice(lateDecided, lateDecided + count);
    lateDecided += count;
    return out;
  };

  beforeAll(async () => {
    ({ h, t } = await regionHarness({ SMTP_URL: 'smtp://127.0.0.1:1', CONTRACT_MANAGER_EMAILS: 'cm@regio.example' }));
    await h.services.registry.createTeam({
      teamCode: TEAM,
      name: 'Jeugdteam Noord',
      municipalityCodes: [REGION.municipalityA],
      email: 'noord@gemeente.example',
    });
    consultant = await h.bearer('consultant', { teamCode: TEAM });
    actor = apiActor(
      { tokenId: 'yht_00000000000000aa', role: 'consultant', label: 'c', teamCode: TEAM },
      'setup',
      '127.0.0.1',
    );
    const cli = systemActor('cli', 'scenario');
    for (let i = 0; i < 300; i += 1) {
      const isEarly = i < 40;
      // care not started on early cases 25 and 35
      const a = allocationInput('A', {
        teamCode: TEAM,
        endDate: isEarly ? '2026-08-20' : '2026-12-31',
        ...(isEarly && (i === 25 || i === 35) ? {} : { careStartDate: '2026-02-15' }),
      });
      await h.services.allocations.create(cli, a);
      (isEarly ? early : late).push(a.allocationNumber);
    }
    const res = await h.http
      .post('/v1/reassessments')
      .set('Authorization', consultant)
      .send({
        name: 'Herbeoordeling overgenomen dossiers',
        teamCode: TEAM,
        deadline: '2026-09-23',
        capacityPerWeek: 20,
        scope: { kind: 'team' },
      })
      .expect(201);
    id = res.body.id as string;
    expect(res.body).toMatchObject({ total: 300, open: 300, startDate: START, scope: { kind: 'team', size: 300 } });
    // on the first day only the stated capacity forecasts: 300 × 7 / 20 = 105 days, past the deadline
    expect(res.body).toMatchObject({ paceBasis: 'capacity', forecastEndDateAtCapacity: '2026-10-14' });
  }, 120_000);
  afterAll(() => h.close());

  test('weeks 1-4 at 30 a week: on track', async () => {
    for (const week of [1, 2, 3, 4]) {
      await decide(takeLate(30), addDays(START, 7 * week - 1)); // the week's last day
      await runJob(addDays(START, 7 * week));
      const p = await progress();
      // pace 30 (30 × 7 / 7 days in week 1; 30 a week since): forecast = today + ⌈open × 7 / 30⌉
      expect(p).toMatchObject({ done: 30 * week, pacePerWeek: 30, paceBasis: 'measured', behind: false, atRisk: 0 });
    }
    // 2026-07-29: 180 open → + 42 days
    expect((await progress()).forecastEndDate).toBe('2026-09-09');
    expect(await flagsOfCampaign()).toEqual([]);
  });

  test('week 5 at 10: the pace drops to 25, still (just) on track', async () => {
    await decide(takeLate(10), '2026-08-04');
    await runJob('2026-08-05');
    // window 07-08..08-05: 30 + 30 + 30 + 10 = 100 → 25 a week; 170 open → ⌈47.6⌉ = 48 days
    expect(await progress()).toMatchObject({
      done: 130,
      pacePerWeek: 25,
      forecastEndDate: '2026-09-22',
      behind: false,
    });
  });

  test('week 6 at 10: behind, flagged to the team and the contract manager with the forecast and the cases at risk', async () => {
    await decide(takeLate(10), '2026-08-11');
    const counts = await runJob('2026-08-12');
    expect(counts.raised).toBe(1);
    const p = await progress();
    // window 07-15..08-12: 30 + 30 + 10 + 10 = 80 → 20 a week; 160 open → 08-12 + 56 days
    expect(p).toMatchObject({
      done: 140,
      open: 160,
      pacePerWeek: 20,
      forecastEndDate: '2026-10-07',
      requiredPacePerWeek: 26.7, // 160 × 7 / 42 days left
      behind: true,
      atRisk: 18,
    });
    const [flag] = await flagsOfCampaign();
    expect(flag).toMatchObject({
      id: `reassessment_behind:${id}:2026-08-12`,
      status: 'open',
      evidence: { forecastEndDate: '2026-10-07', deadline: '2026-09-23', pacePerWeek: 20, open: 160, atRisk: 18 },
    });
    // the consultant of another team does not see it
    const other = await h.http.get('/v1/flags?type=reassessment_behind').set('Authorization', t.consultantA);
    expect(other.body.items).toEqual([]);
    // at risk: the 40 early cases (ending 08-20) come first in the queue, the k-th on 08-12 + ⌈k × 0.35⌉;
    // from k = 23 (⌈8.05⌉ = 9 days: 08-21) they end before their turn: early cases 22..39
    const items = await h.http
      .get(`/v1/reassessments/${id}/items?atRisk=true&limit=500`)
      .set('Authorization', consultant)
      .expect(200);
    const expected = early.slice(22);
    expect(items.body.items.map((i: { allocationNumber: string }) => i.allocationNumber).sort()).toEqual(expected);
    // most urgent first: care not started (early 25 and 35), then the nearest end date (all 08-20), by number
    expect(items.body.items.slice(0, 2).map((i: { allocationNumber: string }) => i.allocationNumber)).toEqual([
      early[25],
      early[35],
    ]);
  });

  test('a safety concern puts a case at the head of the at-risk list', async () => {
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(early[30]!, '2026-02-15', '2026-08-11', {
          safety: { concerns: true, veiligThuisReport: false, safetyPlan: true },
        }),
      )
      .expect(201);
    await runJob('2026-08-12'); // reads the allocations again
    const items = await h.http
      .get(`/v1/reassessments/${id}/items?atRisk=true&limit=3`)
      .set('Authorization', consultant)
      .expect(200);
    expect(items.body.items.map((i: { allocationNumber: string }) => i.allocationNumber)).toEqual([
      early[30],
      early[25],
      early[35],
    ]);
    expect(items.body.items[0]).toMatchObject({ safetyConcern: true, atRisk: true });
  });

  test('a bulk extension in the campaign extends the at-risk cases only, and counts as unreviewed', async () => {
    const atRisk = early.slice(22);
    const res = await h.http
      .post('/v1/allocations/bulk-extension')
      .set('Authorization', consultant)
      .send({
        decisionReference: 'B&W 2026-0812',
        newEndDate: '2027-03-31',
        reasoning: 'Herbeoordeling haalt deze dossiers niet voor de einddatum.',
        allocationNumbers: [...atRisk, late[259]],
        reassessmentId: id,
      });
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    expect(res.body.extended.sort()).toEqual(atRisk);
    expect(res.body.skipped).toEqual([
      { allocationNumber: late[259], reason: `not at risk in reassessment campaign ${id}` },
    ]);
    expect(await progress()).toMatchObject({ bulkExtended: 18, atRisk: 0 });
    const allocation = await h.http.get(`/v1/allocations/${atRisk[0]}`).set('Authorization', consultant).expect(200);
    expect(allocation.body.endDate).toBe('2027-03-31');
    expect(allocation.body.history.at(-1).note).toContain(`herbeoordeling ${id}`);
    // extensions_reviewed for 2026-Q3: 18 granted, none reviewed
    const results = await h.services.kpis.computeResults(['2026-Q3'], '2026-08-12');
    const row = results
      .get('2026-Q3')!
      .get(REGION.providerA)!
      .overall.find((r) => r.kpi === 'extensions_reviewed')!;
    expect(row).toMatchObject({ numerator: 0, denominator: 18, value: 0 });
  });

  test('weeks 7-8 at 40: the flag stays open a week, then resolves when the forecast is back inside', async () => {
    await decide([...early.slice(0, 22), ...takeLate(18)], '2026-08-18');
    await runJob('2026-08-19');
    // window 07-22..08-19: 30 + 10 + 10 + 40 = 90 → 22.5; 120 open → ⌈37.3⌉ = 38 days → 09-26
    expect(await progress()).toMatchObject({
      done: 180,
      pacePerWeek: 22.5,
      forecastEndDate: '2026-09-26',
      behind: true,
    });
    expect((await flagsOfCampaign())[0]).toMatchObject({ status: 'open' });
    await decide(takeLate(40), '2026-08-25');
    const counts = await runJob('2026-08-26');
    // window 07-29..08-26: 10 + 10 + 40 + 40 = 100 → 25; 80 open → ⌈22.4⌉ = 23 days → 09-18
    expect(counts.resolved).toBe(1);
    expect(await progress()).toMatchObject({
      done: 220,
      pacePerWeek: 25,
      forecastEndDate: '2026-09-18',
      behind: false,
    });
    expect((await flagsOfCampaign())[0]).toMatchObject({ status: 'resolved' });
  });

  test('weeks 9-10: every case reassessed, the campaign ends; each week wrote one digest to the team', async () => {
    await decide([...early.slice(22), ...takeLate(22)], '2026-09-01');
    await runJob('2026-09-02');
    await decide(takeLate(40), '2026-09-08');
    const counts = await runJob('2026-09-09');
    expect(counts.ended).toBe(1);
    const p = await progress();
    expect(p).toMatchObject({
      status: 'completed',
      completedOn: '2026-09-09',
      done: 300,
      open: 0,
      forecastEndDate: '2026-09-08',
    });
    expect(p.burnDown.map((w: { done: number }) => w.done)).toEqual([30, 30, 30, 30, 10, 10, 40, 40, 40, 40, 0]);
    expect(await runJob('2026-09-16')).toMatchObject({ campaigns: 0 }); // closed: no longer passed over
    const digests = await h.db.database.col.outbox
      .find({ event: 'reassessment.digest' }, { comment: 'dangerous: test reads the outbox' })
      .toArray();
    // weeks 1-10, the team's address only; the week-6 one names the 18 at risk
    expect(digests.map((d) => (d.payload as { week: number }).week).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(new Set(digests.map((d) => d.recipient.address))).toEqual(new Set(['noord@gemeente.example']));
    const week6 = digests.find((d) => (d.payload as { week: number }).week === 6)!.payload as {
      behind: boolean;
      atRisk: unknown[];
    };
    expect(week6.behind).toBe(true);
    expect(week6.atRisk).toHaveLength(18);
  });
});
