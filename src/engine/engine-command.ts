import path from 'node:path';

/** The command line and the environment the embedded engine starts with, and the PostgreSQL session it uses. */
/** Which FerretDB backend stores the data. */
export type EngineBackend = { kind: 'sqlite'; dir: string } | { kind: 'postgresql'; url: string; stateDir: string };

/** The environment variables the engine inherits (plus PG* for libpq-style settings and LC_*). */
const ENGINE_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'TMPDIR',
  'TZ',
  'LANG',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GOGC',
  'GOMEMLIMIT',
]);

/**
 * The engine's garbage collector, unless the environment sets its own: FerretDB
 * allocates a tree of values for every document it reads, and Go's default
 * (`GOGC=100`) spent a fifth of the engine's CPU collecting them in a profile of the
 * hub's list queries; at 400 the same lists took 28% less time. `GOMEMLIMIT` keeps the
 * heap bounded all the same: near it Go collects as often as it must.
 */
export const ENGINE_GC_DEFAULTS = { GOGC: '400', GOMEMLIMIT: '1GiB' } as const;

/**
 * The engine's environment: an allowlist of the hub's (the engine never sees BSN_KEY,
 * tokens or SMTP passwords), the collector's defaults, and the PostgreSQL URL, which goes
 * in the environment rather than on the command line `ps` shows.
 */
export function engineEnvironment(backend: EngineBackend, hubEnv: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...ENGINE_GC_DEFAULTS };
  for (const [k, v] of Object.entries(hubEnv)) {
    if (ENGINE_ENV.has(k) || k.startsWith('PG') || k.startsWith('LC_')) env[k] = v;
  }
  if (backend.kind === 'postgresql') env.FERRETDB_POSTGRESQL_URL = engineDatabaseUrl(backend.url); // FerretDB reads each flag from FERRETDB_<FLAG> too
  return env;
}

/**
 * Where the engine listens: a Unix domain socket in its data folder (FerretDB v1 has no
 * authentication, so it opens no TCP port; the folder is the hub's user's alone).
 */
export function engineSocketPath(backend: EngineBackend): string {
  return path.join(backend.kind === 'sqlite' ? backend.dir : backend.stateDir, 'engine.sock');
}

/** The longest Unix socket path the kernel takes (108 bytes with its terminating NUL). */
export const MAX_SOCKET_PATH_BYTES = 107;

export function engineArgs(backend: EngineBackend, socket: string): string[] {
  const common = [
    '--listen-addr=', // no TCP listener
    `--listen-unix=${socket}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-format=json',
    '--log-level=info',
  ];
  if (backend.kind === 'sqlite') {
    return [
      '--handler=sqlite',
      `--sqlite-url=file:${backend.dir.replace(/\/?$/, '/')}`,
      `--state-dir=${backend.dir}`,
      ...common,
    ];
  }
  // the PostgreSQL URL (it may hold a password) goes in the environment, not on the command line `ps` shows
  return ['--handler=postgresql', `--state-dir=${backend.stateDir}`, ...common];
}

/**
 * Session settings the engine's PostgreSQL connections get unless the URL sets them:
 * - `plan_cache_mode=force_custom_plan`: FerretDB prepares and caches its statements;
 *   a generic plan chosen for a cached statement ignores the GIN index on the value
 *   it is given and scans, a custom plan uses it.
 * - `jit=off` and `max_parallel_workers_per_gather=0`: PostgreSQL cannot estimate a
 *   GIN `@>` match (it guesses a fraction of the table), so on a large table a lookup
 *   of one document by `_id` was planned as a parallel scan with JIT-compiled
 *   expressions: 24-40 ms of worker start and compilation for a row the index finds
 *   in 0.1 ms (889,000 evaluation reports, 2026-12-01). The hub's queries are small
 *   lookups and index walks; its whole passes stream without a filter to share out.
 */
export const ENGINE_SESSION_SETTINGS: Readonly<Record<string, string>> = {
  plan_cache_mode: 'force_custom_plan',
  jit: 'off',
  max_parallel_workers_per_gather: '0',
};

/** The PostgreSQL URL the engine connects with: the user's, plus ENGINE_SESSION_SETTINGS it does not set itself. */
export function engineDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const [name, value] of Object.entries(ENGINE_SESSION_SETTINGS)) {
      if (!parsed.searchParams.has(name)) parsed.searchParams.set(name, value);
    }
    return parsed.toString();
  } catch {
    return url; // a keyword/value connection string: passed on as given
  }
}

/** Where a backend keeps the data, for log lines: never the PostgreSQL user or password. */
export function describeBackend(backend: EngineBackend): string {
  if (backend.kind === 'sqlite') return `SQLite under ${backend.dir}`;
  try {
    const url = new URL(backend.url);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
