/**
 * Benchmark: the race experiments (test/support/races.ts: 50 connections writing one
 * document at once) on the embedded engine as released in its writes (every hub patch
 * but the atomic writes) and as the hub builds it, on both backends, side by side.
 * Prints a table; asserts nothing (the race suite does).
 *
 *   npm run build && node dist/test/bench/races.js [suite|issue] [sqlite,postgresql]
 *
 * PostgreSQL: TEST_POSTGRESQL_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * The engine without the patch is built once into the engine cache (about two minutes).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary, FERRETDB_PATCHES } from '../../src/engine/ferretdb-binary';
import { ATOMIC_WRITE_PATCHES } from '../../src/engine/patches/atomic-writes';
import { startFerretDb, type EngineBackend } from '../../src/engine/ferretdb-process';
import { ISSUE_SIZES, runRaces, SUITE_SIZES, type RaceResult } from '../support/races';
import { testPostgresUrl } from '../support/test-engine';

async function measure(binary: string, kind: 'sqlite' | 'postgresql', label: string): Promise<RaceResult[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-races-'));
  const backend: EngineBackend = kind === 'sqlite' ? { kind, dir } : { kind, url: testPostgresUrl(), stateDir: dir };
  const engine = await startFerretDb({ binary, backend, log: () => {} });
  try {
    const started = performance.now();
    const results = await runRaces(engine.uri, sizes, `bench_races_${label}_${process.pid}`);
    console.error(`${kind}, ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return results;
  } finally {
    await engine.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv[2] === 'suite' ? SUITE_SIZES : ISSUE_SIZES;

async function main(): Promise<void> {
  const backends = (process.argv[3] ?? 'sqlite,postgresql').split(',') as Array<'sqlite' | 'postgresql'>;
  const say = (m: string) => console.error(m);
  const released = FERRETDB_PATCHES.filter((p) => !ATOMIC_WRITE_PATCHES.includes(p));
  const before = await ensureFerretDbBinary(say, process.env, released);
  const after = await ensureFerretDbBinary(say, process.env);
  for (const kind of backends) {
    const b = await measure(before, kind, 'before');
    const a = await measure(after, kind, 'after');
    console.log(`\n${kind}: anomalies at ${50} connections (before = engine without the atomic-write patch)\n`);
    console.log('| experiment | guarantee | trials | before | after |');
    console.log('|---|---|---|---|---|');
    for (const [i, r] of a.entries()) {
      const was = b[i]!;
      console.log(
        `| ${r.experiment} | ${r.guarantee} | ${r.trials} | ${was.anomalies} ${was.detail} | ${r.anomalies} ${r.detail} |`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
