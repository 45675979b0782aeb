/**
 * The embedded engine's own indexes serve the queries it sends them (issue 10):
 * on SQLite the `_id` lookup that FerretDB pushes down, on PostgreSQL the `@>`
 * equality it pushes down. Each test asks the database itself (SQLite's query
 * plan through FerretDB's `explain`, PostgreSQL's `pg_stat_user_indexes`) and checks
 * the answers are the ones the released engine gives.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient, ObjectId } from 'mongodb';
import { applyPatches, ensureFerretDbBinary, FERRETDB_PATCHES } from '../../src/engine/ferretdb-binary';
import { engineDatabaseUrl, startFerretDb, type EngineHandle } from '../../src/engine/ferretdb-process';
import { eventually } from '../support/processes';

const run = promisify(execFile);
const PG_URL = process.env.TEST_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function psql(sql: string): Promise<string> {
  return (await run('psql', [PG_URL, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql])).stdout.trim();
}

/** Fills a collection with documents of string and ObjectId ids and an indexed field. */
async function fill(client: MongoClient, dbName: string): Promise<{ oid: ObjectId }> {
  const col = client.db(dbName).collection<{ _id: string | ObjectId; providerAgbCode: string; n: number }>('probe');
  await col.createIndex({ providerAgbCode: 1, _id: 1 });
  const docs = Array.from({ length: 3000 }, (_, n) => ({
    _id: `A-${String(n).padStart(5, '0')}`,
    providerAgbCode: `P${n % 100}`,
    n,
  }));
  await col.insertMany(docs);
  const oid = new ObjectId();
  await col.insertOne({ _id: oid, providerAgbCode: 'P-oid', n: -1 });
  return { oid };
}

/** The answers the hub relies on: lookups, updates and deletes by `_id`, equality on a field. */
async function exercise(client: MongoClient, dbName: string, oid: ObjectId): Promise<void> {
  const col = client
    .db(dbName)
    .collection<{ _id: string | ObjectId; providerAgbCode: string; n: number; touched?: boolean }>('probe');
  expect(await col.findOne({ _id: 'A-02999' })).toEqual({ _id: 'A-02999', providerAgbCode: 'P99', n: 2999 });
  expect(await col.findOne({ _id: oid })).toEqual({ _id: oid, providerAgbCode: 'P-oid', n: -1 });
  expect(await col.findOne({ _id: 'A-03000' })).toBeNull();
  expect((await col.updateOne({ _id: 'A-01234' }, { $set: { touched: true } })).modifiedCount).toBe(1);
  expect(await col.findOne({ _id: 'A-01234' })).toEqual({
    _id: 'A-01234',
    providerAgbCode: 'P34',
    n: 1234,
    touched: true,
  });
  expect((await col.deleteOne({ _id: oid })).deletedCount).toBe(1);
  expect(await col.countDocuments({ _id: oid })).toBe(0);
  const page = await col.find({ providerAgbCode: 'P7' }).sort({ _id: 1 }).limit(3).toArray();
  expect(page.map((d) => d._id)).toEqual(['A-00007', 'A-00107', 'A-00207']);
}

