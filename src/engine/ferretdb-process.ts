import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import readline from 'node:readline';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EngineError } from './ferretdb-binary';
import { isProcessAlive } from './file-lock';
import {
  engineEnvironment,
  engineArgs,
  engineSocketPath,
  describeBackend,
  MAX_SOCKET_PATH_BYTES,
  type EngineBackend,
} from './engine-command';

export type { EngineBackend } from './engine-command';

export {
  ENGINE_GC_DEFAULTS,
  engineEnvironment,
  ENGINE_SESSION_SETTINGS,
  engineDatabaseUrl,
  describeBackend,
  engineSocketPath,
} from './engine-command';

/** A running FerretDB process owned by this process. */
export interface EngineHandle {
  uri: string;
  /** The Unix domain socket it listens on (a restart listens there again). */
  socket: string;
  /** pid of the watchdog shell; its process group holds the engine. */
  pid: number;
  /** Stops the engine gracefully (SIGTERM, then SIGKILL after a timeout). */
  stop(): Promise<void>;
  /** Resolves when the engine process has exited, for any reason, with how it ended. */
  exited: Promise<EngineExit>;
}

/** How the engine's process ended: its exit code (128 + n when killed by signal n) and its last log lines. */
export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  lastLines: string[];
}

/** An exit in words, for the log. */
export function describeExit(exit: EngineExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code !== null && exit.code > 128) return `killed by signal ${exit.code - 128} (exit code ${exit.code})`;
  return `exit code ${String(exit.code)}`;
}

/** Options for starting the engine. */
export interface StartEngineOptions {
  binary: string;
  backend: EngineBackend;
  /** The Unix domain socket to listen on; by default engine.sock in the backend's folder. */
  socket?: string;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  startTimeoutMs?: number;
}

// The engine runs under a tiny shell watchdog that holds the read end of a pipe from
// this process. When this process ends for any reason (even SIGKILL) the pipe closes,
// `cat` returns and the watchdog sends SIGTERM to the engine: no orphan survives us.
// The watchdog gets its own process group, so Ctrl-C in a terminal reaches only the
// hub, which can then finish in-flight requests before it stops the engine. Its umask
// makes everything the engine creates (SQLite files, its state, the socket) the hub's
// user's alone, whatever the hub's own umask.
const WATCHDOG = [
  'umask 077',
  'exec 3<&0',
  '"$@" </dev/null &',
  'engine=$!',
  '{ cat <&3 >/dev/null; kill -TERM "$engine" 2>/dev/null; } &',
  'wait "$engine"',
].join('\n');

/** Polls `ping` until the engine answers or the deadline passes. */
export async function waitForPing(uri: string, deadline: number, isDead: () => boolean = () => false): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline && !isDead()) {
    const client = new MongoClient(uri, {
      serverSelectionTimeoutMS: 1000,
      connectTimeoutMS: 1000,
      directConnection: true,
    });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => {});
    }
  }
  throw new EngineError(
    `FerretDB at ${uri} did not answer ping: ${lastError instanceof Error ? lastError.message : 'the engine exited'}`,
  );
}

/** The driver's address of a Unix domain socket. */
export function socketUri(socket: string): string {
  return `mongodb://${encodeURIComponent(socket)}/`;
}

/**
 * The socket a new engine of `backend` listens on: engine.sock in its folder, or, when
 * that path is longer than the kernel takes, in a new folder of its own under the
 * system's temporary folder (0700, like the data folder).
 */
export async function socketFor(backend: EngineBackend): Promise<string> {
  const preferred = engineSocketPath(backend);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  return path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'hub-engine-')), 'engine.sock');
}

/** Starts FerretDB, waits until it answers `ping`, and returns a handle to stop it. */
export async function startFerretDb(options: StartEngineOptions): Promise<EngineHandle> {
  const { binary, backend, log } = options;
  const env = engineEnvironment(backend);
  const socket = options.socket ?? (await socketFor(backend));
  // a socket file left by an engine that was killed: the caller holds the data folder, so it is no one's
  await fs.rm(socket, { force: true });
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'ferretdb-watchdog', binary, ...engineArgs(backend, socket)],
    {
      detached: true,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new EngineError(`could not start ${binary}`);
  child.stdin.on('error', () => {});

  let exitedFlag = false;
  const recent: string[] = [];
  const exited = new Promise<EngineExit>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      child.stdin.destroy();
      resolve({ code, signal, lastLines: [...recent] });
    }),
  );
  let resolveListening: () => void = () => {};
  const listeningFound = new Promise<void>((resolve) => {
    resolveListening = resolve;
  });

  const onLine = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    let entry: { level?: string; msg?: string; err?: string } = {};
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      log('warn', `ferretdb: ${line}`);
      return;
    }
    if (/^Listening on Unix /.test(entry.msg ?? '')) resolveListening();
    // FerretDB logs every unsupported command (the driver's endSessions on each close)
    // at WARN with a message dump; only its errors deserve the hub's attention. On the
    // PostgreSQL backend a failed query is logged with the document in `args`: never
    // forward that (client data), only the message and error text. Unique violations
    // (SQLSTATE 23505) are how idempotency works here, so they are expected.
    if (entry.level === 'ERROR' && !entry.err?.includes('SQLSTATE 23505')) {
      log('error', `ferretdb: ${entry.msg ?? 'error'}${entry.err ? `: ${entry.err}` : ''}`);
    }
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine);
  readline.createInterface({ input: child.stderr }).on('line', onLine);

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  try {
    await Promise.race([
      listeningFound,
      exited.then(() => {
        throw new EngineError(`FerretDB exited during start:\n${recent.join('\n')}`);
      }),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new EngineError(`FerretDB did not listen within ${timeoutMs} ms:\n${recent.join('\n')}`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
    const uri = socketUri(socket);
    await waitForPing(uri, deadline, () => exitedFlag);
    if (exitedFlag) throw new EngineError(`FerretDB exited during start:\n${recent.join('\n')}`);
    log('info', `engine: FerretDB listening on ${socket}, data in ${describeBackend(options.backend)}`);

    const stop = async () => {
      if (exitedFlag) return;
      child.stdin.end();
      const timer = setTimeout(() => killGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    };
    return { uri, socket, pid, stop, exited };
  } catch (err) {
    killGroup('SIGKILL');
    throw err;
  }
}

/** True when pid is (still) one of our watchdogs, so a recycled pid is never killed. */
async function isWatchdog(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') return isProcessAlive(pid);
  try {
    return (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('ferretdb-watchdog');
  } catch {
    return false;
  }
}

/** Stops an engine left behind by a crashed owner, given its watchdog pid. */
export async function killOrphanEngine(watchdogPid: number, timeoutMs = 10_000): Promise<void> {
  if (!(await isWatchdog(watchdogPid))) return;
  try {
    process.kill(-watchdogPid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(watchdogPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isProcessAlive(watchdogPid)) {
    try {
      process.kill(-watchdogPid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
