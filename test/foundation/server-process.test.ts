import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../src/config';
import { provideEmbeddedEngine } from '../../src/engine/embedded';
import { isProcessAlive, readLock } from '../../src/engine/file-lock';
import { connectDatabase } from '../../src/db/client';
import { bootstrapTokenOf, distEntry, eventually, runCli, spawnHub } from '../support/processes';

describe('configuration', () => {
  test('defaults follow the public contract', () => {
    const config = loadConfig({}, false);
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      mongodbUri: undefined,
      jobsEnabled: true,
      logLevel: 'info',
      logFormat: 'json',
    });
    expect(config.dataDir).toBe(path.resolve('var'));
  });

  test('a bad value names the variable and what is allowed', () => {
    const bad = {
      PORT: 'eighty',
      JOBS_ENABLED: 'maybe',
      LOG_LEVEL: 'loud',
      FERRETDB_POSTGRESQL_URL: 'mysql://127.0.0.1/hub',
    };
    expect(() => loadConfig(bad, false)).toThrow(ConfigError);
    try {
      loadConfig(bad, false);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(
        'FERRETDB_POSTGRESQL_URL="mysql://127.0.0.1/hub" is not allowed: expected a value matching ^postgres(ql)?://',
      );
      expect(message).toContain('PORT="eighty" is not allowed: expected an integer from 0 to 65535');
      expect(message).toContain('JOBS_ENABLED="maybe" is not allowed: expected true or false');
      expect(message).toContain(
        'LOG_LEVEL="loud" is not allowed: expected one of fatal, error, warn, info, debug, trace, silent',
      );
    }
  });

  test('the server refuses to start with bad configuration, saying why', async () => {
    const hub = spawnHub('server', [], { PORT: '70000', MONGODB_URI: 'mongodb://127.0.0.1:1/' });
    expect(await hub.exited).toBe(1);
    expect(hub.stderr()).toContain('PORT="70000" is not allowed');
  });
});

