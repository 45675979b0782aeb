/**
 * Index coverage (issue 10): records every query the app sends through the driver's
 * command monitoring and checks that an index of the collection serves it the way
 * MongoDB would use it: the equality fields as the index's leading keys, then the
 * sort, then a range (ESR). Whole-collection passes say so with a `comment`
 * starting with `dangerous` and are left out. The test harness runs the check when
 * a test file's database is dropped, so a new query without an index fails the
 * file that sends it.
 */
import fs from 'node:fs';
import type { CommandStartedEvent, Db, Document, MongoClient } from 'mongodb';

/** One query as the check sees it. */
export interface QueryShape {
  command: string;
  collection: string;
  filter: Document;
  sort?: Document;
  limit?: number;
  comment?: string;
}

/** Why a query is not served, or null when an index serves it. */
export type Verdict = string | null;

/** A query without a filter that reads at most this many documents is bounded (a sample, a page). */
const MAX_BOUNDED_LIMIT = 1000;
const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);
const EQUALITY_OPS = new Set(['$eq', '$in']);

interface Analysed {
  eq: Set<string>;
  range: Set<string>;
  /** Operators an index cannot bound ($or, $expr, …): the query needs another way. */
  unbounded: string[];
}

function analyse(filter: Document, out: Analysed = { eq: new Set(), range: new Set(), unbounded: [] }): Analysed {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value as Document[]) analyse(part, out);
    } else if (key === '$comment') {
      // not a condition
    } else if (key.startsWith('$')) {
      out.unbounded.push(key);
    } else if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !(value instanceof Date) &&
      Object.keys(value as object).some((k) => k.startsWith('$'))
    ) {
      const ops = Object.keys(value as object);
      if (ops.every((op) => EQUALITY_OPS.has(op))) out.eq.add(key);
      else if (ops.some((op) => RANGE_OPS.has(op))) out.range.add(key);
      // $ne, $exists, $nin, …: filtered while the index bounds the rest
    } else {
      out.eq.add(key);
    }
  }
  return out;
}

/** Whether index `keys` serves a query: equality prefix, then the sort, else a leading range. */
export function servedBy(keys: string[], query: Analysed, sort: string[]): boolean {
  let i = 0;
  while (i < keys.length && query.eq.has(keys[i]!)) i += 1;
  const prefix = i;
  if (query.eq.size > 0 && prefix === 0) return false; // walking another order and filtering is not narrowing
  const sortRest = sort.filter((f) => !query.eq.has(f));
  for (const field of sortRest) {
    if (keys[i] !== field) return false;
    i += 1;
  }
  if (prefix > 0 || sortRest.length > 0) return true;
  return keys.length > 0 && query.range.has(keys[0]!);
}

/** Checks one query against the indexes of its collection (field lists, `_id` included). */
export function checkQuery(shape: QueryShape, indexes: string[][]): Verdict {
  if (shape.comment?.startsWith('dangerous')) return null;
  const query = analyse(shape.filter);
  if (query.eq.has('_id')) return null; // the _id index: one document
  if (query.unbounded.length > 0)
    return `uses ${query.unbounded.join(', ')}, which no index bounds (rewrite, or name it dangerous…)`;
  const sort = Object.keys(shape.sort ?? {}).filter((k) => k !== '$natural');
  const empty = query.eq.size === 0 && query.range.size === 0;
  const bounded = shape.limit !== undefined && shape.limit > 0 && shape.limit <= MAX_BOUNDED_LIMIT;
  if (empty && sort.length === 0 && !bounded)
    return 'reads the whole collection (give it a filter, or name it dangerous…)';
  if (empty && !bounded) return 'walks the whole collection in sort order without a limit (name it dangerous…)';
  if (empty && sort.length === 0) return null; // any few documents
  const all = [['_id'], ...indexes];
  if (all.some((keys) => servedBy(keys, query, sort))) return null;
  return `no index serves it (equality on ${[...query.eq].join(', ') || 'nothing'}, sort on ${sort.join(', ') || 'nothing'}, range on ${[...query.range].join(', ') || 'nothing'})`;
}

/** A sort as the driver sends it (a Map, to keep the order) or as a plain object. */
function sortDoc(sort: unknown): Document | undefined {
  if (sort instanceof Map) return Object.fromEntries(sort as Map<string, unknown>);
  return sort as Document | undefined;
}

