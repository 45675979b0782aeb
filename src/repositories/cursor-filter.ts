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
 * A filter for the page after cursor id `after`: the caller's equalities and the
 * `_id` range side by side in one plain object. FerretDB pushes the top-level
 * equalities of such an object down to its backend (an index on SQLite and
 * PostgreSQL), while it evaluates anything under `$and` document by document.
 * A filter that constrains `_id` itself keeps both under `$and`.
 */
export function afterCursor<T>(filter: Filter<T>, after?: string): Filter<T> {
  if (!after) return filter;
  if ('_id' in filter) return { $and: [filter, { _id: { $gt: after } }] } as Filter<T>;
  return { ...filter, _id: { $gt: after } };
}
