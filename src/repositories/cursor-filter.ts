import type { Filter } from 'mongodb';

/**
 * The options that name a query a whole-collection pass when its filter is empty
 * (an admin's unscoped list, a job's pass): the `comment` starts with `dangerous`,
 * which the index-coverage check accepts and the engine's log shows.
 */
export function passOptions(filter: object, why: string): { comment?: string } {
  return Object.values(filter).every((v) => v === undefined) ? { comment: `dangerous: ${why}` } : {}; // undefined values are not sent
}

/**
 * A filter for the page after cursor id `after` (a page in ascending `_id` order): the
 * caller's equalities and the `_id` range side by side in one plain object. FerretDB
 * pushes the top-level equalities of such an object down to its backend (an index on
 * SQLite and PostgreSQL), while it evaluates anything under `$and` document by document;
 * and the hub's build of FerretDB reads a find sorted by `_id` with a range on a string
 * `_id` from its backend in `_id` order, a page at a time, instead of every document in
 * scope (the keyset patch in engine/ferretdb-patches.ts). So the first page has a range
 * too: `$gte: ''` holds every string, and every `_id` the hub writes is a string (MongoDB
 * compares one type only). On MongoDB it is the index's string range, the same documents.
 * A filter that constrains `_id` itself keeps both under `$and`.
 */
export function afterCursor<T>(filter: Filter<T>, after?: string): Filter<T> {
  if ('_id' in filter) return after ? ({ $and: [filter, { _id: { $gt: after } }] } as Filter<T>) : filter;
  return { ...filter, _id: after ? { $gt: after } : { $gte: '' } };
}

/** The same for a page in descending `_id` order, before cursor id `before`. */
export function beforeCursor<T>(filter: Filter<T>, before?: string): Filter<T> {
  if ('_id' in filter) return before ? ({ $and: [filter, { _id: { $lt: before } }] } as Filter<T>) : filter;
  return { ...filter, _id: before ? { $lt: before } : { $gte: '' } };
}

/** A read scope as the policies give it: equality conditions a record must meet (empty: all). */
export type ScopeFilter = Readonly<Record<string, string>>;

/** The records a crash left marked pending (the hub's multi-step writes), and their pending mark cleared. */
export const PENDING = { pending: { $in: ['create', 'update'] } } as const;
export const PENDING_CLEARED = { $unset: { pending: '' } } as const;
