import fs from 'node:fs/promises';
import type { EngineHandle } from '../../src/engine/ferretdb-process';

/** Stops the suite's engine and removes its data folder. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __testEngine?: { engine: EngineHandle; dir: string } }).__testEngine;
  if (!state) return;
  await state.engine.stop();
  await fs.rm(state.dir, { recursive: true, force: true });
}
