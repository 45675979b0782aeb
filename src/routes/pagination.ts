import { errors } from '../errors';
import type { AppContext } from '../middlewares/state';

/** A page request: how many, and after which position. */
export interface PageRequest {
  limit: number;
  /** The decoded cursor: the sort key of the last item of the previous page. */
  after?: string;
}

/** A page of a list response. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

/** Reads `?limit=` (1-500, default 100) and the opaque `?cursor=`; 400 when malformed. */
export function readPageRequest(ctx: AppContext): PageRequest {
  const rawLimit = ctx.query.limit;
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw errors.badRequest('invalid-query', `limit must be an integer from 1 to ${MAX_LIMIT}.`, [
        { path: '/limit', message: `must be an integer from 1 to ${MAX_LIMIT}` },
      ]);
    }
  }
  const cursor = ctx.query.cursor;
  if (cursor === undefined) return { limit };
  try {
    const decoded = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof decoded.a !== 'string') throw new Error('bad cursor');
    return { limit, after: decoded.a };
  } catch {
    throw errors.badRequest('invalid-query', 'cursor is not one this API returned.', [
      { path: '/cursor', message: 'is not a valid cursor' },
    ]);
  }
}

/** Builds the page response; `keyOf` gives the sort key the next page starts after. */
export function toPage<D, T>(docs: D[], req: PageRequest, keyOf: (doc: D) => string, present: (doc: D) => T): Page<T> {
  const items = docs.slice(0, req.limit);
  const last = items[items.length - 1];
  const nextCursor =
    docs.length > req.limit && last !== undefined
      ? Buffer.from(JSON.stringify({ a: keyOf(last) })).toString('base64url')
      : null;
  return { items: items.map(present), nextCursor };
}

/** The rows of a page of a list held in order (`limit` after the cursor's key, plus one that tells a next page exists). */
export function rowsAfter<T>(rows: T[], req: PageRequest, keyOf: (row: T) => string): T[] {
  const start = req.after === undefined ? 0 : rows.findIndex((r) => keyOf(r) === req.after) + 1;
  return rows.slice(start, start + req.limit + 1);
}
