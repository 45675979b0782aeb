import { startTestEngine, testBackendKind } from './test-engine';

/**
 * Starts one real FerretDB for the whole run (unless MONGODB_URI points at a real
 * MongoDB) and hands its address to the test workers through TEST_MONGODB_URI.
 * Each test file then works in its own database.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const { engine, dir } = await startTestEngine();
  process.env.TEST_MONGODB_URI = engine.uri;
  process.stderr.write(`\ntest engine: FerretDB (${testBackendKind()}) at ${engine.uri}, data in ${dir}\n`);
  (globalThis as { __testEngine?: unknown }).__testEngine = { engine, dir };
}