/** The query shapes in one command; none for commands that are not queries. */
export function shapesOf(event: Pick<CommandStartedEvent, 'commandName' | 'command'>): QueryShape[] {
  const cmd: Document = { ...event.command, sort: sortDoc(event.command.sort) };
  const comment = typeof cmd.comment === 'string' ? cmd.comment : undefined;
  switch (event.commandName) {
    case 'find':
      return [
        {
          command: 'find',
          collection: String(cmd.find),
          filter: (cmd.filter as Document | undefined) ?? {},
          sort: cmd.sort as Document | undefined,
          limit: cmd.limit as number | undefined,
          comment,
        },
      ];
    case 'count':
    case 'distinct':
      return [
        {
          command: event.commandName,
          collection: String(cmd[event.commandName]),
          filter: (cmd.query as Document | undefined) ?? {},
          comment,
        },
      ];
    case 'findAndModify':
      return [
        {
          command: 'findAndModify',
          collection: String(cmd.findAndModify),
          filter: (cmd.query as Document | undefined) ?? {},
          sort: cmd.sort as Document | undefined,
          limit: 1,
          comment,
        },
      ];
    case 'update':
      return (cmd.updates as Document[]).map((u) => ({
        command: 'update',
        collection: String(cmd.update),
        filter: (u.q as Document | undefined) ?? {},
        limit: u.multi ? undefined : 1,
        comment,
      }));
    case 'delete':
      return (cmd.deletes as Document[]).map((d) => ({
        command: 'delete',
        collection: String(cmd.delete),
        filter: (d.q as Document | undefined) ?? {},
        limit: d.limit === 1 ? 1 : undefined,
        comment,
      }));
    case 'aggregate': {
      const pipeline = cmd.pipeline as Document[];
      const match = pipeline[0]?.$match as Document | undefined;
      const sortStage = sortDoc(pipeline.find((s) => s.$sort)?.$sort);
      const limitStage = pipeline.find((s) => s.$limit)?.$limit as number | undefined;
      return [
        {
          command: 'aggregate',
          collection: String(cmd.aggregate),
          filter: match ?? {},
          sort: match ? sortStage : sortStage,
          limit: limitStage,
          comment,
        },
      ];
    }
    default:
      return [];
  }
}

/** A query's shape without its values, to report each kind once. */
function shapeKey(shape: QueryShape): string {
  const strip = (d: unknown): unknown => {
    if (Array.isArray(d)) return d.map(strip);
    if (d && typeof d === 'object' && !(d instanceof Date) && d.constructor === Object)
      return Object.fromEntries(Object.entries(d as Document).map(([k, v]) => [k, strip(v)]));
    return '?';
  };
  return `${shape.command} ${shape.collection} ${JSON.stringify(strip(shape.filter))} sort ${JSON.stringify(shape.sort ?? {})}`;
}

/** The app's code that sent a command, where the async stack still shows it. */
function callSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frame = stack.split('\n').find((l) => /\/(src|jobs)\//.test(l) && !l.includes('node_modules'));
  return frame
    ?.trim()
    .replace(/^at /, '')
    .replace(process.cwd() + '/', '');
}

/** Records the queries a client sends to one database from now on. */
export class CommandRecorder {
  private readonly shapes = new Map<string, QueryShape & { from?: string }>();
  private readonly listener = (event: CommandStartedEvent) => {
    if (event.databaseName !== this.dbName) return;
    for (const shape of shapesOf(event)) {
      const key = shapeKey(shape);
      if (!this.shapes.has(key)) this.shapes.set(key, { ...shape, from: callSite() });
    }
  };

  constructor(
    private readonly client: MongoClient,
    private readonly dbName: string,
  ) {
    client.on('commandStarted', this.listener);
  }

  stop(): void {
    this.client.off('commandStarted', this.listener);
  }

  /** Every recorded query no index serves, with the reason, one line each. */
  async violations(db: Db): Promise<string[]> {
    const indexes = new Map<string, string[][]>();
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const specs = await db.collection(name).listIndexes().toArray();
      indexes.set(
        name,
        specs.map((s) => Object.keys(s.key as Document)),
      );
    }
    const out: string[] = [];
    for (const [key, shape] of this.shapes) {
      const verdict = checkQuery(shape, indexes.get(shape.collection) ?? []);
      if (verdict) out.push(`${key}: ${verdict}${shape.from ? ` (from ${shape.from})` : ''}`);
    }
    return out.sort();
  }
}

/**
 * Checks a recorder's queries: throws listing those no index serves. With
 * INDEX_COVERAGE_REPORT set, appends them to that file instead (to survey a change).
 */
export async function assertIndexCoverage(recorder: CommandRecorder, db: Db, file: string): Promise<void> {
  const found = await recorder.violations(db);
  if (found.length === 0) return;
  if (process.env.INDEX_COVERAGE_REPORT) {
    fs.appendFileSync(process.env.INDEX_COVERAGE_REPORT, found.map((v) => `${file}\t${v}\n`).join(''));
    return;
  }
  throw new Error(
    `queries without an index (issue 10; see test/support/index-coverage.ts):\n${found.map((v) => `  ${v}`).join('\n')}`,
  );
}
