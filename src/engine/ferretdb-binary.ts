import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { withFileLock } from './file-lock';
import { FERRETDB_PATCHES, type EnginePatch } from './ferretdb-patches';

export { FERRETDB_PATCHES, type EnginePatch } from './ferretdb-patches';

const execFileAsync = promisify(execFile);

/** The FerretDB release the hub embeds. */
export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** Commit of the v1.24.2 tag, reported by the engine's --version. */
const FERRETDB_COMMIT = 'cda72d440810406a208c4670aa7047f5bc8d528f';

/** Identifies an engine build: the release plus the patches applied to it. */
export function engineBuildId(patches: readonly EnginePatch[]): string {
  return createHash('sha256').update(JSON.stringify(patches)).digest('hex').slice(0, 12);
}

/** Identifies the hub's engine build. */
export const ENGINE_BUILD_ID = engineBuildId(FERRETDB_PATCHES);

const GO_MISSING =
  'Go toolchain not found on PATH. Install Go (https://go.dev/dl/) so the hub can build its embedded FerretDB engine, or set MONGODB_URI to use an existing MongoDB.';

/** Raised when the engine cannot be provided; the message tells the user what to do. */
export class EngineError extends Error {
  override name = 'EngineError';
}

type Say = (message: string) => void;

/** The per-user cache folder for the engine, shared by every clone of the project. */
export function ferretDbCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRETDB_CACHE_DIR) return path.resolve(env.FERRETDB_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'youthcare-hub', 'ferretdb', FERRETDB_VERSION);
}

/** Returns the reported version of a FerretDB binary, or null when it does not run. */
async function binaryVersion(binary: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(binary, ['--version'], { timeout: 15_000 });
    return /^version: (\S+)$/m.exec(stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Returns the path of a working FerretDB v1.24.2 binary, building it with
 * `go install` into the cache folder the first time. `FERRETDB_BIN` points at a
 * binary of your own instead. Another patch list (the race bench's engine without the
 * atomic writes) builds and caches a binary of its own.
 */
export async function ensureFerretDbBinary(
  say: Say,
  env: NodeJS.ProcessEnv = process.env,
  patches: readonly EnginePatch[] = FERRETDB_PATCHES,
): Promise<string> {
  if (env.FERRETDB_BIN && patches === FERRETDB_PATCHES) {
    const version = await binaryVersion(env.FERRETDB_BIN);
    if (!version) throw new EngineError(`FERRETDB_BIN=${env.FERRETDB_BIN} does not run (\`--version\` failed)`);
    return env.FERRETDB_BIN;
  }
  const cacheDir = ferretDbCacheDir(env);
  const buildId = engineBuildId(patches);
  const binary = path.join(cacheDir, 'bin', `ferretdb-${buildId}`);
  if ((await binaryVersion(binary)) === FERRETDB_VERSION) {
    say(`engine: using cached FerretDB ${FERRETDB_VERSION} (${binary})`);
    return binary;
  }
  await fs.mkdir(cacheDir, { recursive: true });
  return withFileLock(
    path.join(cacheDir, 'build.lock'),
    async () => {
      // Another process may have finished the build while we waited for the lock.
      if ((await binaryVersion(binary)) === FERRETDB_VERSION) return binary;
      await buildFerretDb(cacheDir, binary, say, env, patches);
      return binary;
    },
    (holder) => say(`engine: waiting for process ${holder} that is building FerretDB`),
  );
}

/**
 * Applies each patch to its file under `root`; a patch whose text is not found exactly
 * once, or a new file that already exists, stops the build.
 */
export async function applyPatches(root: string, patches: readonly EnginePatch[]): Promise<void> {
  for (const patch of patches) {
    const file = path.join(root, patch.file);
    if (patch.from === '') {
      await fs.writeFile(file, patch.to, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST'
          ? new EngineError(`engine patch does not apply: ${patch.file} should be a new file`)
          : err;
      });
      continue;
    }
    const text = await fs.readFile(file, 'utf8');
    const at = text.indexOf(patch.from);
    if (at < 0 || text.indexOf(patch.from, at + 1) >= 0) {
      throw new EngineError(`engine patch does not apply: ${patch.file} should hold \`${patch.from}\` exactly once`);
    }
    await fs.writeFile(file, text.slice(0, at) + patch.to + text.slice(at + patch.from.length));
  }
}

/** Runs a go command, streaming its output lines to `onLine`; rejects with the tail on failure. */
function runGo(args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      for (const line of text.split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new EngineError(GO_MISSING) : err);
    });
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new EngineError(`\`go ${args.join(' ')}\` failed with exit code ${code}:\n${tail.join('\n')}`));
    });
  });
}

