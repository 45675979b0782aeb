import type { Config } from '../config';
import type { Database } from '../db/client';
import type { AllocationDoc, Role } from '../records';
import { addDays, addMonths, dateInAmsterdam, quarterOf, quarterRange } from '../domain/dates';
import { errors } from '../errors';
import { campaignPartWay } from './reassessment';
import { seedDemoPersons } from './persons';
import type { Logger } from '../logger';
import { createMetrics } from '../metrics';
import { runJobOnce } from '../scheduler/run-job';
import type { Services } from '../services';
import type { ReviewInput } from '../services/reviews/reviews.service';
import { apiActor, systemActor, type Actor } from '../services/actor';
import { findJob } from '../../jobs';
import { generateHistory, seededRandom, type Trajectory } from './history';
import { storeHistory } from './store';
import {
  closedQuarters,
  DEMO_TEAMS,
  demoExperienceRatings,
  demoProviders,
  demoQuarterlyReports,
  type DemoProvider,
} from './region';

/** What `hub demo seed` works with. */
export interface DemoDeps {
  services: Services;
  database: Database;
  config: Config;
  logger: Logger;
}

/** What the demo created, and a token per role to look at it with. */
export interface DemoResult {
  counts: Record<string, number>;
  tokens: { role: Role; scope: string | null; token: string }[];
  /** The persons to sign in as through the development identity provider. */
  persons: string[];
}

/**
 * Fills an empty hub with a fictional region: three teams serving five municipalities,
 * twenty providers with contracts (some with their own KPI targets), about two years
 * of allocations with evaluation reports (most on time, some late, some missing),
 * extensions, drop-outs, safety concerns, quarterly reports and consultants' ratings;
 * extension requests in every state through the same services the API uses; then runs
 * the jobs so flags and KPIs exist, records reviews of the three weakest providers, and issues a token per role.
 * BSNs are fictional (the 9999xxxxx test range).
 */
export async function seedDemo(
  deps: DemoDeps,
  opts: { allocations: number; progress: (line: string) => void },
): Promise<DemoResult> {
  const { services, database } = deps;
  const { col } = database;
  const [providers, teams, allocations] = await Promise.all([
    col.providers.countDocuments({}),
    col.teams.countDocuments({}),
    col.allocations.countDocuments({}),
  ]);
  if (providers + teams + allocations > 0) {
    throw errors.conflict(
      'not-empty',
      `The hub is not empty (${providers} providers, ${teams} teams, ${allocations} allocations); demo seed only fills an empty hub. Start one on a fresh DATA_DIR (or DB_NAME) to try it.`,
    );
  }
  const now = new Date();
  const today = dateInAmsterdam(now);
  const from = quarterRange(quarterOf(addMonths(today, -24))).start;
  const system = systemActor('cli', 'demo seed');
  const rnd = seededRandom(2026);
  const region = demoProviders(from, addMonths(quarterRange(quarterOf(today)).end, 12));
  const counts: Record<string, number> = {};

  for (const t of DEMO_TEAMS) await services.registry.createTeam(t);
  for (const p of region) {
    await services.registry.createProvider(p.registry);
    await services.registry.createContract(p.contract);
  }
  opts.progress(`registered ${DEMO_TEAMS.length} teams, ${region.length} providers and their contracts (from ${from})`);

  const spec = {
    providers: region,
    teams: DEMO_TEAMS,
    allocations: opts.allocations,
    from,
    today,
    seed: 2026,
    numberPrefix: 'DEMO-',
    graceDays: 14,
  };
  const build = (input: Parameters<Services['allocations']['buildDoc']>[0], endReason?: string) =>
    services.allocations.buildDoc(input, system, 'import', endReason);
  const worksWith = new Map<string, Set<string>>(DEMO_TEAMS.map((t) => [t.teamCode, new Set<string>()]));
  const tapped = function* (): Generator<Trajectory> {
    for (const trajectory of generateHistory(spec, build)) {
      worksWith.get(trajectory.allocation.teamCode)!.add(trajectory.allocation.providerAgbCode);
      yield trajectory;
    }
  };
  Object.assign(
    counts,
    await storeHistory(col, tapped(), 1000, (c) =>
      opts.progress(`allocations ${c.allocations}/${opts.allocations}, evaluations ${c.evaluations}`),
    ),
  );

  const quarters = closedQuarters(from, today);
  const reports = demoQuarterlyReports(region, quarters, today, rnd);
  await col.quarterlyReports.insertMany(reports);
  const ratings = demoExperienceRatings(worksWith, new Map(region.map((p) => [p.agbCode, p.quality])), quarters, rnd);
  await col.experienceRatings.insertMany(ratings);
  counts.quarterlyReports = reports.length;
  counts.experienceRatings = ratings.length;
  opts.progress(`${reports.length} quarterly reports, ${ratings.length} experience ratings`);

  counts.extensionRequestsViaApi = await extensionRequestsInEveryState(services, col, today, region);
  opts.progress(
    `${counts.extensionRequestsViaApi} extension requests through the services (submitted, information requested, approved, rejected, withdrawn, bulk)`,
  );

  const campaign = await campaignPartWay(services, database, DEMO_TEAMS[0]!.teamCode, today);
  counts.reassessmentCases = (await services.reassessments.get(system, campaign)).progress.total;
  opts.progress(`a reassessment campaign of ${counts.reassessmentCases} cases, eight weeks in`);

  for (const name of ['obligations-sweep', 'extension-deadlines', 'kpi-snapshot', 'reassessments'])
    await runJob(deps, name, now, opts.progress);
  counts.reviews = await reviewsOfTheWeakest(services, region, today);
  await runJob(deps, 'obligations-sweep', now, opts.progress); // the overdue improvement action
  await services.audit.record(system, [
    { action: 'demo.seed', objectType: 'region', objectId: 'Regio Demo', clientRef: null },
  ]);

  const tokens: DemoResult['tokens'] = [];
  for (const [role, scope] of [
    ['admin', null],
    ['contract_manager', null],
    ['consultant', DEMO_TEAMS[0]!.teamCode],
    ['provider', region[0]!.agbCode],
  ] as const) {
    const { token } = await services.tokens.create(
      {
        role,
        label: `demo ${role}`,
        ...(role === 'consultant' ? { teamCode: scope } : {}),
        ...(role === 'provider' ? { providerAgbCode: scope } : {}),
      },
      'demo seed',
    );
    tokens.push({ role, scope, token });
  }
  const persons = await seedDemoPersons(services, deps.config, DEMO_TEAMS[0]!.teamCode, region[0]!.agbCode);
  counts.flagsOpen = await col.flags.countDocuments({ status: { $ne: 'resolved' } });
  return { counts, tokens, persons };
}

