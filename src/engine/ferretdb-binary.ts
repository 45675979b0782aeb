import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { withFileLock } from './file-lock';

const execFileAsync = promisify(execFile);

/** The FerretDB release the hub embeds. */
export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** Commit of the v1.24.2 tag, reported by the engine's --version. */
const FERRETDB_COMMIT = 'cda72d440810406a208c4670aa7047f5bc8d528f';

/** A change the hub makes to the FerretDB module source before it compiles it. */
export interface EnginePatch {
  /** File inside the module, relative to its root. */
  file: string;
  /** Exact text that must occur once in the released file. */
  from: string;
  to: string;
  why: string;
}

/**
 * The hub's patches to FerretDB v1.24.2. Each is small, checked against the
 * released text (a mismatch stops the build) and keys the cached binary, so a
 * changed patch list builds a new engine.
 */
export const FERRETDB_PATCHES: readonly EnginePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: 'IDColumn = DefaultColumn + "->\'$._id\'"',
    to: 'IDColumn = DefaultColumn + "->\'_id\'"',
    why: 'SQLite matches index expressions by their text: the `_id_` index is built on `_ferretdb_sjson->"_id"` '
      + '(registry.go indexesCreate) while lookups, updates and deletes by `_id` filtered on `->\'$._id\'`, so each '
      + 'of them scanned the table. `->\'_id\'` is the same value in the form the index matches.',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: [
      '\tif params.Filter.Len() == 1 {\n',
      '\t\tv, _ := params.Filter.Get("_id")\n',
      '\t\tswitch v.(type) {\n',
      '\t\tcase string, types.ObjectID:\n',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)\n',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n',
      '\t\t}\n',
      '\t}\n',
    ].join(''),
    to: '\twhereClause, args = prepareWhereClause(params.Filter) // youthcare-hub: see query.go\n',
    why: 'Queries pushed down only an exact `{_id}` filter; every other filter made SQLite hand each document of the '
      + 'table to Go. Now the top-level string and ObjectId equalities of a filter are pushed down (query.go).',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: [
      '\tif params.Filter.Len() == 1 {\n',
      '\t\tv, _ := params.Filter.Get("_id")\n',
      '\t\tswitch v.(type) {\n',
      '\t\tcase string, types.ObjectID:\n',
      '\t\t\tfilterPushdown = true\n',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)\n',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n',
      '\t\t}\n',
      '\t}\n',
    ].join(''),
    to: '\twhereClause, args = prepareWhereClause(params.Filter) // youthcare-hub: see query.go\n\tfilterPushdown = whereClause != ""\n',
    why: '`explain` reports the same pushdown the query makes.',
  },
  {
    file: 'internal/backends/sqlite/query.go',
    from: '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"\n',
    to: '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"\n\t"github.com/FerretDB/FerretDB/internal/handler/sjson"\n',
    why: 'query.go encodes the pushed-down values the way documents are stored.',
  },
  {
    file: 'internal/backends/sqlite/query.go',
    from: '// prepareOrderByClause returns ORDER BY clause for given sort document.\n',
    to: [
      '// prepareWhereClause (youthcare-hub) pushes down the top-level equalities of a filter on\n',
      '// strings and ObjectIDs (`{f: v}` or `{f: {$eq: v}}`), written as `_ferretdb_sjson->"f"`: the\n',
      '// expression FerretDB builds its indexes on, so SQLite serves them from an index on `f`. The\n',
      '// handler still filters every returned document, so this may return more, never fewer:\n',
      '// a field holding an array (which matches by its elements) is kept through the range of JSON\n',
      '// texts that start with \'[\'. Field names other than plain identifiers are not pushed down.\n',
      'func prepareWhereClause(filter *types.Document) (string, []any) {\n',
      '\tif filter == nil {\n',
      '\t\treturn "", nil\n',
      '\t}\n',
      '\n',
      '\tvar conds []string\n',
      '\tvar args []any\n',
      '\n',
      '\tfor _, k := range filter.Keys() {\n',
      '\t\tif !pushableKey(k) {\n',
      '\t\t\tcontinue\n',
      '\t\t}\n',
      '\n',
      '\t\tv := must.NotFail(filter.Get(k))\n',
      '\t\tif d, ok := v.(*types.Document); ok {\n',
      '\t\t\teq, err := d.Get("$eq")\n',
      '\t\t\tif d.Len() != 1 || err != nil {\n',
      '\t\t\t\tcontinue\n',
      '\t\t\t}\n',
      '\t\t\tv = eq\n',
      '\t\t}\n',
      '\n',
      '\t\tswitch v.(type) {\n',
      '\t\tcase string, types.ObjectID:\n',
      '\t\tdefault:\n',
      '\t\t\tcontinue\n',
      '\t\t}\n',
      '\n',
      '\t\targ := string(must.NotFail(sjson.MarshalSingleValue(v)))\n',
      '\t\tif k == "_id" {\n',
      '\t\t\tconds = append(conds, metadata.IDColumn+" = ?")\n',
      '\t\t} else {\n',
      '\t\t\tconds = append(conds, fmt.Sprintf(`(%[1]s->"%[2]s" = ? OR (%[1]s->"%[2]s" >= \'[\' AND %[1]s->"%[2]s" < \'\\\'))`, metadata.DefaultColumn, k))\n',
      '\t\t}\n',
      '\n',
      '\t\targs = append(args, arg)\n',
      '\t}\n',
      '\n',
      '\tif len(conds) == 0 {\n',
      '\t\treturn "", nil\n',
      '\t}\n',
      '\n',
      '\treturn " WHERE " + strings.Join(conds, " AND "), args\n',
      '}\n',
      '\n',
      '// pushableKey is true for a plain identifier that is not one of FerretDB\'s own names.\n',
      'func pushableKey(k string) bool {\n',
      '\tif k == "" || strings.HasPrefix(k, "_ferretdb_") {\n',
      '\t\treturn false\n',
      '\t}\n',
      '\n',
      '\tfor i, r := range k {\n',
      '\t\tswitch {\n',
      '\t\tcase r == \'_\', r >= \'a\' && r <= \'z\', r >= \'A\' && r <= \'Z\':\n',
      '\t\tcase i > 0 && r >= \'0\' && r <= \'9\':\n',
      '\t\tdefault:\n',
      '\t\t\treturn false\n',
      '\t\t}\n',
      '\t}\n',
      '\n',
      '\treturn true\n',
      '}\n',
      '\n',
      '// prepareOrderByClause returns ORDER BY clause for given sort document.\n',
    ].join(''),
    why: 'The pushdown itself (see collection.go). SQLite compares the JSON text of the stored value with the JSON '
      + 'text of the filter value, as FerretDB already did for `_id`.',
  },
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    from: '\t\tcreated = append(created, index.Name)\n',
    to: [
      '\t\tcreated = append(created, index.Name)\n',
      '\n',
      '\t\t// youthcare-hub: equality filters are pushed down as `_jsonb->\'field\' @> value`, which the\n',
      '\t\t// btree index above cannot serve; a GIN index per top-level indexed field can.\n',
      '\t\tfor _, key := range index.Key {\n',
      '\t\t\tif strings.Contains(key.Field, ".") {\n',
      '\t\t\t\tcontinue\n',
      '\t\t\t}\n',
      '\t\t\tgh := fnv.New32a()\n',
      '\t\t\tmust.NotFail(gh.Write([]byte(key.Field)))\n',
      '\t\t\tgq := fmt.Sprintf(\n',
      '\t\t\t\t"CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s->%s) jsonb_path_ops)",\n',
      '\t\t\t\tpgx.Identifier{fmt.Sprintf("%s_%08x_gin", tableNamePart, gh.Sum32())}.Sanitize(),\n',
      '\t\t\t\tpgx.Identifier{dbName, c.TableName}.Sanitize(),\n',
      '\t\t\t\tDefaultColumn,\n',
      '\t\t\t\tquoteString(key.Field),\n',
      '\t\t\t)\n',
      '\t\t\tif _, err = p.Exec(ctx, gq); err != nil {\n',
      '\t\t\t\t_ = r.indexesDrop(ctx, p, dbName, collectionName, created)\n',
      '\t\t\t\treturn lazyerrors.Error(err)\n',
      '\t\t\t}\n',
      '\t\t}\n',
    ].join(''),
    why: 'The PostgreSQL backend pushes each top-level equality down as `_jsonb->\'field\' @> value`; its own btree '
      + 'indexes on `(_jsonb->\'field\')` cannot serve `@>`, so reads scanned. Beside each index it creates, the engine '
      + 'now creates a GIN `jsonb_path_ops` index per top-level field (once per table and field; dropped with the table).',
  },
];

