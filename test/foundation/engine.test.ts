import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureFerretDbBinary, ferretDbCacheDir, FERRETDB_VERSION } from '../../src/engine/ferretdb-binary';
import { ENGINE_GC_DEFAULTS, engineEnvironment, startFerretDb } from '../../src/engine/ferretdb-process';
import { provideEmbeddedEngine } from '../../src/engine/embedded';
import { isProcessAlive, readLock } from '../../src/engine/file-lock';
import { eventually, spawnHub } from '../support/processes';

async function pingOk(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
  try {
    return (await client.db('admin').command({ ping: 1 })).ok === 1;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

describe('embedded FerretDB engine', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-engine-'));
  });
  afterEach(() => fs.rm(tmp, { recursive: true, force: true }));

  test('the built binary is cached per user and reused without rebuilding', async () => {
    const said: string[] = [];
    const first = await ensureFerretDbBinary((m) => said.push(m));
    const stat = await fs.stat(first);
    const second = await ensureFerretDbBinary((m) => said.push(m));
    expect(second).toBe(first);
    expect(first.startsWith(ferretDbCacheDir())).toBe(true);
    expect(first).not.toContain(process.cwd());
    expect((await fs.stat(second)).mtimeMs).toBe(stat.mtimeMs);
    expect(said.filter((m) => m.includes(`using cached FerretDB ${FERRETDB_VERSION}`))).toHaveLength(2);
    expect(said.some((m) => m.includes('building'))).toBe(false);
  });

  test('without a Go toolchain the error says to install Go or set MONGODB_URI', async () => {
    const env = { HOME: tmp, FERRETDB_CACHE_DIR: path.join(tmp, 'cache'), PATH: path.join(tmp, 'no-bin') };
    await expect(ensureFerretDbBinary(() => {}, env)).rejects.toThrow(
      /Go toolchain not found.*install Go.*MONGODB_URI/is,
    );
  });

  test('a data folder whose socket path is longer than the kernel takes gets its socket in a private folder of its own', async () => {
    const deep = path.join(tmp, 'a-data-folder-with-a-rather-long-name'.repeat(3));
    await fs.mkdir(deep);
    const binary = await ensureFerretDbBinary(() => {});
    const engine = await startFerretDb({ binary, backend: { kind: 'sqlite', dir: deep }, log: () => {} });
    try {
      expect(Buffer.byteLength(path.join(deep, 'engine.sock'))).toBeGreaterThan(107);
      expect(path.dirname(path.dirname(engine.socket))).toBe(os.tmpdir());
      expect((await fs.stat(path.dirname(engine.socket))).mode & 0o777).toBe(0o700);
      expect(await pingOk(engine.uri)).toBe(true);
    } finally {
      await engine.stop();
      await fs.rm(path.dirname(engine.socket), { recursive: true, force: true });
    }
  });

  test('listens on a Unix socket in its folder, answers ping, and stops leaving no process', async () => {
    const binary = await ensureFerretDbBinary(() => {});
    const engine = await startFerretDb({ binary, backend: { kind: 'sqlite', dir: tmp }, log: () => {} });
    expect(engine.socket).toBe(path.join(tmp, 'engine.sock'));
    expect(engine.uri).toBe(`mongodb://${encodeURIComponent(engine.socket)}/`);
    expect(await pingOk(engine.uri)).toBe(true);
    await engine.stop();
    expect(isProcessAlive(engine.pid)).toBe(false);
    expect(await pingOk(engine.uri)).toBe(false);
  });

  test("the engine gets an allowlisted environment with its collector set, never the hub's secrets", async () => {
    const saved = { BSN_KEY: process.env.BSN_KEY, GOGC: process.env.GOGC };
    process.env.BSN_KEY = 'secret-bsn-key-for-this-test';
    delete process.env.GOGC;
    const binary = await ensureFerretDbBinary(() => {});
    const engine = await startFerretDb({ binary, backend: { kind: 'sqlite', dir: tmp }, log: () => {} });
    try {
      const environ = (await fs.readFile(`/proc/${engine.pid}/environ`, 'utf8')).split('\0');
      expect(environ).toContain(`GOGC=${ENGINE_GC_DEFAULTS.GOGC}`);
      expect(environ).toContain(`GOMEMLIMIT=${ENGINE_GC_DEFAULTS.GOMEMLIMIT}`);
      expect(environ.join('\n')).not.toContain('secret-bsn-key-for-this-test');
      expect(engineEnvironment({ kind: 'sqlite', dir: tmp }, { GOGC: '150', PATH: '/bin' })).toEqual({
        GOGC: '150',
        GOMEMLIMIT: ENGINE_GC_DEFAULTS.GOMEMLIMIT,
        PATH: '/bin',
      });
    } finally {
      await engine.stop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test('one engine per data folder: a CLI reuses the engine a running hub owns', async () => {
    const server = await provideEmbeddedEngine(tmp, 'server', () => {});
    try {
      const cli = await provideEmbeddedEngine(tmp, 'cli', () => {});
      expect(cli.owned).toBe(false);
      expect(cli.uri).toBe(server.uri);
      await cli.release();
      expect(await pingOk(server.uri)).toBe(true); // releasing a borrowed engine leaves it running
    } finally {
      await server.release();
    }
    expect(await readLock(path.join(tmp, 'engine.lock'))).toBeNull();
  });

  test('a hub killed with SIGKILL leaves no engine running and no lock blocking the next start', async () => {
    const hub = spawnHub('server', [], { DATA_DIR: tmp, PORT: '0', JOBS_ENABLED: 'false' });
    await hub.waitForLine(/"msg":"hub listening"/);
    const lock = await readLock(path.join(tmp, 'db', 'engine.lock'));
    expect(lock).not.toBeNull();
    const watchdogPid = lock!.watchdogPid as number;
    expect(isProcessAlive(watchdogPid)).toBe(true);

    hub.child.kill('SIGKILL');
    await hub.exited;
    await eventually(() => !isProcessAlive(watchdogPid), 15_000, 'the orphaned engine to stop');
    expect(await pingOk(lock!.uri as string)).toBe(false);

    // the lock file is still there, but its owner is gone: the next start takes over
    const again = await provideEmbeddedEngine(path.join(tmp, 'db'), 'server', () => {});
    expect(again.owned).toBe(true);
    expect(await pingOk(again.uri)).toBe(true);
    await again.release();
  });
});