/**
 * Writes the FerretDB source with the hub's patches to `sourceDir` (downloading the
 * module into the engine cache's own module cache first) and returns the environment to
 * run Go in it with: the build uses it, and so does the test that runs FerretDB's own
 * tests of the patched packages.
 */
export async function preparePatchedSource(
  sourceDir: string,
  say: Say = () => {},
  env: NodeJS.ProcessEnv = process.env,
  patches: readonly EnginePatch[] = FERRETDB_PATCHES,
): Promise<NodeJS.ProcessEnv> {
  const goModCache = path.join(ferretDbCacheDir(env), 'gomodcache');
  const { stdout: userProxy } = await execFileAsync('go', ['env', 'GOPROXY'], { env }).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        throw new EngineError(GO_MISSING);
      }
      throw err;
    },
  );
  const goEnv: NodeJS.ProcessEnv = {
    ...env,
    GOTOOLCHAIN: 'local',
    GOMODCACHE: goModCache,
    GOFLAGS: '-modcacherw',
    CGO_ENABLED: '0',
  };

  say('engine: step 1/4: downloading the FerretDB module');
  const downloaded = JSON.parse(
    await runGo(['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], goEnv, () => {}),
  ) as { Dir?: string; Error?: string };
  if (!downloaded.Dir)
    throw new EngineError(`go mod download failed: ${downloaded.Error ?? 'no module folder reported'}`);

  // The module cache stays as downloaded (its checksums are Go's to verify): the
  // hub compiles its own copy of the source, with its patches applied.
  say(`engine: step 2/4: applying the hub's ${patches.length} patch(es) to a copy of the source`);
  await fs.rm(sourceDir, { recursive: true, force: true });
  await fs.cp(downloaded.Dir, sourceDir, { recursive: true });
  await applyPatches(sourceDir, patches);

  // The module zip lacks the generated build/version/*.txt files, and a binary built
  // without them panics at start (FerretDB issue #2982). Their docs say to create them
  // by hand.
  say('engine: step 3/4: writing the version files the module zip leaves out');
  const versionDir = path.join(sourceDir, 'build', 'version');
  await fs.writeFile(path.join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`);
  await fs.writeFile(path.join(versionDir, 'commit.txt'), `${FERRETDB_COMMIT}\n`);

  // Dependencies come through the user's proxy; the local download cache answers first.
  return {
    ...goEnv,
    GOPROXY: `file://${path.join(goModCache, 'cache', 'download')},${userProxy.trim() || 'https://proxy.golang.org,direct'}`,
  };
}

async function buildFerretDb(
  cacheDir: string,
  binary: string,
  say: Say,
  env: NodeJS.ProcessEnv,
  patches: readonly EnginePatch[],
): Promise<void> {
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const stagingBin = path.join(cacheDir, 'bin.staging');
  await fs.rm(stagingBin, { recursive: true, force: true });
  say(`engine: building FerretDB ${FERRETDB_VERSION} with Go into ${cacheDir} (first start only, about two minutes)`);
  const sourceDir = path.join(cacheDir, `src-${engineBuildId(patches)}`);
  const goEnv = await preparePatchedSource(sourceDir, say, env, patches);

  say('engine: step 4/4: compiling (go build)');
  let packages = 0;
  const heartbeat = setInterval(() => say(`engine: still compiling, ${packages} packages done (${elapsed()})`), 10_000);
  try {
    await fs.mkdir(stagingBin, { recursive: true });
    await runGo(
      [
        '-C',
        sourceDir,
        'build',
        '-v',
        '-trimpath',
        '-buildvcs=false',
        '-o',
        path.join(stagingBin, 'ferretdb'),
        './cmd/ferretdb',
      ],
      goEnv,
      (line) => {
        if (!line.startsWith('go: ')) packages += 1;
      },
    );
  } finally {
    clearInterval(heartbeat);
  }
  await fs.rm(sourceDir, { recursive: true, force: true });
  const built = path.join(stagingBin, 'ferretdb');
  if ((await binaryVersion(built)) !== FERRETDB_VERSION)
    throw new EngineError(`the built ${built} does not report ${FERRETDB_VERSION}`);
  await fs.mkdir(path.dirname(binary), { recursive: true });
  await fs.rename(built, binary);
  await fs.rm(stagingBin, { recursive: true, force: true });
  say(`engine: FerretDB ${FERRETDB_VERSION} built in ${elapsed()} (${binary})`);
}