/** Identifies the engine build: the release plus the patches applied to it. */
export const ENGINE_BUILD_ID = createHash('sha256').update(JSON.stringify(FERRETDB_PATCHES)).digest('hex').slice(0, 12);

const GO_MISSING = 'Go toolchain not found on PATH. Install Go (https://go.dev/dl/) so the hub can build its embedded FerretDB engine, or set MONGODB_URI to use an existing MongoDB.';

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
 * binary of your own instead.
 */
export async function ensureFerretDbBinary(say: Say, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.FERRETDB_BIN) {
    const version = await binaryVersion(env.FERRETDB_BIN);
    if (!version) throw new EngineError(`FERRETDB_BIN=${env.FERRETDB_BIN} does not run (\`--version\` failed)`);
    return env.FERRETDB_BIN;
  }
  const cacheDir = ferretDbCacheDir(env);
  const binary = path.join(cacheDir, 'bin', `ferretdb-${ENGINE_BUILD_ID}`);
  if ((await binaryVersion(binary)) === FERRETDB_VERSION) {
    say(`engine: using cached FerretDB ${FERRETDB_VERSION} (${binary})`);
    return binary;
  }
  await fs.mkdir(cacheDir, { recursive: true });
  return withFileLock(path.join(cacheDir, 'build.lock'), async () => {
    // Another process may have finished the build while we waited for the lock.
    if ((await binaryVersion(binary)) === FERRETDB_VERSION) return binary;
    await buildFerretDb(cacheDir, binary, say, env);
    return binary;
  }, (holder) => say(`engine: waiting for process ${holder} that is building FerretDB`));
}

