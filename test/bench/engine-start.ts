/**
 * Benchmark: how long the embedded engine takes to start from the cached binary
 * (spawn -> answers ping -> stopped), and how long a full hub start takes to its
 * "hub listening" line. Prints figures; asserts nothing.
 *
 *   npm run build && node dist/test/bench/engine-start.js [runs]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ensureFerretDbBinary } from '../../src/engine/ferretdb-binary';
import { startFerretDb } from '../../src/engine/ferretdb-process';
import { PROJECT_ROOT } from '../../src/paths';

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `median ${median.toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted[sorted.length - 1]?.toFixed(0)} ms (n=${ms.length})`;
}

async function hubStartMs(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'server.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', JOBS_ENABLED: 'false', LOG_FORMAT: 'json' },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('"msg":"hub listening"')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${out}`)));
  });
  const elapsed = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return elapsed;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const t0 = performance.now();
  const binary = await ensureFerretDbBinary(() => {});
  console.log(`binary check (cached): ${(performance.now() - t0).toFixed(0)} ms`);
  const engineMs: number[] = [];
  const hubMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-engine-'));
    const s = performance.now();
    const engine = await startFerretDb({ binary, backend: { kind: 'sqlite', dir }, log: () => {} });
    engineMs.push(performance.now() - s);
    await engine.stop();
    hubMs.push(await hubStartMs(dir));
    await fs.rm(dir, { recursive: true, force: true });
  }
  console.log(`engine start to first ping: ${stats(engineMs)}`);
  console.log(
    `hub process start to "hub listening" (cached engine, fresh data folder, migrations included): ${stats(hubMs)}`,
  );
}

void main();