describe('the hub process on the embedded engine', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-process-'));
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  test('first start writes a bootstrap admin token once, to a file of its own (not to the logs), valid for a day; the CLI shares its engine; SIGINT stops everything', async () => {
    const env = { DATA_DIR: tmp, PORT: '0', JOBS_ENABLED: 'false' };
    const hub = spawnHub('server', [], env);
    const token = await bootstrapTokenOf(hub);
    const file = path.join(tmp, 'bootstrap-admin-token');
    expect(hub.stdout()).toContain(`Bootstrap admin token written to ${file} (readable by this user only; it expires`);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const listening = JSON.parse(await hub.waitForLine(/"msg":"hub listening"/)) as { url: string };
    expect(hub.stdout() + hub.stderr()).not.toContain(token.split('.')[1]!); // output ends up in journald and container logs

    const res = await fetch(`${listening.url}/v1/tokens`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const listed = ((await res.json()) as { items: { id: string; expiresAt?: string }[] }).items;
    const expiresAt = Date.parse(listed.find((t) => t.id === token.split('.')[0])!.expiresAt!);
    expect(Math.abs(expiresAt - (Date.now() + 24 * 3_600_000))).toBeLessThan(10 * 60_000);

    const lockPath = path.join(tmp, 'db', 'engine.lock');
    const lock = await readLock(lockPath);
    const cli = await runCli(['token', 'create', '--role', 'admin', '--name', 'second admin'], env);
    expect(cli.code).toBe(0);
    const cliToken = cli.stdout.trim().split('\n').pop()!;
    expect(cliToken).toMatch(/^yht_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(await readLock(lockPath)).toEqual(lock); // the CLI used the hub's engine, did not start a second
    const byCli = await fetch(`${listening.url}/v1/tokens`, { headers: { Authorization: `Bearer ${cliToken}` } });
    expect(byCli.status).toBe(200);

    hub.child.kill('SIGINT');
    expect(await hub.exited).toBe(0);
    expect(hub.stdout()).toContain('"msg":"hub stopped"');
    expect(isProcessAlive(lock!.watchdogPid as number)).toBe(false);
    expect(await readLock(lockPath)).toBeNull();

    // a second start on the same data: no new bootstrap token
    const second = spawnHub('server', [], env);
    await second.waitForLine(/"msg":"hub listening"/);
    expect(second.stdout()).not.toContain('Bootstrap admin token');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  test('on an interactive terminal in development the token is printed with a curl line, and no file is written', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-tty-'));
    // script(1) gives the hub a terminal; its output is the terminal's
    const child = spawn('script', ['-qefc', `${process.execPath} ${distEntry('server')}`, '/dev/null'], {
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['MONGODB_URI', 'DB_NAME'].includes(k))),
        NODE_ENV: 'development',
        DATA_DIR: dir,
        PORT: '0',
        JOBS_ENABLED: 'false',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually(() => /Use it: curl/.test(out), 60_000, 'the token on the terminal');
      expect(out).toMatch(/Bootstrap admin token \(shown once, store it now; it expires \S+\): yht_\S+/);
      expect(out).toMatch(/Use it: curl -H "Authorization: Bearer yht_\S+" http:\/\/127\.0\.0\.1:\d+\/v1\/tokens/);
      await expect(fs.stat(path.join(dir, 'bootstrap-admin-token'))).rejects.toThrow();
    } finally {
      const lock = await readLock(path.join(dir, 'db', 'engine.lock'));
      // the hub loses its terminal with script(1) and dies; its engine's watchdog follows
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await eventually(() => !lock || !isProcessAlive(lock.watchdogPid as number), 20_000, 'the engine to stop');
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('a SIGTERM that arrives during start-up is honoured once the hub is up: a graceful stop, exit 0', async () => {
    const hub = spawnHub('server', [], { DATA_DIR: tmp, PORT: '0', JOBS_ENABLED: 'false' });
    await hub.waitForLine(/using cached FerretDB|building FerretDB/); // the engine is still starting
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    expect(hub.stdout()).toContain('"msg":"hub stopped"');
    expect(await readLock(path.join(tmp, 'db', 'engine.lock'))).toBeNull();
  });

  test('the CLI starts an engine for itself when no hub runs, and stops it after', async () => {
    const env = { DATA_DIR: tmp, JOBS_ENABLED: 'false' };
    const cli = await runCli(['job', 'run', 'housekeeping', '--now', '2026-12-01T03:17:00Z'], env);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout.trim())).toEqual({
      job: 'housekeeping',
      status: 'succeeded',
      counts: {
        jobHistory: 0,
        idempotencyKeys: 0,
        idempotencyKeysRekeyed: 0,
        expiredLocks: 0,
        orphanKpiResults: 0,
        endedSessions: 0,
      },
    });
    expect(await readLock(path.join(tmp, 'db', 'engine.lock'))).toBeNull();
  });

  test('the CLI rejects bad options with a clear message', async () => {
    const cli = await runCli(['token', 'create', '--role', 'provider', '--provider', '12'], { DATA_DIR: tmp });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('/providerAgbCode');
    const unknown = await runCli(['job', 'run', 'no-such-job'], { DATA_DIR: tmp });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown job "no-such-job"');
  });
});

describe('the hub process with the embedded engine on PostgreSQL', () => {
  const postgresqlUrl = process.env.TEST_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `hub_pg_${process.pid}`;
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-process-pg-'));
  });
  afterAll(async () => {
    const engine = await provideEmbeddedEngine(path.join(tmp, 'db'), 'cli', () => {}, { postgresqlUrl });
    const database = await connectDatabase(engine.uri, dbName);
    await database.db.dropDatabase();
    await database.close();
    await engine.release();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('FERRETDB_POSTGRESQL_URL keeps the data in PostgreSQL: nothing in the data folder, still there after a restart', async () => {
    const env = {
      DATA_DIR: tmp,
      PORT: '0',
      JOBS_ENABLED: 'false',
      DB_NAME: dbName,
      FERRETDB_POSTGRESQL_URL: postgresqlUrl,
    };
    const { host, pathname } = new URL(postgresqlUrl);
    const hub = spawnHub('server', [], env);
    try {
      await hub.waitForLine(/^Bootstrap admin token/);
      const listening = JSON.parse(await hub.waitForLine(/"msg":"hub listening"/)) as { database: string };
      expect(listening.database).toBe('embedded FerretDB (PostgreSQL)');
      expect(hub.stdout()).toContain(`data in PostgreSQL at ${host}${pathname}`);
      const cli = await runCli(['token', 'create', '--role', 'admin', '--name', 'pg admin'], env);
      expect(cli.code).toBe(0);
    } finally {
      hub.child.kill('SIGTERM');
    }
    expect(await hub.exited).toBe(0);
    expect((await fs.readdir(path.join(tmp, 'db'))).filter((f) => f.endsWith('.sqlite'))).toEqual([]);

    // a SQLite hub on the same folder would be a new, empty hub; the PostgreSQL one has its data
    const again = spawnHub('server', [], env);
    try {
      await again.waitForLine(/"msg":"hub listening"/);
      expect(again.stdout()).not.toContain('Bootstrap admin token');
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
  });
});
