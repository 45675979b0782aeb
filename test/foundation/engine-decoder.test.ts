/**
 * The engine's one-pass document decoder (the sjson patches in
 * src/engine/ferretdb-patches.ts, issue 10) gives the released decoder's documents and
 * errors: FerretDB's own tests of its sjson package, and the patch's comparison of the
 * two decoders over random, respaced, broken and truncated documents, run on the
 * patched source the hub builds.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { preparePatchedSource } from '../../src/engine/ferretdb-binary';

const run = promisify(execFile);

describe('the engine decodes stored documents as the released engine does', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-engine-src-'));
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  test("FerretDB's sjson tests and the comparison with the released decoder pass on the patched source", async () => {
    const source = path.join(tmp, 'ferretdb');
    const env = await preparePatchedSource(source);
    await fs.mkdir(path.join(source, '.git')); // FerretDB's test helpers find the module's root by its .git, which the module zip lacks
    const { stdout } = await run('go', ['test', '-count=1', '-v', './internal/handler/sjson/'], {
      cwd: source,
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
    expect(stdout).toMatch(/^--- PASS: TestFastEqualsReleased \(/m);
    expect(stdout).toMatch(/^--- PASS: TestMarshalUnmarshal \(/m);
    expect(stdout).toMatch(/^--- PASS: TestUnmarshalInvalid \(/m);
    expect(stdout).not.toMatch(/^--- FAIL/m);
    expect(stdout.trim().split('\n').pop()).toMatch(/^ok\s+github.com\/FerretDB\/FerretDB\/internal\/handler\/sjson/);
  }, 300_000);
});