async function runJob(deps: DemoDeps, name: string, now: Date, progress: (line: string) => void): Promise<void> {
  const job = findJob(name)!;
  const result = await runJobOnce(
    job,
    { config: deps.config, database: deps.database, services: deps.services, logger: deps.logger },
    createMetrics(),
    { now, trigger: 'manual' },
  );
  if (result.status !== 'succeeded')
    throw new Error(`demo seed: job ${name} ${result.status}${result.status === 'failed' ? `: ${result.error}` : ''}`);
  progress(`job ${name}: ${JSON.stringify(result.counts)}`);
}

const asProvider = (agb: string): Actor =>
  apiActor(
    { tokenId: 'demo', role: 'provider', label: 'demo provider system', providerAgbCode: agb },
    'demo-seed',
    '127.0.0.1',
  );
const asConsultant = (team: string): Actor =>
  apiActor({ tokenId: 'demo', role: 'consultant', label: 'demo consultant', teamCode: team }, 'demo-seed', '127.0.0.1');

/** Extension requests through the services, a few in every state, and one bulk extension. */
async function extensionRequestsInEveryState(
  services: Services,
  col: Database['col'],
  today: string,
  region: DemoProvider[],
): Promise<number> {
  const contractEnd = new Map(region.map((p) => [p.agbCode, p.contract.endDate]));
  const candidates: AllocationDoc[] = [];
  for await (const a of col.allocations.find({ status: 'active' }, { sort: { _id: 1 } })) {
    if (!a.extensionRequestCount && a.endDate > today && addMonths(a.endDate, 6) <= contractEnd.get(a.providerAgbCode)!)
      candidates.push(a);
  }
  const recent = (a: AllocationDoc) =>
    a.evaluations?.latestMeetingDate !== undefined && a.evaluations.latestMeetingDate >= addDays(today, -90);
  const withEvaluation = candidates.filter(recent);
  const without = candidates.filter((a) => !recent(a));
  const plan: {
    a: AllocationDoc | undefined;
    then: 'submitted' | 'info_requested' | 'approved' | 'rejected' | 'withdrawn';
  }[] = [
    ...withEvaluation.slice(0, 4).map((a) => ({ a, then: 'submitted' as const })),
    ...withEvaluation.slice(4, 8).map((a) => ({ a, then: 'approved' as const })),
    ...withEvaluation.slice(8, 10).map((a) => ({ a, then: 'info_requested' as const })),
    ...without.slice(0, 2).map((a) => ({ a, then: 'submitted' as const })),
    ...without.slice(2, 4).map((a) => ({ a, then: 'rejected' as const })),
    ...without.slice(4, 5).map((a) => ({ a, then: 'approved' as const })),
    ...withEvaluation.slice(10, 11).map((a) => ({ a, then: 'withdrawn' as const })),
  ];
  let n = 0;
  for (const { a, then } of plan) {
    if (!a) continue;
    const request = await services.extensionRequests.submit(asProvider(a.providerAgbCode), {
      allocationNumber: a._id,
      requestedEndDate: addMonths(a.endDate, 6),
      reasoning: 'Doelen deels behaald; voortzetting nodig voor stabiele schoolgang.',
      ...(recent(a) ? { evaluationId: a.evaluations!.latestId! } : {}),
    });
    n += 1;
    if (then === 'withdrawn') await services.extensionRequests.withdraw(asProvider(a.providerAgbCode), request._id);
    else if (then === 'approved')
      await services.extensionRequests.decide(asConsultant(a.teamCode), request._id, {
        decision: 'approved',
        note: 'Akkoord op basis van de evaluatie.',
      });
    else if (then === 'rejected')
      await services.extensionRequests.decide(asConsultant(a.teamCode), request._id, {
        decision: 'rejected',
        rejectionCode: '7',
        note: 'Geen recente evaluatie.',
      });
    else if (then === 'info_requested')
      await services.extensionRequests.decide(asConsultant(a.teamCode), request._id, {
        decision: 'info_requested',
        note: 'Graag de doelen voor de komende periode.',
      });
  }
  const used = new Set(plan.map((p) => p.a?._id));
  const team = DEMO_TEAMS[1]!.teamCode;
  const bulk = without.filter((a) => !used.has(a._id) && a.teamCode === team).slice(0, 5);
  if (bulk.length > 0) {
    const newEnd = bulk
      .map((a) => addMonths(a.endDate, 3))
      .sort()
      .pop()!;
    const report = await services.extensionRequests.bulkExtend(asConsultant(team), {
      decisionReference: 'Besluit ambtshalve verlenging demo',
      newEndDate: newEnd,
      allocationNumbers: bulk.map((a) => a._id),
      reasoning: 'Wachtlijst bij de vervolgaanbieder.',
    });
    n += report.extended.length;
  }
  return n;
}

