import type { Collection, Filter } from 'mongodb';
import type { AuditEventDoc, MetaDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';
import { beforeCursor } from './cursor-filter';

const HEAD_ID = 'audit-head';

/** Filters of the audit trail's list. */
export interface AuditEventFilters {
  clientRef?: string;
  tokenId?: string;
  /** Events by a signed-in person (its id is what the trail records as acting). */
  personId?: string;
  from?: string;
  to?: string;
}

/** The `_id` of the event at a position in the chain. */
export function seqId(seq: number): string {
  return String(seq).padStart(12, '0');
}

/** The end of the hash chain: the last sequence number and its hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Append-only access to the audit events: insert and read, never update or delete. */
export class AuditRepository {
  constructor(
    private readonly events: Collection<AuditEventDoc>,
    private readonly meta: Collection<MetaDoc>,
  ) {}

  /** The head hint: where the chain ended when last recorded (may lag behind). */
  async readHeadHint(): Promise<ChainHead | null> {
    const doc = await this.meta.findOne({ _id: HEAD_ID });
    return doc ? { seq: doc.seq as number, hash: doc.hash as string } : null;
  }

  /** Moves the head hint forward (never backward); a concurrent newer head wins. */
  async advanceHeadHint(head: ChainHead): Promise<void> {
    try {
      await this.meta.updateOne(
        { _id: HEAD_ID, seq: { $lt: head.seq } },
        { $set: { seq: head.seq, hash: head.hash, at: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // the hint is already further along
    }
  }

  /** Reads one event by its sequence number (only when resolving a conflict: it scans on FerretDB). */
  findBySeq(seq: number): Promise<AuditEventDoc | null> {
    return this.events.findOne({ _id: seqId(seq) });
  }

  /** Every event, in storage order (insertion order, which is chain order), in batches. */
  dangerousStreamAll(): AsyncIterable<AuditEventDoc> {
    return this.events.find({}, { batchSize: 1000, comment: 'dangerous: the whole audit chain (verify)' });
  }

  /**
   * Inserts consecutive events in order; returns how many were inserted before a
   * sequence number turned out to be taken (another writer got there first).
   */
  async insertChain(docs: AuditEventDoc[]): Promise<number> {
    try {
      await this.events.insertMany(docs, { ordered: true });
      return docs.length;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (err as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
    }
  }

  /** The trail (an admin's read), newest first, matching the filters, before a sequence number (the cursor). */
  dangerousPageAll(filters: AuditEventFilters, limit: number, beforeSeq?: number): Promise<AuditEventDoc[]> {
    const filter: Filter<AuditEventDoc> = {};
    if (filters.clientRef) filter.clientRef = filters.clientRef;
    if (filters.tokenId) filter['actor.tokenId'] = filters.tokenId;
    if (filters.personId) filter['actor.tokenId'] = filters.personId;
    if (filters.from || filters.to)
      filter.at = {
        ...(filters.from ? { $gte: new Date(filters.from) } : {}),
        ...(filters.to ? { $lt: new Date(filters.to) } : {}),
      };
    const query = beforeCursor(filter, beforeSeq ? seqId(beforeSeq) : undefined);
    return this.events.find(query, { sort: { _id: -1 }, limit }).toArray();
  }
}
