import type { Collections } from '../db/collections';
import type { Trajectory } from './history';

/** How much of a generated history is stored so far. */
export interface StoredCounts {
  allocations: number;
  evaluations: number;
  extensions: number;
}

/**
 * Stores generated trajectories in bulk (allocations, their evaluation reports and
 * extensions, a batch at a time), reporting the running totals after each batch.
 * For generated data only: real records go through the services.
 */
export async function storeHistory(
  col: Collections,
  history: Iterable<Trajectory>,
  batchSize: number,
  progress: (counts: StoredCounts) => void,
): Promise<StoredCounts> {
  const counts: StoredCounts = { allocations: 0, evaluations: 0, extensions: 0 };
  let batch: Trajectory[] = [];
  const flush = async () => {
    await col.allocations.insertMany(batch.map((b) => b.allocation));
    const evaluations = batch.flatMap((b) => b.evaluations);
    if (evaluations.length > 0) await col.evaluations.insertMany(evaluations);
    const extensions = batch.flatMap((b) => (b.extension ? [b.extension] : []));
    if (extensions.length > 0) await col.extensionRequests.insertMany(extensions);
    counts.allocations += batch.length;
    counts.evaluations += evaluations.length;
    counts.extensions += extensions.length;
    batch = [];
    progress({ ...counts });
  };
  for (const trajectory of history) {
    batch.push(trajectory);
    if (batch.length === batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return counts;
}
