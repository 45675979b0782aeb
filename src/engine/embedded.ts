import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EngineError, ensureFerretDbBinary } from './ferretdb-binary';
import {
  describeExit,
  killOrphanEngine,
  startFerretDb,
  waitForPing,
  type EngineBackend,
  type EngineHandle,
} from './ferretdb-process';
import { isStale, readLock, releaseLock, tryCreateLock, updateLock } from './file-lock';

/** Who wants the embedded engine: the long-running hub, or a short CLI command. */
export type EngineUser = 'server' | 'cli';

/** A database address, and how to let go of it when done. */
export interface EmbeddedEngine {
  uri: string;
  /** True when this process started the engine (and stops it on release). */
  owned: boolean;
  /** The current engine handle when owned (tests use it to simulate an outage). */
  readonly handle?: EngineHandle;
  /** `running`; `restarting` after the engine died; `failed` when restarts keep failing (the hub's /healthz says 503). */
  state(): EngineState;
  release(): Promise<void>;
}

export type EngineState = 'running' | 'restarting' | 'failed';

/**
 * Makes the engine's data folder the hub's user's alone: the folder 0700 and every
 * file in it 0600, whatever the umask (a folder made by an earlier version was 0755
 * and its SQLite files 0644). The engine itself runs with umask 077.
 */
async function makePrivate(dbDir: string): Promise<void> {
  await fs.mkdir(dbDir, { recursive: true, mode: 0o700 });
  await fs.chmod(dbDir, 0o700);
  for (const entry of await fs.readdir(dbDir, { withFileTypes: true })) {
    if (entry.isFile()) await fs.chmod(path.join(dbDir, entry.name), 0o600);
  }
}

/** Restart attempts (backoff from 0.5 s, doubling to 30 s) before the engine counts as failed; it keeps trying after. */
const RESTARTS_BEFORE_FAILED = 5;

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Where the embedded engine keeps its data, and how long to wait for another holder of the folder. */
export interface EmbeddedEngineOptions {
  /** Store the data in this PostgreSQL database (FerretDB's PostgreSQL backend) instead of SQLite in the folder. */
  postgresqlUrl?: string;
  waitTimeoutMs?: number;
}

/**
 * Provides the embedded FerretDB for a data folder: its SQLite backend keeps the data
 * in the folder, or its PostgreSQL backend in `postgresqlUrl`. Exactly one
 * engine ever runs per folder: `engine.lock` names its owner and address. A CLI
 * command reuses the engine of a running hub; a hub waits for a CLI command that
 * briefly owns the engine; a lock left by a crashed owner is taken over after its
 * engine (if still alive) is stopped.
 */
export async function provideEmbeddedEngine(
  dbDir: string,
  user: EngineUser,
  log: Log,
  options: EmbeddedEngineOptions = {},
): Promise<EmbeddedEngine> {
  await makePrivate(dbDir);
  const lockPath = path.join(dbDir, 'engine.lock');
  const deadline = Date.now() + (options.waitTimeoutMs ?? 120_000);
  let announced = false;
  for (;;) {
    if (await tryCreateLock(lockPath, { user }))
      return startOwnedEngine(dbDir, lockPath, user, log, options.postgresqlUrl);
    const holder = await readLock(lockPath);
    if (!holder) {
      await sleep(100); // being written right now
    } else if (isStale(holder)) {
      log('warn', `engine: ${lockPath} was left by process ${holder.pid}, which is gone; taking over`);
      if (typeof holder.watchdogPid === 'number') await killOrphanEngine(holder.watchdogPid);
      await fs.rm(lockPath, { force: true });
      continue;
    } else if (user === 'cli' && holder.user === 'server' && typeof holder.uri === 'string') {
      await waitForPing(holder.uri, Date.now() + 10_000);
      return { uri: holder.uri, owned: false, state: () => 'running', release: async () => {} };
    } else {
      if (!announced) {
        log('info', `engine: waiting for process ${holder.pid} (${String(holder.user)}) that holds ${lockPath}`);
        announced = true;
      }
      await sleep(250);
    }
    if (Date.now() > deadline) throw new EngineError(`timed out waiting for ${lockPath}`);
  }
}

async function startOwnedEngine(
  dbDir: string,
  lockPath: string,
  user: EngineUser,
  log: Log,
  postgresqlUrl: string | undefined,
): Promise<EmbeddedEngine> {
  try {
    const binary = await ensureFerretDbBinary((m) => log('info', m));
    const backend: EngineBackend = postgresqlUrl
      ? { kind: 'postgresql', url: postgresqlUrl, stateDir: dbDir }
      : { kind: 'sqlite', dir: dbDir };
    let handle = await startFerretDb({ binary, backend, log });
    await updateLock(lockPath, { uri: handle.uri, socket: handle.socket, watchdogPid: handle.pid, user });
    let state: EngineState = 'running';
    let releasing = false;
    // The hub supervises the engine it started: an engine that dies is started again on
    // the same socket (so the driver reconnects by itself), with backoff, for as long as
    // the hub runs.
    const supervise = (current: EngineHandle) => {
      void current.exited.then(async (exit) => {
        if (releasing) return;
        state = 'restarting';
        log('error', `engine: FerretDB stopped unexpectedly (${describeExit(exit)}); restarting it`); // its own lines may quote client data: not repeated
        for (let attempt = 1; !releasing; attempt += 1) {
          await sleep(Math.min(30_000, 500 * 2 ** (attempt - 1)));
          if (releasing) return;
          try {
            const next = await startFerretDb({ binary, backend, log, socket: current.socket });
            if (releasing) {
              await next.stop();
              return;
            }
            handle = next;
            await updateLock(lockPath, { uri: next.uri, socket: next.socket, watchdogPid: next.pid, user });
            state = 'running';
            log('info', `engine: FerretDB restarted on ${next.socket} (attempt ${attempt})`);
            supervise(next);
            return;
          } catch (err) {
            if (attempt >= RESTARTS_BEFORE_FAILED) state = 'failed';
            log(
              'error',
              `engine: restart attempt ${attempt} failed${state === 'failed' ? ' (the hub reports itself unhealthy until one succeeds)' : ''}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
            );
          }
        }
      });
    };
    supervise(handle);
    return {
      uri: handle.uri,
      owned: true,
      get handle() {
        return handle;
      },
      state: () => state,
      release: async () => {
        releasing = true;
        await handle.stop();
        await releaseLock(lockPath);
      },
    };
  } catch (err) {
    await releaseLock(lockPath);
    throw err;
  }
}
