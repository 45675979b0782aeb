/**
 * Benchmark: where an everyday request's time goes. Seeds a region like `api.ts` does,
 * then sends each everyday request `runs` times over real HTTP while the driver's
 * command monitoring records what the hub sends to the engine. Prints per request
 * the median time, the engine commands it sent (by command and collection) and the
 * median time those commands took, beside the rest (HTTP, validation, presenting).
 * Asserts nothing.
 *
 *   npm run build && node dist/test/bench/commands.js [allocations] [runs]
 *   TEST_BACKEND=postgresql node dist/test/bench/commands.js …
 *   BENCH_KEEP=1 …, then BENCH_DATABASE=bench_… …   # seed once, measure again on the same data
 */
import crypto from 'node:crypto';
import type { CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent } from 'mongodb';
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
import { benchDatabase, reusedBenchDatabase } from './support';

interface Sent {
  name: string;
  ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 30_000);
  const runs = Math.max(5, Number(process.argv[3] ?? 10));
  const bench = await benchDatabase({ monitorCommands: true });
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
  let recording: Map<number, Sent> | undefined;
  const started = new Map<number, string>();
  database.client.on('commandStarted', (e: CommandStartedEvent) => {
    const target = e.command[e.commandName];
    started.set(e.requestId, `${e.commandName}${typeof target === 'string' ? ` ${target}` : ''}`);
  });
  const done = (e: CommandSucceededEvent | CommandFailedEvent) => {
    const name = started.get(e.requestId);
    started.delete(e.requestId);
    if (recording && name) recording.set(e.requestId, { name, ms: e.duration });
  };
  database.client.on('commandSucceeded', done);
  database.client.on('commandFailed', done);
  try {
    const quarter = previousQuarter(quarterOf(today));
    let region: BenchRegion;
    if (reusedBenchDatabase()) {
      // seeded, swept and computed by an earlier run
      region = benchRegionCodes(180, 30);
      console.log(
        `backend ${process.env.MONGODB_URI ? 'MONGODB_URI' : testBackendKind()}; reusing ${reusedBenchDatabase()!}: ${await database.col.allocations.estimatedDocumentCount()} allocations, ${await database.col.evaluations.estimatedDocumentCount()} evaluations`,
      );
    } else {
      region = await seedBenchRegion(services, 180, 30);
      const stored = await seedBenchHistory(services, database.col, region, n, addDays(today, -7));
      await services.flagSweep.sweepDaily(new Date());
      await services.kpis.computeMany([quarter, quarterOf(today)], 'snapshot', systemActor('job', 'bench'));
      console.log(
        `backend ${process.env.MONGODB_URI ? 'MONGODB_URI' : testBackendKind()}; ${stored.allocations} allocations, ${stored.evaluations} evaluations`,
      );
    }
    const run = crypto.randomBytes(3).toString('hex'); // this run's own allocation numbers, also in a reused database

    const token = async (
      role: 'consultant' | 'provider' | 'contract_manager',
      scope: { teamCode?: string; providerAgbCode?: string } = {},
    ) => `Bearer ${(await services.tokens.create({ role, ...scope }, 'bench')).token}`;
    const consultant = await token('consultant', { teamCode: region.teams[0]! });
    const provider = await token('provider', { providerAgbCode: region.providers[0]! });
    const manager = await token('contract_manager');
    const results = new Map<string, { total: number[]; engine: number[]; commands: Map<string, number> }>();
    const call = async (
      label: string,
      expected: number,
      auth: string,
      method: string,
      path: string,
      body?: unknown,
    ): Promise<Record<string, unknown>> => {
      recording = new Map();
      const s = performance.now();
      const res = await fetch(`${served.url}${path}`, {
        method,
        headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as Record<string, unknown>;
      const total = performance.now() - s;
      await new Promise((r) => setTimeout(r, 30)); // group-committed audit appends land after the answer
      const sent = [...recording.values()];
      recording = undefined;
      if (res.status !== expected) throw new Error(`${label}: ${res.status} ${JSON.stringify(json)}`);
      const entry = results.get(label) ?? { total: [], engine: [], commands: new Map<string, number>() };
      entry.total.push(total);
      entry.engine.push(sent.reduce((a, c) => a + c.ms, 0));
      for (const c of sent) entry.commands.set(c.name, (entry.commands.get(c.name) ?? 0) + 1);
      results.set(label, entry);
      return json;
    };
    const start = addDays(today, -95);
    for (let k = 0; k < runs; k += 1) {
      const number = `CMD-${run}-${String(k).padStart(3, '0')}`;
      await call('POST /v1/allocations', 201, consultant, 'POST', '/v1/allocations', {
        allocationNumber: number,
        client: { bsn: fictionalBsn(900_000 + Math.floor(Math.random() * 90_000) * 10 + k), birthDate: '2012-03-14' },
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
      });
      await call('GET /v1/allocations/{n}', 200, consultant, 'GET', `/v1/allocations/${number}`);
      const evaluation = await call(
        'POST /v1/evaluations',
        201,
        provider,
        'POST',
        '/v1/evaluations',
        evaluationInput(number, start, addDays(today, -3)),
      );
      await call('GET /v1/evaluations/{id}', 200, provider, 'GET', `/v1/evaluations/${String(evaluation.id)}`);
      const request = await call('POST /v1/extension-requests', 201, provider, 'POST', '/v1/extension-requests', {
        allocationNumber: number,
        requestedEndDate: addDays(today, 120),
        evaluationId: evaluation.id,
        reasoning: 'De doelen vragen nog een half jaar.',
      });
      await call(
        'POST /v1/extension-requests/{id}/decision',
        200,
        consultant,
        'POST',
        `/v1/extension-requests/${String(request.id)}/decision`,
        { decision: 'approved', note: 'Akkoord.' },
      );
      await call('GET /v1/allocations?limit=100 (provider)', 200, provider, 'GET', '/v1/allocations?limit=100');
      await call('GET /v1/evaluations?limit=100 (provider)', 200, provider, 'GET', '/v1/evaluations?limit=100');
      await call('GET /v1/obligations?limit=100 (provider)', 200, provider, 'GET', '/v1/obligations?limit=100');
      await call(
        'GET /v1/flags?status=open&limit=100 (consultant)',
        200,
        consultant,
        'GET',
        '/v1/flags?status=open&limit=100',
      );
      await call('GET /v1/kpis?quarter', 200, manager, 'GET', `/v1/kpis?quarter=${quarter}`);
      await call(
        'GET /v1/providers/{agbCode}/scorecard',
        200,
        manager,
        'GET',
        `/v1/providers/${region.providers[1]!}/scorecard`,
      );
    }
    console.log(
      `\n${n} allocations, ${runs} requests each (medians; commands per request, by command and collection):`,
    );
    console.log('| request | time | engine | rest | commands |');
    console.log('|---|---|---|---|---|');
    for (const [label, r] of results) {
      const commands = [...r.commands]
        .map(([name, count]) => `${name} ×${(count / r.total.length).toFixed(count % r.total.length ? 1 : 0)}`)
        .join(', ');
      const count = [...r.commands.values()].reduce((a, c) => a + c, 0) / r.total.length;
      console.log(
        `| ${label} | ${fmt(median(r.total))} | ${fmt(median(r.engine))} | ${fmt(median(r.total) - median(r.engine))} | ${count.toFixed(1)}: ${commands} |`,
      );
    }
  } finally {
    recording = undefined;
    await served.close();
    await bench.close();
  }
}

void main();
