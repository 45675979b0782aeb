/**
 * Only the hub reaches its embedded engine (issue 25): FerretDB v1 has no
 * authentication, so the engine opens no TCP port; it listens on a Unix domain socket
 * in the data folder, the folder is 0700 and every file in it 0600 whatever the umask
 * (a folder an older version left 0755 with 0644 files included), and another local
 * user can neither connect to the socket nor read the files.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readLock } from '../../src/engine/file-lock';
import { spawnHub, type Spawned } from '../support/processes';

const run = promisify(execFile);

/** Tries, as whoever runs it, to connect to the socket and to read a file and the folder; prints each outcome. */
const PROBE = `
const net = require('node:net');
const fs = require('node:fs');
const [socket, file, dir] = process.argv.slice(1);
const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
const read = outcome(() => fs.readFileSync(file));
const list = outcome(() => fs.readdirSync(dir));
const c = net.connect({ path: socket });
c.on('connect', () => { console.log(JSON.stringify({ connect: 'ok', read, list })); c.destroy(); });
c.on('error', (e) => console.log(JSON.stringify({ connect: e.code, read, list })));
`;

async function probeAs(args: string[], socket: string, file: string, dir: string) {
  const { stdout } = await run(args[0]!, [...args.slice(1), process.execPath, '-e', PROBE, socket, file, dir]);
  return JSON.parse(stdout) as { connect: string; read: string; list: string };
}

describe('the embedded engine is the hub user’s alone', () => {
  let tmp: string;
  let hub: Spawned;
  afterAll(async () => {
    hub?.child.kill('SIGTERM');
    await hub?.exited;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('a Unix socket and no TCP port; the folder 0700 and its files 0600 under umask 000; another user can neither connect nor read', async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-access-'));
    await fs.chmod(tmp, 0o755);
    const dbDir = path.join(tmp, 'db');
    // as an older version left it: a world-readable folder and file
    await fs.mkdir(dbDir, { mode: 0o755 });
    await fs.chmod(dbDir, 0o755);
    await fs.writeFile(path.join(dbDir, 'left-by-an-older-version'), 'x', { mode: 0o644 });
    await fs.chmod(path.join(dbDir, 'left-by-an-older-version'), 0o644);

    const previous = process.umask(0o000);
    try {
      hub = spawnHub('server', [], { DATA_DIR: tmp, PORT: '0', JOBS_ENABLED: 'false', DB_NAME: 'access' });
    } finally {
      process.umask(previous);
    }
    await hub.waitForLine(/"msg":"hub listening"/, 240_000);

    const lock = (await readLock(path.join(dbDir, 'engine.lock')))!;
    const socket = lock.socket as string;
    expect(socket).toBe(path.join(dbDir, 'engine.sock'));
    expect(lock.uri).toBe(`mongodb://${encodeURIComponent(socket)}/`);

    // the folder and everything in it
    expect((await fs.stat(dbDir)).mode & 0o777).toBe(0o700);
    const entries = await fs.readdir(dbDir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    expect(files).toEqual(expect.arrayContaining(['engine.lock', 'access.sqlite', 'left-by-an-older-version']));
    for (const name of files)
      expect([name, (await fs.stat(path.join(dbDir, name))).mode & 0o777]).toEqual([name, 0o600]);
    expect((await fs.stat(socket)).isSocket()).toBe(true);
    expect((await fs.stat(socket)).mode & 0o077).toBe(0);

    // the engine was told to open no TCP listener, and holds no listening TCP socket
    let enginePid = '';
    let cmdline: string[] = [];
    for (const pid of (await fs.readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const args = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid === lock.watchdogPid && args[0]?.includes('ferretdb') && !args.includes('-c')) {
        enginePid = pid;
        cmdline = args;
      }
    }
    expect(enginePid).not.toBe('');
    expect(cmdline).toContain('--listen-addr=');
    expect(cmdline).toContain(`--listen-unix=${socket}`);
    const listening = (await run('ss', ['-Hltnp'])).stdout.split('\n').filter((l) => l.includes(`pid=${enginePid},`));
    expect(listening).toEqual([]);

    const file = path.join(dbDir, 'access.sqlite');
    // the hub's own user reaches it (the probe works) ...
    expect(await probeAs(['env'], socket, file, dbDir)).toEqual({ connect: 'ok', read: 'ok', list: 'ok' });
    // ... another local user does not (needs root to become `nobody`; otherwise the modes above are the proof)
    if (process.getuid?.() === 0) {
      const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      expect(await probeAs(nobody, socket, file, dbDir)).toEqual({ connect: 'EACCES', read: 'EACCES', list: 'EACCES' });
    }
  }, 300_000);
});
