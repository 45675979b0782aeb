import type { Collection } from 'mongodb';
import type { KpiRecomputationDoc } from '../records';
import { KeyedRepository } from './keyed.repository';

/** One more request a queued recomputation answers for (coalesced). */
export type JoinedRequest = NonNullable<KpiRecomputationDoc['joined']>[number];

/**
 * Recomputations of KPI quarters: the keyed record, plus the queries that coalesce
 * requests (a quarter's queued one; joining it only while it is still queued; moving it
 * to running only from queued), each one single-document write.
 */
export class KpiRecomputationsRepository extends KeyedRepository<KpiRecomputationDoc> {
  constructor(private readonly recomputations: Collection<KpiRecomputationDoc>) {
    super(recomputations);
  }

  /** The quarter's recomputation that has not begun computing, or null. */
  queuedFor(quarter: string): Promise<KpiRecomputationDoc | null> {
    return this.recomputations.findOne({ status: 'queued', quarter });
  }

  /** Adds a request to a recomputation that is still queued; null when it has begun meanwhile. */
  joinIfQueued(id: string, request: JoinedRequest): Promise<KpiRecomputationDoc | null> {
    return this.recomputations.findOneAndUpdate(
      { _id: id, status: 'queued' },
      { $push: { joined: request } },
      { returnDocument: 'after' },
    );
  }

  /** Marks a queued recomputation running as its computation begins; false when it was not queued. */
  async startIfQueued(id: string, startedAt: Date): Promise<boolean> {
    const res = await this.recomputations.updateOne(
      { _id: id, status: 'queued' },
      { $set: { status: 'running', startedAt } },
    );
    return res.modifiedCount === 1;
  }

  /** Counts one more attempt at a recomputation. */
  countAttempt(id: string): Promise<KpiRecomputationDoc | null> {
    return this.updateById(id, { $inc: { attempts: 1 } });
  }

  /** Records how a recomputation ended. */
  finish(
    id: string,
    outcome: Pick<KpiRecomputationDoc, 'status' | 'finishedAt' | 'result' | 'error'>,
  ): Promise<KpiRecomputationDoc | null> {
    return this.updateById(id, { $set: outcome });
  }

  /** The ids of recomputations not finished (queued or running: taken up again after a crash). */
  dangerousStreamUnfinished(): AsyncIterable<Pick<KpiRecomputationDoc, '_id'>> {
    return this.dangerousStreamWhere(
      'recomputations not finished (taken up again)',
      { status: { $in: ['queued', 'running'] } },
      { _id: 1 },
    );
  }
}
