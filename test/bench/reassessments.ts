/**
 * Benchmark: a reassessment campaign of N cases (default 2,000) on a running hub
 * (the demo engine: `npm start`, then `npm run hub -- demo seed`). Over real HTTP
 * with an admin token it registers a team of its own, imports N allocations for it
 * (a CSV handover list, on the first demo provider's contract), starts a campaign over
 * the team begun four weeks ago, records S decisions spread over those weeks, then
 * times what the team's pages ask: the progress, the campaign list, a page of cases,
 * the cases at risk, one step; beside GET /healthz and a page of allocations in the
 * same run. Prints medians and p90; asserts nothing. It leaves its team and
 * campaign in the hub (team codes BENCH-RA-…).
 *
 *   npm run build && node dist/test/bench/reassessments.js http://127.0.0.1:3000 <admin token> [cases] [steps] [runs]
 *   BENCH_ENGINE_URI=mongodb://127.0.0.1:<engine port>/ …   # also the raw driver read of the campaign's items
 *   (the engine's port is in the hub's log line "FerretDB listening on …")
 */
import crypto from 'node:crypto';
import { MongoClient } from 'mongodb';
import { addDays, dateInAmsterdam } from '../../src/domain/dates';
import { allocationInput } from '../support/factories';
import { csvFile } from '../support/import-files';

const [base, token] = [process.argv[2] ?? 'http://127.0.0.1:3000', process.argv[3] ?? ''];
const cases = Number(process.argv[4] ?? 2000);
const steps = Number(process.argv[5] ?? 300);
const runs = Number(process.argv[6] ?? 15);

async function call(method: string, path: string, body?: unknown, type = 'application/json') {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': type } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return `median ${s[Math.floor((s.length - 1) / 2)]!.toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms (n=${s.length})`;
}

async function timed(label: string, path: string): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) ms.push((await call('GET', path)).ms);
  console.log(`${label.padEnd(52)} ${summary(ms)}`);
}

async function main(): Promise<void> {
  const today = dateInAmsterdam(new Date());
  const team = `BENCH-RA-${crypto.randomBytes(3).toString('hex')}`;
  const contracts = (await call('GET', '/v1/contracts?limit=1')).body.items as {
    contractNumber: string;
    providerAgbCode: string;
    productCodes: string[];
  }[];
  const contract = contracts[0]!;
  const municipality = '0505';
  await call('POST', '/v1/teams', { teamCode: team, name: 'Bench herbeoordeling', municipalityCodes: [municipality] });
  const rows = Array.from({ length: cases }, (_, i) => {
    const a = allocationInput('A', {
      teamCode: team,
      municipalityCode: municipality,
      providerAgbCode: contract.providerAgbCode,
      contractNumber: contract.contractNumber,
      product: { category: contract.productCodes[0]!.slice(0, 2) as '45', code: contract.productCodes[0]! },
      startDate: addDays(today, -200),
      careStartDate: addDays(today, -190),
      endDate: addDays(today, i % 10 === 0 ? 3 + (i % 12) : 200), // one in ten ends within two weeks
    });
    return { ...a, allocationNumber: `${team}-${String(i).padStart(5, '0')}` };
  });
  const imported = await call('POST', '/v1/allocations/import', csvFile(rows), 'text/csv');
  console.log(
    `import of ${cases} allocations: ${(imported.ms / 1000).toFixed(1)} s (${JSON.stringify({ created: imported.body.created })})`,
  );
  const created = await call('POST', '/v1/reassessments', {
    name: `Bench ${cases}`,
    teamCode: team,
    startDate: addDays(today, -28),
    deadline: addDays(today, 56),
    capacityPerWeek: Math.ceil(cases / 12),
    scope: { kind: 'team' },
  });
  const id = created.body.id as string;
  console.log(`POST /v1/reassessments (${cases} cases)`.padEnd(52), `${created.ms.toFixed(0)} ms`);
  const stepMs: number[] = [];
  for (let i = 0; i < steps; i += 1) {
    const n = rows[(i * 7 + 3) % cases]!.allocationNumber;
    stepMs.push(
      (
        await call('POST', `/v1/reassessments/${id}/items/${n}/steps`, {
          step: 'decided',
          date: addDays(today, -1 - (i % 27)),
          decision: 'continue',
          skipReason: 'bench: in één overleg besloten',
        })
      ).ms,
    );
  }
  console.log(`POST …/items/{n}/steps (${steps} decisions)`.padEnd(52), summary(stepMs));
  const p = (await call('GET', `/v1/reassessments/${id}`)).body as {
    done: number;
    total: number;
    pacePerWeek: number;
    forecastEndDate: string | null;
    atRisk: number;
  };
  console.log(
    `state: ${p.done} of ${p.total} done, pace ${p.pacePerWeek}/week, forecast ${p.forecastEndDate ?? 'never'}, at risk ${p.atRisk}`,
  );
  console.log('--- same run, same hub ---');
  await timed('baseline: GET /healthz', '/healthz');
  await timed('baseline: GET /v1/allocations?limit=100', '/v1/allocations?limit=100');
  await timed(`baseline: GET /v1/allocations?teamCode=(bench)&limit=100`, `/v1/allocations?teamCode=${team}&limit=100`);
  const engine = process.env.BENCH_ENGINE_URI;
  if (engine) {
    const client = await MongoClient.connect(engine);
    const dbName = process.env.DB_NAME ?? 'youthcare_hub';
    const ms: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      await client
        .db(dbName)
        .collection('reassessment_items')
        .find({ campaignId: id }, { sort: { _id: 1 } })
        .toArray();
      ms.push(performance.now() - started);
    }
    await client.close();
    console.log(`baseline: raw driver read of the campaign's ${cases} items`.padEnd(52), summary(ms));
  }
  await timed('GET /v1/reassessments/{id}', `/v1/reassessments/${id}`);
  await timed('GET /v1/reassessments', '/v1/reassessments');
  await timed('GET …/items?limit=100', `/v1/reassessments/${id}/items?limit=100`);
  await timed('GET …/items?atRisk=true&limit=100', `/v1/reassessments/${id}/items?atRisk=true&limit=100`);
  await timed('GET …/items?step=decided&limit=100', `/v1/reassessments/${id}/items?step=decided&limit=100`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
