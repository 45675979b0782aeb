/**
 * Benchmark: computing one quarter's KPIs for 180 providers and N allocations
 * (default 30,000) with their evaluation reports, on the embedded engine (or
 * MONGODB_URI). Seeds two and a half years of generated trajectories (the demo's
 * generator), runs the daily sweep once (so missing evaluations are flagged), then
 * times each source scan alone, a final computation of 2026-Q3, a provisional one of
 * the open quarter, and reading one provider's scorecard.
 *
 *   npm run build && node --expose-gc dist/test/bench/kpis.js [allocations]
 */
import { seededRandom } from '../../src/demo/history';
import type { ExperienceRatingDoc } from '../../src/records';
import { KpiSourcesRepository } from '../../src/repositories/kpi-sources.repository';
import { systemActor } from '../../src/services/actor';
import { seedBenchHistory, seedBenchRegion } from './region';
import { benchDatabase, since } from './support';

const TODAY = '2026-11-20';
const QUARTER = '2026-Q3';

async function count(iterable: AsyncIterable<unknown> | Promise<unknown[]>): Promise<number> {
  if (iterable instanceof Promise) return (await iterable).length;
  let n = 0;
  for await (const _ of iterable) n += 1;
  return n;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30_000);
  const bench = await benchDatabase();
  const { col } = bench.database;
  try {
    const region = await seedBenchRegion(bench.services, 180, 30);
    const rnd = seededRandom(7);
    const actor = systemActor('cli', 'bench');
    let t = performance.now();
    const { evaluations } = await seedBenchHistory(bench.services, col, region, n, TODAY);
    const ratings: ExperienceRatingDoc[] = [];
    for (const team of region.teams) {
      for (const agb of region.providers)
        ratings.push({
          _id: `${QUARTER}|${agb}|${team}`,
          quarter: QUARTER,
          providerAgbCode: agb,
          teamCode: team,
          score: 5 + Math.floor(rnd() * 5),
          ratedBy: team,
          ratedAt: new Date(),
        });
    }
    await col.experienceRatings.insertMany(ratings);
    console.log(
      `seeded ${n} allocations, ${evaluations} evaluations, ${await col.extensionRequests.countDocuments({})} extensions, ${ratings.length} ratings in ${since(t)}`,
    );

    t = performance.now();
    const swept = await bench.services.flagSweep.sweepDaily(new Date(`${TODAY}T05:00:00Z`));
    console.log(
      `daily sweep (flags the missing evaluations): ${since(t)}, ${swept.allocations.open} allocation flags open`,
    );

    const sources = new KpiSourcesRepository(col);
    for (const [name, run] of [
      ['allocations (with their evaluation facts)', () => sources.dangerousStreamAllAllocations()],
      ['open overdue flags', () => sources.dangerousStreamOpenOverdueFlags()],
      ['approved extensions', () => sources.dangerousStreamApprovedExtensions()],
      ['ratings of the quarter', () => sources.dangerousStreamRatingsOf([QUARTER])],
    ] as const) {
      t = performance.now();
      const docs = await count(run());
      console.log(`  scan ${name}: ${docs} docs in ${since(t)}`);
    }

    const now = new Date(`${TODAY}T06:00:00Z`);
    for (const [label, quarters] of [
      ['one quarter (final)', [QUARTER]],
      ["the nightly job's two (last quarter final, open quarter provisional) in one pass", [QUARTER, '2026-Q4']],
    ] as const) {
      if (global.gc) global.gc();
      const rss = process.memoryUsage().rss;
      t = performance.now();
      const done = await bench.services.kpis.computeMany([...quarters], 'snapshot', actor, { now });
      console.log(
        `compute ${label}: ${since(t)} (${done.map((d) => `${d.quarter} ${d.status}: ${d.providers} providers, ${d.results} results`).join('; ')}; rss +${((process.memoryUsage().rss - rss) / 1e6).toFixed(0)} MB)`,
      );
    }

    const cm = {
      principal: { tokenId: 'yht_bench', role: 'contract_manager' as const, label: 'bench' },
      audit: actor.audit,
      requestId: null,
      sourceIp: null,
    };
    t = performance.now();
    const card = await bench.services.scorecard.scorecard(cm, region.providers[0]!);
    console.log(`scorecard of one provider: ${since(t)} (${card.openFlags.total} open flags)`);
    t = performance.now();
    const rows = await bench.services.kpis.list(cm, { quarter: QUARTER });
    console.log(`GET /v1/kpis?quarter=${QUARTER} (all providers): ${rows.length} rows in ${since(t)}`);
    t = performance.now();
    const local = await bench.services.kpis.list(cm, { quarter: QUARTER, municipalityCode: region.municipalities[0]! });
    console.log(
      `GET /v1/kpis?quarter=${QUARTER}&municipalityCode=${region.municipalities[0]} (all providers in one municipality): ${local.length} rows in ${since(t)}`,
    );
  } finally {
    await bench.close();
  }
}

void main();
