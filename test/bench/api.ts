/**
 * Benchmark: what a user waits for. Seeds 180 providers and N allocations (default
 * 30,000) of generated history with their evaluation reports, serves the real app on
 * a loopback port, and times everyday requests over real HTTP: a consultant
 * registering and reading an allocation, a provider submitting an evaluation and an
 * extension request and reading its lists, a consultant's flag list. Prints the
 * median and the slowest of each; asserts nothing.
 *
 *   npm run build && node dist/test/bench/api.js [allocations] [runs]
 */
import { createApp } from '../../src/app';
import { addDays, dateInAmsterdam } from '../../src/domain/dates';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { serveApp } from '../../src/http-server';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { evaluationInput } from '../support/factories';
import { seedBenchHistory, seedBenchRegion } from './region';
import { benchDatabase, since } from './support';

interface Timed {
  status: number;
  body: Record<string, unknown>;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30_000);
  const runs = Number(process.argv[3] ?? 5);
  const bench = await benchDatabase();
  const { services, config, schemas, database } = bench;
  const today = dateInAmsterdam(new Date());
  const logger = createLogger({ level: 'silent', format: 'json' });
  const served = await serveApp(createApp({ config, database, services, registry: schemas, metrics: createMetrics(), logger, clock: () => new Date() }), { ...config, port: 0 }, logger);
  try {
    const region = await seedBenchRegion(services, 180, 30);
    let t = performance.now();
    const stored = await seedBenchHistory(services, database.col, region, n, addDays(today, -7));
    console.log(`seeded ${stored.allocations} allocations, ${stored.evaluations} evaluations, ${stored.extensions} extensions in ${since(t)}`);
    t = performance.now();
    await services.flagSweep.sweepDaily(new Date());
    console.log(`daily sweep: ${since(t)}`);

    const token = async (role: 'consultant' | 'provider', scope: { teamCode?: string; providerAgbCode?: string }) => `Bearer ${(await services.tokens.create({ role, ...scope }, 'bench')).token}`;
    const consultant = await token('consultant', { teamCode: region.teams[0]! });
    const provider = await token('provider', { providerAgbCode: region.providers[0]! });
    const base = served.url;
    const call = async (auth: string, method: string, path: string, body?: unknown): Promise<Timed> => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const timings = new Map<string, number[]>();
    const time = async (label: string, expected: number, run: () => Promise<Timed>): Promise<Timed> => {
      const start = performance.now();
      const res = await run();
      const ms = performance.now() - start;
      if (res.status !== expected) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
      timings.set(label, [...(timings.get(label) ?? []), ms]);
      return res;
    };

    const start = addDays(today, -95);
    for (let k = 0; k < runs; k += 1) {
      const number = `API-${String(k).padStart(6, '0')}`;
      await time('POST /v1/allocations (consultant)', 201, () => call(consultant, 'POST', '/v1/allocations', {
        allocationNumber: number, client: { bsn: fictionalBsn(900_000 + k), birthDate: '2012-03-14' }, municipalityCode: region.municipalities[0], teamCode: region.teams[0],
        providerAgbCode: region.providers[0], contractNumber: region.contracts[0], product: { category: '45', code: '45A48' }, startDate: start, endDate: addDays(today, 30),
        volume: { amount: 60, unit: '04', frequency: '6' }, referrerType: '01', careStartDate: addDays(start, 10),
      }));
      await time('GET /v1/allocations/{n} (consultant)', 200, () => call(consultant, 'GET', `/v1/allocations/${number}`));
      const evaluation = await time('POST /v1/evaluations (provider)', 201, () => call(provider, 'POST', '/v1/evaluations', evaluationInput(number, start, addDays(today, -3))));
      await time('GET /v1/evaluations/{id} (provider)', 200, () => call(provider, 'GET', `/v1/evaluations/${String(evaluation.body.id)}`));
      await time('POST /v1/extension-requests (provider)', 201, () => call(provider, 'POST', '/v1/extension-requests', {
        allocationNumber: number, requestedEndDate: addDays(today, 120), evaluationId: evaluation.body.id, reasoning: 'De doelen vragen nog een half jaar.',
      }));
      await time('GET /v1/allocations?limit=100 (provider)', 200, () => call(provider, 'GET', '/v1/allocations?limit=100'));
      await time('GET /v1/evaluations?limit=100 (provider)', 200, () => call(provider, 'GET', '/v1/evaluations?limit=100'));
      await time('GET /v1/obligations?limit=100 (provider)', 200, () => call(provider, 'GET', '/v1/obligations?limit=100'));
      await time('GET /v1/flags?status=open&limit=100 (consultant)', 200, () => call(consultant, 'GET', '/v1/flags?status=open&limit=100'));
    }
    console.log(`requests at ${n} allocations, ${runs} runs each (median / slowest):`);
    for (const [label, ms] of timings) {
      const sorted = [...ms].sort((a, b) => a - b);
      console.log(`  ${label}: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms / ${sorted[sorted.length - 1]!.toFixed(0)} ms`);
    }
  } finally {
    await served.close();
    await bench.close();
  }
}

void main();
