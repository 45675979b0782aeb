import type { Collection } from 'mongodb';
import type { LeaseDoc } from '../db/documents';
import { isDuplicateKeyError } from '../db/errors';

/**
 * Takes the lease `name` for `owner` when it is free (expired) and, for job leases,
 * when `tick` is newer than the last tick claimed. One atomic findOneAndUpdate with an
 * upsert: a held lease makes the upsert collide on `_id`, which means "not acquired".
 */
export async function acquireLease(col: Collection<LeaseDoc>, name: string, owner: string, ttlMs: number, now: Date, tick?: Date): Promise<boolean> {
  const filter: Record<string, unknown> = { _id: name, lockedUntil: { $lt: now } };
  if (tick) filter.lastTick = { $lt: tick };
  const set: Partial<LeaseDoc> = { owner, lockedUntil: new Date(now.getTime() + ttlMs), acquiredAt: now };
  if (tick) set.lastTick = tick;
  try {
    const doc = await col.findOneAndUpdate(filter, { $set: set }, { upsert: true, returnDocument: 'after' });
    return doc?.owner === owner;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Extends a lease we hold; false when it was lost (expired and taken by another). */
export async function renewLease(col: Collection<LeaseDoc>, name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
  const res = await col.updateOne({ _id: name, owner }, { $set: { lockedUntil: new Date(now.getTime() + ttlMs) } });
  return res.matchedCount === 1;
}

/** Gives a lease back so the next tick (or instance) need not wait for its expiry. */
export async function releaseLease(col: Collection<LeaseDoc>, name: string, owner: string): Promise<void> {
  await col.updateOne({ _id: name, owner }, { $set: { lockedUntil: new Date(0) } });
}
