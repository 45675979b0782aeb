/**
 * Benchmark: what a user waits for, beside what the engine itself can do. Seeds 180
 * providers and N allocations (default 30,000) of generated history with their
 * evaluation reports, serves the real app on a loopback port, and times everyday
 * requests over real HTTP (a consultant registering, reading and deciding; a provider
 * submitting an evaluation and an extension request and reading its lists; a
 * consultant's flags; a contract manager's KPIs and scorecard), each at least 20
 * times, beside a raw-driver `findOne({_id})` and `insertOne` on the same engine and
 * data in the same run. Then 20 provider clients submit evaluations for distinct
 * allocations for S seconds, beside 20 raw writers inserting the same documents.
 * Prints median and p99 and the ratio to the raw operation; asserts nothing.
 *
 *   npm run build && node --expose-gc dist/test/bench/api.js [allocations] [runs] [seconds]
 *   TEST_BACKEND=postgresql node dist/test/bench/api.js …   # FerretDB's PostgreSQL backend
 *   BENCH_KEEP=1 …, then BENCH_DATABASE=bench_… …   # seed once, measure again on the same data (its sweep then finds its flags raised)
 */
import crypto from 'node:crypto';
import { createApp } from '../../src/app';
import { addDays, dateInAmsterdam, previousQuarter, quarterOf } from '../../src/domain/dates';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { serveApp } from '../../src/http-server';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { systemActor } from '../../src/services/actor';
import { evaluationInput } from '../support/factories';
import { testBackendKind } from '../support/test-engine';
import { benchRegionCodes, seedBenchHistory, seedBenchRegion, type BenchRegion } from './region';
import { benchDatabase, reusedBenchDatabase, since } from './support';

interface Timed {
  status: number;
  body: Record<string, unknown>;
}