/** Reviews of the three providers with the most red KPIs in the latest final quarter; one with an action already overdue. */
async function reviewsOfTheWeakest(services: Services, region: DemoProvider[], today: string): Promise<number> {
  type KpiId = NonNullable<ReviewInput['kpisDiscussed']>[number];
  const reds = new Map<string, KpiId[]>();
  for (const s of await services.kpis.providerSeries()) {
    const latest = s.series[s.series.length - 1];
    if (latest?.rating === 'red' && !latest.smallSample)
      reds.set(s.providerAgbCode, [...(reds.get(s.providerAgbCode) ?? []), s.kpi as KpiId]); // a KPI the hub computes
  }
  const weakest = [...reds].sort((a, b) => b[1].length - a[1].length).slice(0, 3);
  const cm = apiActor(
    { tokenId: 'demo', role: 'contract_manager', label: 'demo contract manager' },
    'demo-seed',
    '127.0.0.1',
  );
  for (const [i, [agb, kpis]] of weakest.entries()) {
    const date = addDays(today, i === 0 ? -60 : -10);
    await services.reviews.create(cm, {
      providerAgbCode: agb,
      date,
      kpisDiscussed: kpis.slice(0, 4),
      notes: `Gesprek met ${region.find((p) => p.agbCode === agb)!.registry.name} over de rode KPI's.`,
      actions: [
        {
          description: 'Plan van aanpak tijdigheid evaluaties aanleveren',
          owner: 'provider',
          dueDate: addDays(date, 30),
        },
        { description: 'Uitvalanalyse bespreken in het volgende gesprek', owner: 'both', dueDate: addDays(date, 90) },
      ],
    });
  }
  return weakest.length;
}