describe('the embedded engine uses its indexes', () => {
  let tmp: string;
  let engine: EngineHandle | undefined;
  let client: MongoClient | undefined;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-engine-idx-'));
  });
  afterEach(async () => {
    await client?.close();
    await engine?.stop();
    client = undefined;
    engine = undefined;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("SQLite: lookups by _id and equality filters go through indexes, with the released engine's answers", async () => {
    const binary = await ensureFerretDbBinary(() => {});
    // the compiled engine holds the patched expression (the released one stays in its MySQL backend)
    expect((await fs.readFile(binary)).includes(Buffer.from("_ferretdb_sjson->'_id'"))).toBe(true);

    engine = await startFerretDb({ binary, backend: { kind: 'sqlite', dir: tmp }, log: () => {} });
    client = await MongoClient.connect(engine.uri);
    const { oid } = await fill(client, 'probe_db');
    const col = client.db('probe_db').collection<{ _id: string | ObjectId } & Record<string, unknown>>('probe');
    // FerretDB's explain answers the plan SQLite made for the statement it sends
    const plan = async (filter: Record<string, unknown>) => {
      const explained = (await col.find(filter).explain()) as unknown as {
        filterPushdown: boolean;
        queryPlanner: { Plan: string[] };
      };
      return { pushed: explained.filterPushdown, plan: explained.queryPlanner.Plan.join('\n') };
    };
    expect(await plan({ _id: 'A-00042' })).toEqual({
      pushed: true,
      plan: expect.stringMatching(/SEARCH probe_\w+ USING INDEX probe_\w+__id_ /) as unknown,
    });
    expect(await plan({ _id: oid })).toEqual({
      pushed: true,
      plan: expect.stringMatching(/USING INDEX probe_\w+__id_ /) as unknown,
    });
    expect(await plan({ providerAgbCode: 'P7', n: 7 })).toEqual({
      pushed: true,
      plan: expect.stringMatching(/USING INDEX probe_\w+_providerAgbCode_1__id_1/) as unknown,
    });
    expect(await plan({ providerAgbCode: { $eq: 'P7' }, _id: { $gt: 'A-01000' } })).toEqual({
      pushed: true,
      plan: expect.stringMatching(/USING INDEX probe_\w+_providerAgbCode_1__id_1/) as unknown,
    });
    // a $in of strings (a page of ids, of allocation numbers) goes through the same indexes
    expect(await plan({ _id: { $in: ['A-00042', 'A-00043'] } })).toEqual({
      pushed: true,
      plan: expect.stringMatching(/SEARCH probe_\w+ USING INDEX probe_\w+__id_ /) as unknown,
    });
    expect(await plan({ providerAgbCode: { $in: ['P7', 'P8'] } })).toEqual({
      pushed: true,
      plan: expect.stringMatching(/USING INDEX probe_\w+_providerAgbCode_1__id_1/) as unknown,
    });
    expect((await plan({ providerAgbCode: { $in: ['P7', 7] } })).pushed).toBe(false); // a number among them: the handler
    expect((await plan({ n: 7 })).pushed).toBe(false); // numbers are not pushed down: the handler compares them
    expect((await plan({ $and: [{ providerAgbCode: 'P7' }] })).pushed).toBe(false);

    // answers: the pushed-down filter against the same filter under $and, which the
    // engine evaluates document by document in Go, as the released engine does for all
    await col.insertMany([
      { _id: 'X-array', providerAgbCode: ['P7', 'P8'], n: 1 },
      { _id: 'X-nested', providerAgbCode: { code: 'P7' }, n: 2 },
      { _id: 'X-quote', providerAgbCode: 'P"7\\<>&é', n: 3 },
      { _id: 'X-missing', n: 4 },
      { _id: 'X-null', providerAgbCode: null, n: 5 },
    ]);
    const filters: Record<string, unknown>[] = [
      { providerAgbCode: 'P7' },
      { providerAgbCode: { $eq: 'P8' } },
      { providerAgbCode: 'P"7\\<>&é' },
      { providerAgbCode: 'P7', _id: { $gt: 'A-02000' } },
      { providerAgbCode: 'P7', n: 1 },
      { _id: 'X-array', providerAgbCode: 'P8' },
      { providerAgbCode: 'nobody' },
      { 'providerAgbCode.code': 'P7' },
      { _id: { $in: ['A-00007', 'X-array', 'X-none', 'A-02999'] } },
      { providerAgbCode: { $in: ['P7', 'P8'] } },
      { providerAgbCode: { $in: ['P7'], $ne: 'P8' } },
      { providerAgbCode: { $in: ['P"7\\<>&é', 'nobody'] }, n: { $gt: 0 } },
      { providerAgbCode: { $in: ['P7', null] } },
      { providerAgbCode: { $in: [] } },
      { providerAgbCode: { $in: ['P9'] }, _id: { $in: ['A-00009', 'A-00010', 'A-00109'] } },
      { _id: { $in: [oid, 'A-00001'] } },
    ];
    for (const filter of filters) {
      const pushed = await col.find(filter).sort({ _id: 1 }).toArray();
      const inGo = await col
        .find({ $and: [filter] })
        .sort({ _id: 1 })
        .toArray();
      expect({ filter, ids: pushed.map((d) => d._id) }).toEqual({ filter, ids: inGo.map((d) => d._id) });
    }
    expect((await col.find({ providerAgbCode: 'P7' }).toArray()).map((d) => d._id)).toContain('X-array');
    await exercise(client, 'probe_db', oid);
  });

  test('PostgreSQL: equality filters are served by the GIN indexes the engine adds beside its own', async () => {
    const binary = await ensureFerretDbBinary(() => {});
    engine = await startFerretDb({
      binary,
      backend: { kind: 'postgresql', url: PG_URL, stateDir: tmp },
      log: () => {},
    });
    client = await MongoClient.connect(engine.uri);
    const dbName = `probe_${crypto.randomBytes(4).toString('hex')}`;
    try {
      const { oid } = await fill(client, dbName);
      const table = await psql(
        `SELECT _jsonb->>'table' FROM "${dbName}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'probe'`,
      );
      expect(table).toMatch(/^probe_[0-9a-f]+$/);
      const gins = (
        await psql(
          `SELECT indexname FROM pg_indexes WHERE schemaname = '${dbName}' AND tablename = '${table}' AND indexdef LIKE '%USING gin%jsonb_path_ops%' ORDER BY 1`,
        )
      ).split('\n');
      expect(gins).toHaveLength(2); // _id and providerAgbCode; none for the compound index's repeated _id
      // statistics of the _id's type, which keyset pages check: without them the planner sorted a scope
      expect(
        await psql(
          `SELECT count(*) FROM pg_statistic_ext WHERE stxnamespace = '${dbName}'::regnamespace AND stxrelid = '"${dbName}"."${table}"'::regclass AND stxname LIKE '%_idtype'`,
        ),
      ).toBe('1');
      // without a pending list, which every lookup would scan too until it is merged
      expect(
        await psql(
          `SELECT count(*) FROM pg_indexes WHERE schemaname = '${dbName}' AND tablename = '${table}' AND indexdef LIKE '%USING gin%' AND indexdef LIKE '%fastupdate%off%'`,
        ),
      ).toBe('2');
      await psql(`ANALYZE "${dbName}"."${table}"`);
      const scans = async () =>
        Number(
          await psql(
            `SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes WHERE schemaname = '${dbName}' AND relname = '${table}' AND indexrelname LIKE '%_gin'`,
          ),
        );
      const before = await scans();
      await exercise(client, dbName, oid);
      // a backend reports its counts at most once a second, else when idle for 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL)
      await eventually(async () => (await scans()) > before + 5, 25_000, 'GIN index scans counted');
      const seq = Number(
        await psql(`SELECT seq_scan FROM pg_stat_user_tables WHERE schemaname = '${dbName}' AND relname = '${table}'`),
      );
      const probe = client.db(dbName).collection<{ _id: string | ObjectId } & Record<string, unknown>>('probe');
      await probe.findOne({ providerAgbCode: 'P42' });
      // a $in of strings is the OR of the same equalities: the GIN indexes serve it too
      expect((await probe.find({ _id: { $in: ['A-00042', 'A-00043', 'A-09999'] } }).toArray()).length).toBe(2);
      expect((await probe.find({ providerAgbCode: { $in: ['P42', 'P43'] } }).toArray()).length).toBe(60);
      await new Promise((r) => setTimeout(r, 1500));
      expect(
        Number(
          await psql(
            `SELECT seq_scan FROM pg_stat_user_tables WHERE schemaname = '${dbName}' AND relname = '${table}'`,
          ),
        ),
      ).toBe(seq);
      // and answers as the handler does alone (the same filter under $and is not pushed down)
      await probe.insertMany([
        { _id: 'X-array', providerAgbCode: ['P7', 'P8'], n: 1 },
        { _id: 'X-nested', providerAgbCode: { code: 'P7' }, n: 2 },
        { _id: 'X-null', providerAgbCode: null, n: 5 },
      ]);
      for (const filter of [
        { _id: { $in: ['A-00007', 'X-array', 'X-none'] } },
        { providerAgbCode: { $in: ['P7', 'P8'] } },
        { providerAgbCode: { $in: ['P7'] }, _id: { $in: ['A-00007', 'A-00107', 'A-00008'] } },
        { providerAgbCode: { $in: ['P7', null] } },
        { providerAgbCode: { $in: [] } },
      ] as Record<string, unknown>[]) {
        const pushed = await probe.find(filter).sort({ _id: 1 }).toArray();
        const inGo = await probe
          .find({ $and: [filter] })
          .sort({ _id: 1 })
          .toArray();
        expect({ filter, ids: pushed.map((d) => d._id) }).toEqual({ filter, ids: inGo.map((d) => d._id) });
      }
    } finally {
      await client.db(dbName).dropDatabase();
    }
  });

  test('the PostgreSQL URL gets custom plans, no JIT and no parallel workers unless it chooses otherwise', () => {
    const added = 'plan_cache_mode=force_custom_plan&jit=off&max_parallel_workers_per_gather=0';
    expect(engineDatabaseUrl('postgres://u:p@h:5432/db')).toBe(`postgres://u:p@h:5432/db?${added}`);
    expect(engineDatabaseUrl('postgres://h/db?sslmode=require')).toBe(`postgres://h/db?sslmode=require&${added}`);
    expect(engineDatabaseUrl('postgres://h/db?plan_cache_mode=auto&jit=on')).toBe(
      'postgres://h/db?plan_cache_mode=auto&jit=on&max_parallel_workers_per_gather=0',
    );
  });

  test('a patch that does not match the source exactly once stops the build', async () => {
    const patch = { file: 'a.go', from: 'X = 1', to: 'X = 2', why: 'test' };
    await fs.writeFile(path.join(tmp, 'a.go'), 'const X = 1\n');
    await applyPatches(tmp, [patch]);
    expect(await fs.readFile(path.join(tmp, 'a.go'), 'utf8')).toBe('const X = 2\n');
    await expect(applyPatches(tmp, [patch])).rejects.toThrow(/does not apply: a.go should hold `X = 1` exactly once/);
    await fs.writeFile(path.join(tmp, 'a.go'), 'X = 1; X = 1\n');
    await expect(applyPatches(tmp, [patch])).rejects.toThrow(/exactly once/);
    for (const p of FERRETDB_PATCHES) expect(p.why.length).toBeGreaterThan(40);
  });

  test('a patch with no text to find adds a new file, and stops the build if the file exists', async () => {
    const patch = { file: 'new.go', from: '', to: 'package x\n', why: 'test' };
    await applyPatches(tmp, [patch]);
    expect(await fs.readFile(path.join(tmp, 'new.go'), 'utf8')).toBe('package x\n');
    await expect(applyPatches(tmp, [patch])).rejects.toThrow(/does not apply: new.go should be a new file/);
  });
});
