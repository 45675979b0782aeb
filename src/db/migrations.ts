import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import type { Logger } from '../logger';
import { getCollections } from './collections';
import { acquireLease, releaseLease } from '../repositories/leases.repository';
import { MIGRATIONS } from './migrations.list';

/** One schema/index change, applied once per database, in order. Must be safe to re-run. */
export interface Migration {
  id: string;
  description: string;
  up(db: Db): Promise<void>;
}

/**
 * Applies the migrations this database has not seen yet and records each one.
 * A lease makes concurrent starts of several instances wait for one another.
 */
export async function runMigrations(db: Db, log: Logger, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const col = getCollections(db);
  const owner = `${os.hostname()}:${process.pid}:migrations`;
  const deadline = Date.now() + 120_000;
  while (!(await acquireLease(col.leases, 'migrations', owner, 120_000, new Date()))) {
    if (Date.now() > deadline) throw new Error('timed out waiting for another instance to finish migrations');
    await sleep(250);
  }
  const applied: string[] = [];
  try {
    const done = new Set((await col.migrations.find({}, { projection: { _id: 1 } }).toArray()).map((m) => m._id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      const started = Date.now();
      await migration.up(db);
      await col.migrations.insertOne({ _id: migration.id, description: migration.description, appliedAt: new Date(), durationMs: Date.now() - started });
      log.info({ migration: migration.id, durationMs: Date.now() - started }, 'migration applied');
      applied.push(migration.id);
    }
  } finally {
    await releaseLease(col.leases, 'migrations', owner);
  }
  return applied;
}
