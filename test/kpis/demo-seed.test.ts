import { KPI_IDS } from '../../src/kpis/types';
/**
 * `hub demo seed`, end to end: the CLI fills an empty hub (a real process against
 * the test engine), prints a token per role, and everything a new user would look at
 * is there: KPIs, flags of many kinds, extension requests in every state, scorecards.
 * A second run refuses to touch the now non-empty hub.
 */
import { createHarness, TEST_BSN_KEY, type Harness } from '../support/harness';
import { runCli } from '../support/processes';
import { testMongoUri } from '../support/db';
import { BsnVault } from '../../src/services/allocations/bsn-vault';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { dateInAmsterdam, previousQuarter, quarterOf } from '../../src/domain/dates';
import { systemActor } from '../../src/services/actor';

describe('hub demo seed', () => {
  let h: Harness;
  let run: Awaited<ReturnType<typeof runCli>>;
  const tokens: Record<string, { token: string; scope: string | null }> = {};
  const env = () => ({ MONGODB_URI: testMongoUri(), DB_NAME: h.db.dbName, BSN_KEY: TEST_BSN_KEY.toString('base64') });
  const get = (path: string, role: string) => h.http.get(path).set('Authorization', `Bearer ${tokens[role]!.token}`);

  beforeAll(async () => {
    h = await createHarness();
    h.clock.set(new Date()); // the demo is seeded on the real date: the in-process hub reads it on that date too
    run = await runCli(['demo', 'seed', '--allocations', '1500'], env());
    for (const m of run.stdout.matchAll(/^(admin|contract_manager|consultant|provider)(?: \(([^)]+)\))?: (yht_\S+)$/gm))
      tokens[m[1]!] = { scope: m[2] ?? null, token: m[3]! };
  }, 120_000);
  afterAll(() => h.close());

  test('prints progress and one working token per role', async () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stderr).toMatch(/demo: allocations 1500\/1500/);
    expect(run.stderr).toMatch(/demo: job kpi-snapshot: /);
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'consultant', 'contract_manager', 'provider']);
    expect(run.stdout).toMatch(/^Open http:\/\/127\.0\.0\.1:\d+\/app\/, choose "Demo-personen" and pick a person:$/m);
    // a person per role: with and without an SKJ registration, supervised, a provider's staff and its administrator
    expect(run.stdout.match(/^ {2}\S.*\(.*\)$/gm)).toHaveLength(7);
    expect(run.stdout).toMatch(/zonder registratie/);
    expect(run.stdout).toMatch(/vier ogen/);
    expect((await get('/v1/tokens', 'admin')).status).toBe(200);
  });

  test('the region: 3 teams, 20 providers with contracts, the allocations, all valid by the registry rules', async () => {
    const { col } = h.db.raw;
    expect([
      await col.teams.countDocuments({}),
      await col.providers.countDocuments({}),
      await col.contracts.countDocuments({}),
      await col.allocations.countDocuments({}),
    ]).toEqual([3, 20, 20, 1500]);
    const lookup = h.services.allocations.lookup();
    const sample = await col.allocations.find({}, { limit: 300 }).toArray();
    for (const a of sample)
      expect({ a: a._id, problems: await lookup.checkAllocation(a) }).toEqual({ a: a._id, problems: [] });
    const evaluations = await col.evaluations.find({}, { limit: 200 }).toArray();
    for (const ev of evaluations) {
      const {
        allocationNumber,
        periodStart,
        periodEnd,
        meetingDate,
        formVersion,
        participants,
        goals,
        safety,
        residence,
        caseDirection,
        satisfaction,
        advice,
        author,
        isClosing,
        outcome,
      } = ev;
      const body = {
        allocationNumber,
        periodStart,
        periodEnd,
        meetingDate,
        formVersion,
        participants,
        goals,
        safety,
        residence,
        caseDirection,
        satisfaction,
        advice,
        author,
        isClosing,
        ...(outcome ? { outcome } : {}),
      };
      expect({
        id: ev._id,
        errors: h.registry.validate('evaluation-submission.v1.json', JSON.parse(JSON.stringify(body))),
      }).toEqual({ id: ev._id, errors: [] });
    }
  });

  test('every client is fictional: each BSN is from the 9999xxxxx test range', async () => {
    const vault = new BsnVault(TEST_BSN_KEY);
    const fictional = new Set(Array.from({ length: 9500 }, (_, i) => vault.clientRef(fictionalBsn(i))));
    const refs = await h.db.raw.col.allocations.distinct('client.ref');
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !fictional.has(r))).toEqual([]);
  });

  test('the history has what a contract manager looks for: on time, late and missing reports, drop-outs, extensions in every state', async () => {
    const { col } = h.db.raw;
    expect(await col.evaluations.countDocuments({ onTime: true })).toBeGreaterThan(500);
    expect(await col.evaluations.countDocuments({ onTime: false })).toBeGreaterThan(50);
    expect(await col.allocations.countDocuments({ endReason: '32' })).toBeGreaterThan(20);
    const statuses = (await get('/v1/extension-requests?limit=500', 'admin')).body.items.map(
      (r: { status: string }) => r.status,
    );
    expect([...new Set(statuses)].sort()).toEqual(['approved', 'info_requested', 'rejected', 'submitted', 'withdrawn']);
    expect(await col.extensionRequests.countDocuments({ source: 'bulk' })).toBeGreaterThan(0);
  });

  test('flags of many kinds are open, KPIs are computed for two years, and the tokens see them', async () => {
    const flags = await get('/v1/flags?status=open&limit=1', 'contract_manager');
    expect(Object.keys(flags.body.counts).sort()).toEqual(
      expect.arrayContaining([
        'care_not_started',
        'closed_placement_too_long',
        'evaluation_overdue',
        'extension_without_evaluation',
        'improvement_action_overdue',
        'kpi_below_target',
        'quarterly_report_missing',
      ]),
    );
    const teamFlags = await get('/v1/flags?limit=1', 'consultant');
    expect(Object.keys(teamFlags.body.counts)).toEqual(expect.arrayContaining(['safety_concern', 'residence_unknown']));
    expect(teamFlags.body.counts.safety_concern).toBeGreaterThanOrEqual(3); // the demo's least per team, on any date

    const computations = (await get('/v1/kpis/computations', 'contract_manager')).body.items as {
      quarter: string;
      status: string;
    }[];
    expect(computations.filter((c) => c.status === 'final').length).toBeGreaterThanOrEqual(7);
    const lastClosed = previousQuarter(quarterOf(dateInAmsterdam(new Date())));
    const overview = (await get(`/v1/kpis/overview?quarter=${lastClosed}`, 'contract_manager')).body.kpis as {
      kpi: string;
      ranking: { rating: string }[];
    }[];
    expect(overview).toHaveLength(KPI_IDS.length);
    const ratings = new Set(overview.flatMap((k) => k.ranking.map((r) => r.rating)));
    expect([...ratings].sort()).toEqual(expect.arrayContaining(['green', 'red']));
    for (const k of overview) expect(k.ranking).toHaveLength(20);
    // the demo reports on form 1.1 from 2026: the CBS outcome of continuation has data
    const noFurther = overview.find((k) => k.kpi === 'no_further_help_rate')!;
    expect(noFurther.ranking.some((r) => r.rating !== 'no_data')).toBe(true);

    const card = await get(`/v1/providers/${tokens.provider!.scope}/scorecard`, 'provider');
    expect(card.status).toBe(200);
    expect(
      card.body.kpis
        .find((k: { kpi: string }) => k.kpi === 'evaluation_timeliness')
        .quarters.filter((q: { status: string }) => q.status === 'final').length,
    ).toBeGreaterThanOrEqual(7);
    expect((await get('/v1/reviews', 'contract_manager')).body.items.length).toBeGreaterThan(0);
  });

  test("a reassessment campaign part-way through: the consultant's team is behind, flagged, with the forecast at work", async () => {
    const list = await get('/v1/reassessments', 'consultant');
    expect(list.status).toBe(200);
    const [campaign] = list.body.items as Record<string, unknown>[];
    // N cases: N/12 decided a week for five weeks, then N/60: the last four weeks hold N/12 + 3 × N/60
    const n = campaign!.total as number;
    const [fast, slow] = [Math.round(n / 12), Math.max(1, Math.round(n / 60))];
    expect(campaign).toMatchObject({
      teamCode: tokens.consultant!.scope,
      behind: true,
      done: 5 * fast + 3 * slow,
      pacePerWeek: Math.round(((fast + 3 * slow) / 4) * 10) / 10,
      paceBasis: 'measured',
      capacityPerWeek: fast,
    });
    expect(campaign!.requiredPacePerWeek as number).toBeGreaterThan(8);
    expect(campaign!.burnDown as unknown[]).toHaveLength(9); // eight weeks in, and today
    const flags = await get('/v1/flags?type=reassessment_behind&status=open', 'contract_manager');
    expect(flags.body.items).toHaveLength(1);
  });

  test('a second run refuses the non-empty hub and changes nothing', async () => {
    const before = await h.db.raw.col.allocations.countDocuments({});
    const again = await runCli(['demo', 'seed'], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /hub: The hub is not empty \(20 providers, 3 teams, 1500 allocations\); demo seed only fills an empty hub/,
    );
    expect(await h.db.raw.col.allocations.countDocuments({})).toBe(before);
    await expect(h.services.allocations.get(systemActor('cli', 't'), 'DEMO-000001')).resolves.toMatchObject({
      _id: 'DEMO-000001',
    });
  });
});
