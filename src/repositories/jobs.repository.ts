import { ObjectId, type Collection } from 'mongodb';
import type { Database } from '../db/client';
import type { JobRunDoc, JobStateDoc, JobTickDoc, LockDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';
import { DELETE_BATCH, dangerousDeleteInBatches } from './batched-delete';
import { LocksRepository } from './locks.repository';

/** A job run's outcome, as recorded when it ends. */
export interface JobRunOutcome {
  finishedAt: Date;
  outcome: 'succeeded' | 'failed';
  counts?: Record<string, number>;
  error?: string;
}

/** The scheduler's bookkeeping: tick markers, run history, each job's latest state, and the job locks. */
export class JobsRepository {
  private readonly ticks: Collection<JobTickDoc>;
  private readonly runs: Collection<JobRunDoc>;
  private readonly state: Collection<JobStateDoc>;
  private readonly lockCol: Collection<LockDoc>;
  /** The locks that keep runs of one job from overlapping. */
  readonly locks: LocksRepository;

  constructor(database: Pick<Database, 'col'>) {
    const { col } = database;
    this.ticks = col.jobTicks;
    this.runs = col.jobRuns;
    this.state = col.jobState;
    this.lockCol = col.locks;
    this.locks = new LocksRepository(col.locks);
  }

  /** True when a run of this tick has completed (on any instance). */
  async tickDone(tickId: string): Promise<boolean> {
    return (await this.ticks.findOne({ _id: tickId })) !== null;
  }

  /** Records that a run of this tick completed (a duplicate means another instance did it too). */
  async markTickDone(doc: JobTickDoc): Promise<void> {
    try {
      await this.ticks.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /** Records a run as started; returns its id. */
  async startRun(run: Omit<JobRunDoc, '_id'>): Promise<ObjectId> {
    return (await this.runs.insertOne(run)).insertedId;
  }

  /** Records a run's outcome, and makes it its job's latest state. */
  async finishRun(id: ObjectId, job: string, trigger: string, startedAt: Date, outcome: JobRunOutcome): Promise<void> {
    await this.runs.updateOne({ _id: id }, { $set: outcome });
    await this.state.updateOne(
      { _id: job },
      { $set: { lastRun: { trigger, startedAt, ...outcome } } },
      { upsert: true },
    );
  }

  /** Every job's latest state (one small record per job). */
  async dangerousListAllStates(): Promise<JobStateDoc[]> {
    return this.state.find({}, { comment: 'dangerous: every job state (one per job)' }).toArray();
  }

  /**
   * Deletes finished runs that started before `before`, and succeeded runs that did
   * nothing (every count 0) that started before `idleBefore`, `DELETE_BATCH` at a time.
   */
  async dangerousDeleteOldRuns(before: Date, idleBefore: Date): Promise<number> {
    let deleted = await dangerousDeleteInBatches(
      this.runs,
      { startedAt: { $lt: before }, outcome: { $ne: 'running' } },
      'job runs past their keeping (housekeeping)',
    );
    const idle: ObjectId[] = [];
    for await (const run of this.runs.find(
      { startedAt: { $lt: idleBefore }, outcome: 'succeeded' },
      { projection: { counts: 1 }, batchSize: DELETE_BATCH, comment: 'dangerous: idle job runs (housekeeping)' },
    )) {
      if (Object.values(run.counts ?? {}).every((n) => n === 0)) idle.push(run._id);
    }
    for (let i = 0; i < idle.length; i += DELETE_BATCH)
      deleted += (await this.runs.deleteMany({ _id: { $in: idle.slice(i, i + DELETE_BATCH) } })).deletedCount;
    return deleted;
  }

  /** Deletes tick markers claimed before `before` (their ticks are long past). */
  async dangerousDeleteTicksClaimedBefore(before: Date): Promise<number> {
    return dangerousDeleteInBatches(this.ticks, { claimedAt: { $lt: before } }, 'old tick markers (housekeeping)');
  }

  /** Deletes every lock (record or job) whose holder let it expire before `before`. */
  async dangerousDeleteExpiredLocks(before: Date): Promise<number> {
    return dangerousDeleteInBatches(this.lockCol, { expiresAt: { $lt: before } }, 'expired locks (housekeeping)');
  }
}
