import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testMongoUri } from './db';
import { spawnHub, type Spawned, bootstrapTokenOf } from './processes';

/** The built hub as a real process on the suite's engine, in a database of its own. */
export interface HubProcess {
  url: string;
  /** `Bearer <bootstrap admin token>`. */
  admin: string;
  dbName: string;
  proc: Spawned;
  /** Starts the same hub again (same database, data folder and environment), after a crash. */
  restart(): Promise<HubProcess>;
  /** SIGTERM and wait; removes the data folder. */
  stop(): Promise<void>;
}

/** Starts `node dist/src/server.js` with MONGODB_URI at the suite's engine. */
export async function startHubProcess(
  env: NodeJS.ProcessEnv = {},
  reuse?: { dbName: string; dataDir: string; admin: string },
): Promise<HubProcess> {
  const dbName = reuse?.dbName ?? `t_${crypto.randomBytes(6).toString('hex')}`;
  const dataDir = reuse?.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'hub-proc-')));
  const fullEnv = {
    MONGODB_URI: testMongoUri(),
    DB_NAME: dbName,
    DATA_DIR: dataDir,
    PORT: '0',
    JOBS_ENABLED: 'false',
    ...env,
  };
  const proc = spawnHub('server', [], fullEnv);
  let admin = reuse?.admin;
  if (!admin) admin = `Bearer ${await bootstrapTokenOf(proc)}`;
  const { url } = JSON.parse(await proc.waitForLine(/"msg":"hub listening"/)) as { url: string };
  const hub: HubProcess = {
    url,
    admin,
    dbName,
    proc,
    restart: () => startHubProcess(env, { dbName, dataDir, admin }),
    async stop() {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return hub;
}