/** Applies each patch to its file under `root`; a patch whose text is not found exactly once stops the build. */
export async function applyPatches(root: string, patches: readonly EnginePatch[]): Promise<void> {
  for (const patch of patches) {
    const file = path.join(root, patch.file);
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
      reject(err.code === 'ENOENT'
        ? new EngineError(GO_MISSING)
        : err);
    });
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new EngineError(`\`go ${args.join(' ')}\` failed with exit code ${code}:\n${tail.join('\n')}`));
    });
  });
}

async function buildFerretDb(cacheDir: string, binary: string, say: Say, env: NodeJS.ProcessEnv): Promise<void> {
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const goModCache = path.join(cacheDir, 'gomodcache');
  const stagingBin = path.join(cacheDir, 'bin.staging');
  await fs.rm(stagingBin, { recursive: true, force: true });
  const { stdout: userProxy } = await execFileAsync('go', ['env', 'GOPROXY'], { env }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      throw new EngineError(GO_MISSING);
    }
    throw err;
  });
  const goEnv: NodeJS.ProcessEnv = {
    ...env,
    GOTOOLCHAIN: 'local',
    GOMODCACHE: goModCache,
    GOFLAGS: '-modcacherw',
    CGO_ENABLED: '0',
  };
  say(`engine: building FerretDB ${FERRETDB_VERSION} with Go into ${cacheDir} (first start only, about two minutes)`);

  say('engine: step 1/4: downloading the FerretDB module');
  const downloaded = JSON.parse(await runGo(['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], goEnv, () => {})) as { Dir?: string; Error?: string };
  if (!downloaded.Dir) throw new EngineError(`go mod download failed: ${downloaded.Error ?? 'no module folder reported'}`);

  // The module cache stays as downloaded (its checksums are Go's to verify): the
  // hub compiles its own copy of the source, with its patches applied.
  say(`engine: step 2/4: applying the hub's ${FERRETDB_PATCHES.length} patch(es) to a copy of the source`);
  const sourceDir = path.join(cacheDir, `src-${ENGINE_BUILD_ID}`);
  await fs.rm(sourceDir, { recursive: true, force: true });
  await fs.cp(downloaded.Dir, sourceDir, { recursive: true });
  await applyPatches(sourceDir, FERRETDB_PATCHES);

  // The module zip lacks the generated build/version/*.txt files, and a binary built
  // without them panics at start (FerretDB issue #2982). Their docs say to create them
  // by hand.
  say('engine: step 3/4: writing the version files the module zip leaves out');
  const versionDir = path.join(sourceDir, 'build', 'version');
  await fs.writeFile(path.join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`);
  await fs.writeFile(path.join(versionDir, 'commit.txt'), `${FERRETDB_COMMIT}\n`);

  // Dependencies come through the user's proxy; the local download cache answers first.
  const proxy = `file://${path.join(goModCache, 'cache', 'download')},${userProxy.trim() || 'https://proxy.golang.org,direct'}`;
  say('engine: step 4/4: compiling (go build)');
  let packages = 0;
  const heartbeat = setInterval(() => say(`engine: still compiling, ${packages} packages done (${elapsed()})`), 10_000);
  try {
    await fs.mkdir(stagingBin, { recursive: true });
    await runGo(['-C', sourceDir, 'build', '-v', '-trimpath', '-buildvcs=false', '-o', path.join(stagingBin, 'ferretdb'), './cmd/ferretdb'], { ...goEnv, GOPROXY: proxy }, (line) => {
      if (!line.startsWith('go: ')) packages += 1;
    });
  } finally {
    clearInterval(heartbeat);
  }
  await fs.rm(sourceDir, { recursive: true, force: true });
  const built = path.join(stagingBin, 'ferretdb');
  if ((await binaryVersion(built)) !== FERRETDB_VERSION) throw new EngineError(`the built ${built} does not report ${FERRETDB_VERSION}`);
  await fs.mkdir(path.dirname(binary), { recursive: true });
  await fs.rename(built, binary);
  await fs.rm(stagingBin, { recursive: true, force: true });
  say(`engine: FerretDB ${FERRETDB_VERSION} built in ${elapsed()} (${binary})`);
}
