import type { Collection, Filter } from 'mongodb';

/** How many records one delete of a cleanup removes at most. */
export const DELETE_BATCH = 1000;

/**
 * Deletes what a filter matches in batches of `batch` ids (one read of ids, one
 * delete of those ids that still match the filter, repeated), stopping after `max` records: a cleanup that found a
 * backlog works it off over several runs instead of holding the engine in one long
 * delete. Returns how many it deleted. `why` names the read in the engine's log.
 */
export async function dangerousDeleteInBatches<T extends { _id?: unknown }>(
  col: Collection<T>,
  filter: Filter<T>,
  why: string,
  { batch = DELETE_BATCH, max = 100 * DELETE_BATCH }: { batch?: number; max?: number } = {},
): Promise<number> {
  let deleted = 0;
  while (deleted < max) {
    const ids = (
      await col
        .find(filter, { projection: { _id: 1 }, limit: Math.min(batch, max - deleted), comment: `dangerous: ${why}` })
        .toArray()
    ).map((d) => d._id);
    if (ids.length === 0) break;
    // the filter again: a record that stopped matching since it was read (a lock renewed) stays
    deleted += (await col.deleteMany({ $and: [{ _id: { $in: ids } }, filter] } as Filter<T>)).deletedCount;
    if (ids.length < batch) break;
  }
  return deleted;
}
