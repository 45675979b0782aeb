import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { testMongoUri } from '../support/db';
import { eventually } from '../support/processes';

/** What `docker stop` does to `CMD ["npm", "start"]`: SIGTERM to npm. */
describe('SIGTERM to `npm start`', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-npm-'));
  });
  let survivors: number | undefined;
  afterAll(async () => {
    // if the hub outlived npm (the defect), do not leave it running after the test
    if (survivors)
      try {
        process.kill(-survivors, 'SIGKILL');
      } catch {
        /* all gone, as it should be */
      }
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test('stops the hub gracefully too: its port is freed and it says why', async () => {
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      DATA_DIR: tmp,
      PORT: '0',
      JOBS_ENABLED: 'false',
      MONGODB_URI: testMongoUri(),
      DB_NAME: `t_${crypto.randomBytes(6).toString('hex')}`,
    };
    // --ignore-scripts skips only the prestart build (the test command built dist/ already)
    const npm = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    survivors = npm.pid;
    let out = '';
    npm.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await eventually(() => /"msg":"hub listening"/.test(out), 30_000, 'the hub to listen');
    const { url } = JSON.parse(out.split('\n').find((l) => l.includes('"msg":"hub listening"'))!) as { url: string };
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    npm.kill('SIGTERM');
    await eventually(
      async () => {
        try {
          await fetch(`${url}/healthz`);
          return false;
        } catch {
          return true; // refused: nobody holds the port any more
        }
      },
      15_000,
      'the hub to stop',
    );
    await eventually(() => out.includes('"msg":"hub stopped"'), 5000, 'the graceful stop to be logged');
    expect(out).toMatch(/"msg":"the parent process is gone: stopping"|"reason":"SIGTERM"/);
  });
});
