/**
 * The embedded engine's files are the hub user's alone (issue 25): the data folder is
 * 0700 and every file in it 0600 whatever the umask (a folder an older version left
 * 0755 with 0644 files included), and another local user can neither list the folder
 * nor read the SQLite files. (The engine still listens on a loopback TCP port, and
 * FerretDB v1 has no authentication: docs/operations.md says what that leaves open.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnHub, type Spawned } from '../support/processes';

const run = promisify(execFile);

/** Tries, as whoever runs it, to read a file and list the folder; prints each outcome. */
const PROBE = `
const fs = require('node:fs');
const [file, dir] = process.argv.slice(1);
const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
console.log(JSON.stringify({ read: outcome(() => fs.readFileSync(file)), list: outcome(() => fs.readdirSync(dir)) }));
`;

async function probeAs(args: string[], file: string, dir: string) {
  const { stdout } = await run(args[0]!, [...args.slice(1), process.execPath, '-e', PROBE, file, dir]);
  return JSON.parse(stdout) as { read: string; list: string };
}

describe('the embedded engine is the hub user’s alone', () => {
  let tmp: string;
  let hub: Spawned;
  afterAll(async () => {
    hub?.child.kill('SIGTERM');
    await hub?.exited;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('the folder 0700 and its files 0600 under umask 000; another user can neither list nor read them', async () => {
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

    expect((await fs.stat(dbDir)).mode & 0o777).toBe(0o700);
    const files = (await fs.readdir(dbDir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(files).toEqual(expect.arrayContaining(['engine.lock', 'access.sqlite', 'left-by-an-older-version']));
    for (const name of files)
      expect([name, (await fs.stat(path.join(dbDir, name))).mode & 0o777]).toEqual([name, 0o600]);

    const file = path.join(dbDir, 'access.sqlite');
    // the hub's own user reads them (the probe works) ...
    expect(await probeAs(['env'], file, dbDir)).toEqual({ read: 'ok', list: 'ok' });
    // ... another local user does not (needs root to become `nobody`; otherwise the modes above are the proof)
    if (process.getuid?.() === 0) {
      const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
      expect(await probeAs(nobody, file, dbDir)).toEqual({ read: 'EACCES', list: 'EACCES' });
    }
  }, 300_000);
});
