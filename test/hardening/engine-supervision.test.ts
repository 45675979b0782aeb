import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLock } from '../../src/engine/file-lock';
import { eventually, spawnHub, type Spawned, bootstrapTokenOf } from '../support/processes';
import { embeddedBackendEnv } from '../support/test-engine';

/** The hub supervises the embedded engine it started: kill -9 of the engine is survived. */
describe('engine supervision', () => {
  let tmp: string;
  let hub: Spawned;
  let url: string;
  let token: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-supervise-'));
    hub = spawnHub('server', [], {
      ...embeddedBackendEnv(`t_supervise_${Date.now()}`),
      DATA_DIR: tmp,
      PORT: '0',
      JOBS_ENABLED: 'false',
      BSN_KEY: Buffer.alloc(32, 3).toString('base64'),
      METRICS_TOKEN: 'metrics-secret-1',
    });
    token = await bootstrapTokenOf(hub);
    url = (JSON.parse(await hub.waitForLine(/"msg":"hub listening"/)) as { url: string }).url;
  });
  afterAll(async () => {
    hub.child.kill('SIGTERM');
    await hub.exited;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const get = async (p: string) => {
    const started = Date.now();
    const res = await fetch(`${url}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
      ms: Date.now() - started,
    };
  };
  const killEngine = async () => {
    const lock = (await readLock(path.join(tmp, 'db', 'engine.lock')))!;
    process.kill(-(lock.watchdogPid as number), 'SIGKILL');
    return lock;
  };

  test("the engine does not inherit the hub's secrets (BSN_KEY, tokens)", async () => {
    const lock = (await readLock(path.join(tmp, 'db', 'engine.lock')))!;
    const group = (await fs.readdir('/proc')).filter((p) => /^\d+$/.test(p));
    let checked = 0;
    for (const pid of group) {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid !== lock.watchdogPid) continue;
      const environ = await fs.readFile(`/proc/${pid}/environ`, 'utf8');
      expect(environ).not.toContain('BSN_KEY');
      expect(environ).not.toContain('metrics-secret-1');
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(2); // the watchdog and FerretDB
  });

  test('kill -9 of the engine: requests get 503 problems within seconds, the engine comes back by itself, the error is logged', async () => {
    expect((await get('/v1/tokens')).status).toBe(200);
    const before = await killEngine();
    const during = await get('/v1/tokens');
    if (![200, 503].includes(during.status)) await new Promise((r) => setTimeout(r, 1000)); // let the hub's log reach us for the message below
    if (![200, 503].includes(during.status))
      throw new Error(
        `${during.status}: ${JSON.stringify(during.body)}\n${hub
          .stdout()
          .split('\n')
          .filter((l) => l.includes('"level":"error"'))
          .join('\n')}`,
      ); // 200 when the restart was already done
    if (during.status === 503) expect(during.type).toContain('application/problem+json');
    expect(during.ms).toBeLessThan(8000);
    await eventually(
      async () => (await readLock(path.join(tmp, 'db', 'engine.lock')))?.watchdogPid !== before.watchdogPid,
      30_000,
      'the engine to be restarted',
    );
    await eventually(
      async () => (await get('/readyz')).status === 200 && (await get('/v1/tokens')).status === 200,
      30_000,
      'the engine to be back',
    );
    const after = (await readLock(path.join(tmp, 'db', 'engine.lock')))!;
    expect(after.watchdogPid).not.toBe(before.watchdogPid);
    expect(after.socket).toBe(before.socket);
    expect(hub.stdout()).toMatch(/"level":"error".*FerretDB stopped unexpectedly \(killed by (SIGKILL|signal 9)/);
    expect(hub.stdout()).toMatch(/FerretDB restarted on \S+engine\.sock/);
    expect(hub.child.exitCode).toBeNull();
  });

  test('an engine that cannot be restarted turns /healthz 503; it recovers when the cause goes', async () => {
    // Kill the engine and put a folder where its socket goes before the supervisor can start it there again.
    let blocker: string | null = null;
    for (let round = 0; round < 5 && !blocker; round += 1) {
      const { socket } = await killEngine();
      const deadline = Date.now() + 2000;
      while (!blocker && Date.now() < deadline) {
        try {
          await fs.rm(socket as string, { force: true });
          await fs.mkdir(socket as string);
          blocker = socket as string;
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      if (!blocker)
        await eventually(async () => (await get('/readyz')).status === 200, 30_000, 'the engine to be back');
    }
    expect(blocker).not.toBeNull();
    try {
      await eventually(
        async () => (await get('/healthz')).status === 503,
        40_000,
        '/healthz to report the failed engine',
      );
      expect((await get('/healthz')).body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
    } finally {
      await fs.rm(blocker!, { recursive: true, force: true });
    }
    await eventually(
      async () => (await get('/healthz')).status === 200 && (await get('/readyz')).status === 200,
      45_000,
      'recovery once the socket path is free',
    );
    expect(hub.stdout()).toMatch(/restart attempt 5 failed \(the hub reports itself unhealthy until one succeeds\)/);
  }, 120_000);
});
