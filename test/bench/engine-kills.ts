/**
 * Benchmark: the first requests after a kill -9 of the embedded engine. A hub on the
 * embedded engine (its Unix socket) is warmed with 10 requests, its engine's process
 * group is killed, one request follows at once, then requests until one answers 200
 * again. A request without an answer after 15 s counts as hung. Run beside the same
 * hub on the driver as released (without src/db/driver-patches), in the same run.
 * Prints figures; asserts nothing (test/foundation/driver-patch.test.ts does).
 *
 *   npm run build && node dist/test/bench/engine-kills.js [rounds]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLock } from '../../src/engine/file-lock';
import { PROJECT_ROOT } from '../../src/paths';
import { spawnHub, bootstrapTokenOf } from '../support/processes';

const HUNG_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Figures {
  rounds: number;
  hung: number;
  statuses: Record<string, number>;
  recoveryMs: number[];
}

/** The driver's connection module without the hub's patch, and a preload that loads it instead. */
async function releasedDriverPreload(tmp: string): Promise<{ preload: string; cleanup: () => Promise<void> }> {
  const cmap = path.join(PROJECT_ROOT, 'node_modules', 'mongodb', 'lib', 'cmap');
  const patchText = await fs.readFile(
    path.join(PROJECT_ROOT, 'src', 'db', 'driver-patches', 'mongodb+7.9.0.patch'),
    'utf8',
  );
  const added = patchText
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => `${l.slice(1)}\n`)
    .join('');
  const patched = await fs.readFile(path.join(cmap, 'connection.js'), 'utf8');
  if (!patched.includes(added)) throw new Error('the installed driver does not carry the patch: run npm ci');
  // in the driver's own folder, so that its relative requires resolve as they do for the original
  const released = path.join(cmap, `connection.released-${process.pid}.js`);
  await fs.writeFile(released, patched.replace(added, ''));
  const preload = path.join(tmp, 'released-driver.cjs');
  await fs.writeFile(
    preload,
    `const Module = require('node:module');
const original = Module._resolveFilename;
const target = ${JSON.stringify(path.join(cmap, 'connection.js'))};
Module._resolveFilename = function (request, parent, ...rest) {
  const resolved = original.call(this, request, parent, ...rest);
  return resolved === target ? ${JSON.stringify(released)} : resolved;
};
`,
  );
  return { preload, cleanup: () => fs.rm(released, { force: true }) };
}

async function measure(label: string, rounds: number, extraEnv: NodeJS.ProcessEnv): Promise<Figures> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-kills-'));
  const hub = spawnHub('server', [], {
    DATA_DIR: dataDir,
    PORT: '0',
    JOBS_ENABLED: 'false',
    ...extraEnv,
  });
  const figures: Figures = { rounds, hung: 0, statuses: {}, recoveryMs: [] };
  try {
    const token = await bootstrapTokenOf(hub);
    const url = (JSON.parse(await hub.waitForLine(/"msg":"hub listening"/)) as { url: string }).url;
    const get = async (): Promise<{ status: string; ms: number }> => {
      const started = Date.now();
      try {
        const res = await fetch(`${url}/v1/tokens`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(HUNG_MS),
        });
        await res.arrayBuffer();
        return { status: String(res.status), ms: Date.now() - started };
      } catch {
        return { status: 'hung', ms: Date.now() - started };
      }
    };
    const count = (r: { status: string }) => {
      figures.statuses[r.status] = (figures.statuses[r.status] ?? 0) + 1;
      if (r.status === 'hung') figures.hung += 1;
    };
    for (let round = 0; round < rounds; round += 1) {
      await Promise.all(Array.from({ length: 10 }, get));
      const lock = (await readLock(path.join(dataDir, 'db', 'engine.lock')))!;
      await sleep(300);
      const killed = Date.now();
      process.kill(-(lock.watchdogPid as number), 'SIGKILL');
      count(await get());
      for (let attempt = 0; attempt < 40; attempt += 1) {
        const r = await get();
        count(r);
        if (r.status === '200') break;
        await sleep(200);
      }
      figures.recoveryMs.push(Date.now() - killed);
      process.stderr.write(`${label}: round ${round + 1}/${rounds}, hung so far ${figures.hung}\r`);
    }
    process.stderr.write('\n');
    return figures;
  } finally {
    hub.child.kill('SIGTERM');
    await hub.exited;
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 40);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-kills-preload-'));
  const released = await releasedDriverPreload(tmp);
  try {
    const before = await measure('driver as released', rounds, {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${released.preload}`.trim(),
    });
    const after = await measure('driver with the hub patch', rounds, {});
    const row = (label: string, f: Figures) =>
      `| ${label} | ${f.rounds} | ${f.hung} | ${JSON.stringify(f.statuses)} | ${median(f.recoveryMs)} ms |`;
    console.log('| driver | kill rounds | requests hung (no answer in 15 s) | answers | median kill to 200 |');
    console.log('|---|---|---|---|---|');
    console.log(row('as released (7.9.0)', before));
    console.log(row('with src/db/driver-patches', after));
  } finally {
    await released.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
