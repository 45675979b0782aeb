/**
 * Benchmark: POST /v1/allocations/import's service on N rows (default 10,000), first
 * import and re-import, against the embedded engine (or MONGODB_URI). Prints figures.
 *
 *   npm run build && node dist/test/bench/import.js [rows]
 */
import { Readable } from 'node:stream';
import { systemActor } from '../../src/services/actor';
import { allocationInputFor, seedBenchRegion } from './region';
import { benchDatabase, since } from './support';
import { csvFile } from '../support/import-files';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 10_000);
  const bench = await benchDatabase();
  try {
    const region = await seedBenchRegion(bench.services, 1, 1);
    const file = csvFile(Array.from({ length: rows }, (_, i) => allocationInputFor(region, i)));
    console.log(`import of ${rows} rows (${(file.length / 1e6).toFixed(1)} MB CSV)`);
    const actor = systemActor('cli', 'bench');
    for (const label of ['first import', 're-import (all unchanged)']) {
      const heapBefore = process.memoryUsage().heapUsed;
      const start = performance.now();
      const report = await bench.services.allocationImport.run(actor, Readable.from([file]), 'csv', region.teams[0]);
      console.log(
        `${label}: ${since(start)}; created ${report.created}, unchanged ${report.unchanged}, rejected ${report.rejected.length}; heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB`,
      );
    }
  } finally {
    await bench.close();
  }
}

void main();
