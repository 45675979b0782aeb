/**
 * Benchmark: the daily obligations sweep (allocation and contract flags) over N active
 * allocations (default 30,000) on the embedded engine (or MONGODB_URI). Seeds a region
 * of 180 providers and 30 teams with a realistic mix (some waiting for care, some
 * overdue, a few with safety concerns or unknown residence, some extension requests),
 * then times a first sweep (raises flags) and a second one (nothing changed).
 *
 *   npm run build && node dist/test/bench/sweep.js [allocations]
 */
import { addDays, addMonths } from '../../src/domain/dates';
import type { AllocationDoc, ExtensionRequestDoc } from '../../src/records';
import { systemActor } from '../../src/services/actor';
import { allocationInputFor, seedBenchRegion } from './region';
import { benchDatabase, since } from './support';

const TODAY = '2026-11-02';

function shape(doc: AllocationDoc, i: number): AllocationDoc {
  const start = addDays('2025-01-01', i % 600);
  doc.startDate = start;
  doc.endDate = addMonths(start, 24);
  if (i % 10 !== 0) doc.careStartDate = addDays(start, 20); // 1 in 10 still waits for care
  const lastEvaluated = i % 3 === 0 ? addDays(TODAY, -200) : addDays(TODAY, -30); // 1 in 3 behind on evaluations
  if (lastEvaluated > start) {
    doc.evaluations = {
      count: 2,
      latestId: `ev_${doc._id}_x_r0`,
      latestPeriodStart: addMonths(lastEvaluated, -3),
      latestPeriodEnd: lastEvaluated,
      latestMeetingDate: lastEvaluated,
      latestIsClosing: false,
      latestResidence: i % 50 === 0 ? 'unknown' : i % 70 === 0 ? 'secure' : 'home',
      latestResidenceSince: start,
      latestCaseDirection: i % 40 === 0 ? 'none' : 'parents',
      latestSafetyConcern: i % 60 === 0,
    };
  }
  return doc;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30_000);
  const bench = await benchDatabase();
  try {
    const region = await seedBenchRegion(bench.services, 180, 30);
    const actor = systemActor('cli', 'bench');
    let t = performance.now();
    for (let i = 0; i < n; i += 2000) {
      const docs = Array.from({ length: Math.min(2000, n - i) }, (_, k) =>
        shape(bench.services.allocations.buildDoc(allocationInputFor(region, i + k), actor, 'import'), i + k),
      );
      await bench.database.col.allocations.insertMany(docs);
      const requests: ExtensionRequestDoc[] = docs
        .filter((_, k) => (i + k) % 20 === 0)
        .map((d) => ({
          _id: `xr_${d._id}_1`,
          allocationNumber: d._id,
          providerAgbCode: d.providerAgbCode,
          teamCode: d.teamCode,
          municipalityCode: d.municipalityCode,
          contractNumber: d.contractNumber,
          clientRef: d.client.ref,
          source: 'provider',
          requestedEndDate: addMonths(d.endDate, 3),
          previousEndDate: d.endDate,
          reasoning: 'bench',
          withoutEvaluation: true,
          withoutEvaluationReason: 'none',
          status: 'submitted',
          submittedAt: new Date(),
          decisionDeadline: addDays(TODAY, -3),
          events: [],
        }));
      if (requests.length > 0) await bench.database.col.extensionRequests.insertMany(requests);
      if ((i / 2000) % 10 === 0) process.stderr.write(`seeded ${i + docs.length}/${n}\n`);
    }
    console.log(`seeded ${n} allocations in ${since(t)}`);

    const now = new Date(`${TODAY}T05:00:00Z`);
    for (const label of ['first sweep (raises flags)', 'second sweep (nothing changed)']) {
      if (global.gc) global.gc();
      const rss = process.memoryUsage().rss;
      t = performance.now();
      const daily = await bench.services.flagSweep.sweepDaily(now);
      const dailyMs = performance.now() - t;
      const t2 = performance.now();
      const requests = await bench.services.flagSweep.sweepRequests(now);
      console.log(
        `${label}: daily sweep ${dailyMs.toFixed(0)} ms ${JSON.stringify(daily)}; request sweep ${since(t2)} ${JSON.stringify(requests)}; rss +${((process.memoryUsage().rss - rss) / 1e6).toFixed(0)} MB`,
      );
    }
  } finally {
    await bench.close();
  }
}

void main();
