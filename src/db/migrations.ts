import type { Db } from 'mongodb';
import type { Logger } from '../logger';
import { getCollections } from './collections';
import { MIGRATIONS } from './migrations.list';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** The hub's locks (LocksRepository), as the migrations take theirs. */
export interface MigrationsLocks {
  acquire(name: string, ttlMs: number, waitMs: number): Promise<{ release(): Promise<void> } | null>;
}

/**
 * Applies the migrations this database has not seen yet and records each one.
 * A lock (`locks`: the hub's LocksRepository) makes concurrent starts of several
 * instances wait for one another.
 */
export async function runMigrations(
  db: Db,
  log: Logger,
  locks: MigrationsLocks,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  const col = getCollections(db);
  const lock = await locks.acquire('migrations', 120_000, 120_000);
  if (!lock) throw new Error('timed out waiting for another instance to finish migrations');
  const applied: string[] = [];
  try {
    const done = new Set((await col.migrations.find({}, { projection: { _id: 1 } }).toArray()).map((m) => m._id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      const started = Date.now();
      await migration.up(db);
      await col.migrations.insertOne({
        _id: migration.id,
        description: migration.description,
        appliedAt: new Date(),
        durationMs: Date.now() - started,
      });
      log.info({ migration: migration.id, durationMs: Date.now() - started }, 'migration applied');
      applied.push(migration.id);
    }
  } finally {
    await lock.release();
  }
  return applied;
}
