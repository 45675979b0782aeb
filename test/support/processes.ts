import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { PROJECT_ROOT } from '../../src/paths';

/** A spawned process of the built hub (dist/), with its output collected. */
export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line that matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

/** Path of a built entry point; the test command builds before jest runs. */
export function distEntry(name: 'server' | 'cli'): string {
  const file = path.join(PROJECT_ROOT, 'dist', 'src', `${name}.js`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it)`);
  return file;
}

/** Spawns `node dist/src/<entry>.js args` with the given environment (over a clean one). */
export function spawnHub(entry: 'server' | 'cli', args: string[], env: NodeJS.ProcessEnv): Spawned {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['MONGODB_URI', 'DATA_DIR', 'PORT', 'DB_NAME', 'JOBS_ENABLED'].includes(k),
    ),
  );
  const child = spawn(process.execPath, [distEntry(entry), ...args], {
    env: { ...base, NODE_ENV: 'test', LOG_FORMAT: 'json', ...env },
    cwd: PROJECT_ROOT,
  });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => w.pattern.test(l));
      if (line) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForLine(pattern, timeoutMs = 60_000) {
      const existing = out.split('\n').find((l) => pattern.test(l));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(`process exited (${code}) before a line matching ${pattern}; stdout:\n${out}\nstderr:\n${err}`),
          );
        });
      });
    },
    exited,
  };
}

/**
 * The bootstrap admin token of a spawned hub's first start: not on a terminal, the hub
 * writes it to a file (readable by its user only) and names the file on stdout.
 */
export async function bootstrapTokenOf(hub: Spawned, timeoutMs?: number): Promise<string> {
  const line = await hub.waitForLine(/^Bootstrap admin token written to /, timeoutMs);
  const file = /^Bootstrap admin token written to (\S+) /.exec(line)![1]!;
  return (await fs.promises.readFile(file, 'utf8')).trim();
}

/** Runs a CLI command to completion. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawnHub('cli', args, env);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** Polls until `check` is true or the timeout passes. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A loopback port free right now (for a hub that must come back on the same port after a kill). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
