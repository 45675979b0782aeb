/**
 * The race suite (issue 25): 50 connections write one document at the same moment,
 * on both embedded backends, and every single-document guarantee MongoDB gives holds:
 * one winner of a lock, one compare-and-set, no lost increment or number of a
 * sequence, no lost field, one document from racing upserts, one holder of the hub's
 * own locks through takeover, renewal and housekeeping. As released, the engine broke
 * all but the unique inserts (test/bench/races.ts prints both side by side).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary } from '../../src/engine/ferretdb-binary';
import { startFerretDb, type EngineBackend } from '../../src/engine/ferretdb-process';
import { MongoClient } from 'mongodb';
import { runRaces, SUITE_SIZES } from '../support/races';
import { testPostgresUrl } from '../support/test-engine';

const PG_URL = testPostgresUrl();

describe.each(['sqlite', 'postgresql'] as const)('single-document writes race on %s', (kind) => {
  it('every experiment: 0 anomalies at 50 connections', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-races-'));
    const backend: EngineBackend = kind === 'sqlite' ? { kind, dir: tmp } : { kind, url: PG_URL, stateDir: tmp };
    const engine = await startFerretDb({ binary: await ensureFerretDbBinary(() => {}), backend, log: () => {} });
    try {
      const results = await runRaces(engine.uri, SUITE_SIZES, `races_${kind}_${process.pid}`);
      expect(results).toHaveLength(11);
      // all experiments at once, so a failure names every one that broke
      expect(results.map((r) => `${r.experiment}: ${r.anomalies} ${r.detail}`)).toEqual(
        results.map((r) => `${r.experiment}: 0 ${r.detail}`),
      );
    } finally {
      await engine.stop();
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('one engine process per database on PostgreSQL', () => {
  it('a second engine is refused the database the first serves, and gets it once the first has stopped', async () => {
    const dirs = await Promise.all([1, 2].map(() => fs.mkdtemp(path.join(os.tmpdir(), 'hub-single-'))));
    const binary = await ensureFerretDbBinary(() => {});
    const start = (dir: string) =>
      startFerretDb({ binary, backend: { kind: 'postgresql', url: PG_URL, stateDir: dir }, log: () => {} });
    const [first, second] = await Promise.all(dirs.map(start));
    const db = `single_${process.pid}`;
    const a = await MongoClient.connect(first!.uri, { directConnection: true });
    const b = await MongoClient.connect(second!.uri, { directConnection: true });
    try {
      await a
        .db(db)
        .collection('c')
        .insertOne({ _id: 1 } as never);
      await expect(b.db(db).collection('c').findOne({})).rejects.toThrow(
        /another FerretDB engine process serves database/,
      );
      // another database is the second engine's to serve
      await b
        .db(`${db}_other`)
        .collection('c')
        .insertOne({ _id: 1 } as never);
      await b.db(`${db}_other`).dropDatabase();
      await a.db(db).dropDatabase();
      await a.close();
      await first!.stop();
      expect(await b.db(db).collection('c').countDocuments()).toBe(0);
    } finally {
      await a.close();
      await b.close();
      await first!.stop();
      await second!.stop();
      await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
    }
  }, 60_000);
});