/** Runs a phase and prints its time and the highest resident memory sampled while it ran. */
async function phase(label: string, run: () => Promise<unknown>): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: what the seeding left is not counted
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const start = performance.now();
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${label}: ${since(start)}, RSS up to ${(peak / 2 ** 20).toFixed(0)} MB (the hub process; the engine is a process of its own)`,
  );
}

/** Median and 99th percentile (nearest rank) of a sample, in ms. */
function stats(ms: number[]): { median: number; p99: number; n: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, p99: rank(0.99), n: sorted.length };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30_000);
  const runs = Math.max(20, Number(process.argv[3] ?? 20));
  const seconds = Number(process.argv[4] ?? 30);
  const bench = await benchDatabase();
  const { services, config, schemas, database } = bench;
  const today = dateInAmsterdam(new Date());
  const logger = createLogger({ level: 'silent', format: 'json' });
  const served = await serveApp(
    createApp({
      config,
      database,
      services,
      registry: schemas,
      metrics: createMetrics(),
      logger,
      clock: () => new Date(),
    }),
    { ...config, port: 0 },
    logger,
  );
  try {
    let region: BenchRegion;
    if (reusedBenchDatabase()) {
      // seeded by an earlier run: its sweep below finds the flags raised already (a day like any other)
      region = benchRegionCodes(180, 30);
      console.log(
        `backend ${process.env.MONGODB_URI ? 'MONGODB_URI' : testBackendKind()}; reusing ${reusedBenchDatabase()!}: ${await database.col.allocations.estimatedDocumentCount()} allocations, ${await database.col.evaluations.estimatedDocumentCount()} evaluations`,
      );
    } else {
      region = await seedBenchRegion(services, 180, 30);
      const t = performance.now();
      const stored = await seedBenchHistory(services, database.col, region, n, addDays(today, -7));
      console.log(
        `backend ${process.env.MONGODB_URI ? 'MONGODB_URI' : testBackendKind()}; seeded ${stored.allocations} allocations, ${stored.evaluations} evaluations, ${stored.extensions} extensions in ${since(t)}`,
      );
    }
    const run = crypto.randomBytes(3).toString('hex'); // this run's own records, also in a reused database
    const quarter = previousQuarter(quarterOf(today));
    await phase('caseload rows (the sweep builds those of the seeded history)', () =>
      services.caseloadRows.resyncAll((n, fn) => services.allocations.withAllocationLock(n, fn)),
    );
    await phase('daily sweep', () => services.flagSweep.sweepDaily(new Date()));
    await phase('waiting monitor (its daily computation)', () => services.waiting.compute(new Date()));
    await phase(`KPI pass (${quarter} and ${quarterOf(today)})`, () =>
      services.kpis.computeMany([quarter, quarterOf(today)], 'snapshot', systemActor('job', 'bench')),
    );

    const token = async (
      role: 'consultant' | 'provider' | 'contract_manager',
      scope: { teamCode?: string; providerAgbCode?: string } = {},
    ) => `Bearer ${(await services.tokens.create({ role, ...scope }, 'bench')).token}`;
    const consultant = await token('consultant', { teamCode: region.teams[0]! });
    const provider = await token('provider', { providerAgbCode: region.providers[0]! });
    const manager = await token('contract_manager');
    const base = served.url;
    const call = async (auth: string, method: string, path: string, body?: unknown): Promise<Timed> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const timings = new Map<string, { ms: number[]; kind: 'read' | 'write' }>();
    const time = async (label: string, expected: number, run: () => Promise<Timed>): Promise<Timed> => {
      const start = performance.now();
      const res = await run();
      const ms = performance.now() - start;
      if (res.status !== expected) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
      const entry = timings.get(label) ?? {
        ms: [],
        kind: /^(POST|PATCH)/.test(label) ? ('write' as const) : ('read' as const),
      };
      entry.ms.push(ms);
      timings.set(label, entry);
      return res;
    };

    // the engine's own speed on the same data: findOne by _id late in the table, insertOne of an evaluation-sized document
    const rawFind: number[] = [];
    const rawInsert: number[] = [];
    const raw = database.db.collection<Record<string, unknown> & { _id: string }>('bench_raw');
    for (let k = 0; k < runs; k += 1) {
      const id = `KB-${String(n - 1 - k * 37).padStart(6, '0')}`;
      let s = performance.now();
      if (!(await database.col.allocations.findOne({ _id: id }))) throw new Error(`no allocation ${id}`);
      rawFind.push(performance.now() - s);
      s = performance.now();
      await raw.insertOne({ _id: `raw-${run}-${k}`, ...evaluationInput(id, '2026-01-01', '2026-03-31') });
      rawInsert.push(performance.now() - s);
    }
    const find = stats(rawFind);
    const insert = stats(rawInsert);

    const start = addDays(today, -95);
    for (let k = 0; k < runs; k += 1) {
      const number = `API-${run}-${String(k).padStart(3, '0')}`;
      await time('POST /v1/allocations (consultant)', 201, () =>
        call(consultant, 'POST', '/v1/allocations', {
          allocationNumber: number,
          client: { bsn: fictionalBsn(900_000 + k), birthDate: '2012-03-14' },
          municipalityCode: region.municipalities[0],
          teamCode: region.teams[0],
          providerAgbCode: region.providers[0],
          contractNumber: region.contracts[0],
          product: { category: '45', code: '45A48' },
          startDate: start,
          endDate: addDays(today, 30),
          volume: { amount: 60, unit: '04', frequency: '6' },
          referrerType: '01',
          careStartDate: addDays(start, 10),
        }),
      );
      await time('GET /v1/allocations/{n} (consultant)', 200, () =>
        call(consultant, 'GET', `/v1/allocations/${number}`),
      );
      const evaluation = await time('POST /v1/evaluations (provider)', 201, () =>
        call(provider, 'POST', '/v1/evaluations', evaluationInput(number, start, addDays(today, -3))),
      );
      await time('GET /v1/evaluations/{id} (provider)', 200, () =>
        call(provider, 'GET', `/v1/evaluations/${String(evaluation.body.id)}`),
      );
      const request = await time('POST /v1/extension-requests (provider)', 201, () =>
        call(provider, 'POST', '/v1/extension-requests', {
          allocationNumber: number,
          requestedEndDate: addDays(today, 120),
          evaluationId: evaluation.body.id,
          reasoning: 'De doelen vragen nog een half jaar.',
        }),
      );
      await time('POST /v1/extension-requests/{id}/decision (consultant)', 200, () =>
        call(consultant, 'POST', `/v1/extension-requests/${String(request.body.id)}/decision`, {
          decision: 'approved',
          note: 'Akkoord.',
        }),
      );
      await time('GET /v1/allocations?limit=100 (provider)', 200, () =>
        call(provider, 'GET', '/v1/allocations?limit=100'),
      );
      await time('GET /v1/evaluations?limit=100 (provider)', 200, () =>
        call(provider, 'GET', '/v1/evaluations?limit=100'),
      );
      await time('GET /v1/obligations?limit=100 (provider)', 200, () =>
        call(provider, 'GET', '/v1/obligations?limit=100'),
      );
      await time('GET /v1/caseload?limit=100 (consultant)', 200, () =>
        call(consultant, 'GET', '/v1/caseload?limit=100'),
      );
      await time('GET /v1/caseload?residence=unknown (consultant)', 200, () =>
        call(consultant, 'GET', '/v1/caseload?residence=unknown&limit=100'),
      );
      await time('GET /v1/caseload/summary (consultant)', 200, () => call(consultant, 'GET', '/v1/caseload/summary'));
      await time('GET /v1/waiting?limit=100 (contract manager)', 200, () =>
        call(manager, 'GET', '/v1/waiting?limit=100'),
      );
      await time('GET /v1/waiting?productCategory=45 (consultant)', 200, () =>
        call(consultant, 'GET', '/v1/waiting?productCategory=45&limit=200'),
      );
      await time('GET /v1/waiting/cases?limit=100 (consultant)', 200, () =>
        call(consultant, 'GET', '/v1/waiting/cases?limit=100'),
      );
      await time('GET /v1/flags?status=open&limit=100 (consultant)', 200, () =>
        call(consultant, 'GET', '/v1/flags?status=open&limit=100'),
      );
      await time(`GET /v1/kpis?quarter (contract manager)`, 200, () =>
        call(manager, 'GET', `/v1/kpis?quarter=${quarter}`),
      );
      await time('GET /v1/providers/{agbCode}/scorecard (contract manager)', 200, () =>
        call(manager, 'GET', `/v1/providers/${region.providers[1]!}/scorecard`),
      );
    }

    console.log(`\n${n} allocations, ${runs} requests each, beside the raw driver on the same engine and data:`);
    console.log('| request | median | p99 | median / raw |');
    console.log('|---|---|---|---|');
    console.log(`| raw findOne({_id}) on allocations | ${fmt(find.median)} | ${fmt(find.p99)} | 1 |`);
    console.log(`| raw insertOne (an evaluation report) | ${fmt(insert.median)} | ${fmt(insert.p99)} | 1 |`);
    for (const [label, { ms, kind }] of timings) {
      const s = stats(ms);
      const rawMedian = kind === 'read' ? find.median : insert.median;
      console.log(
        `| ${label} | ${fmt(s.median)} | ${fmt(s.p99)} | ${(s.median / rawMedian).toFixed(1)}× ${kind === 'read' ? 'findOne' : 'insertOne'} |`,
      );
    }

    // throughput: 20 provider clients, each with allocations of its own, submitting successive weekly reports
    const clients = 20;
    const perClient = 5;
    const agb = region.providers[2]!;
    const contract = region.contracts[2]!;
    const throughputToken = await token('provider', { providerAgbCode: agb });
    const weekStart = (w: number) => addDays('2024-01-08', 7 * w);
    for (let c = 0; c < clients; c += 1) {
      for (let a = 0; a < perClient; a += 1) {
        const number = `TP-${run}-${String(c).padStart(2, '0')}-${a}`;
        await call(consultant, 'POST', '/v1/allocations', {
          allocationNumber: number,
          client: { bsn: fictionalBsn(950_000 + c * perClient + a), birthDate: '2012-03-14' },
          municipalityCode: region.municipalities[0],
          teamCode: region.teams[0],
          providerAgbCode: agb,
          contractNumber: contract,
          product: { category: '45', code: '45A48' },
          startDate: '2024-01-08',
          endDate: addDays(today, 30),
          volume: { amount: 60, unit: '04', frequency: '6' },
          referrerType: '01',
          careStartDate: '2024-01-10',
        }).then((r) => {
          if (r.status !== 201) throw new Error(`register ${number}: ${r.status} ${JSON.stringify(r.body)}`);
        });
      }
    }
    const load = async (submit: (c: number, k: number) => Promise<void>) => {
      const latencies: number[] = [];
      const until = performance.now() + seconds * 1000;
      const began = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let k = 0; performance.now() < until; k += 1) {
            const s = performance.now();
            await submit(c, k);
            latencies.push(performance.now() - s);
          }
        }),
      );
      const elapsed = (performance.now() - began) / 1000;
      return { perSecond: latencies.length / elapsed, ...stats(latencies) };
    };
    const body = (c: number, k: number) => {
      const week = Math.floor(k / perClient);
      return evaluationInput(
        `TP-${run}-${String(c).padStart(2, '0')}-${k % perClient}`,
        weekStart(week),
        addDays(weekStart(week), 6),
      );
    };
    const api = await load(async (c, k) => {
      const res = await call(throughputToken, 'POST', '/v1/evaluations', body(c, k));
      if (res.status !== 201) throw new Error(`throughput: ${res.status} ${JSON.stringify(res.body)}`);
    });
    const rawLoad = await load(async (c, k) => {
      await raw.insertOne({ _id: `tp-${run}-${c}-${k}`, ...body(c, k) });
    });
    console.log(
      `\n${clients} concurrent clients for ${seconds} s, evaluations for distinct allocations (${clients * perClient}):`,
    );
    console.log('| writer | per second | median | p99 |');
    console.log('|---|---|---|---|');
    console.log(`| POST /v1/evaluations (hub) | ${api.perSecond.toFixed(1)} | ${fmt(api.median)} | ${fmt(api.p99)} |`);
    console.log(
      `| raw insertOne of the same documents | ${rawLoad.perSecond.toFixed(1)} | ${fmt(rawLoad.median)} | ${fmt(rawLoad.p99)} |`,
    );
    console.log(`hub / raw: ${((100 * api.perSecond) / rawLoad.perSecond).toFixed(1)}%`);
  } finally {
    await served.close();
    await bench.close();
  }
}

void main();
