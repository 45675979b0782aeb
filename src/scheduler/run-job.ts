import os from 'node:os';
import type { Metrics } from '../metrics';
import { isDuplicateKeyError } from '../db/errors';
import { LocksRepository } from '../repositories/locks.repository';
import type { Job, JobCounts, JobDeps } from './job';

/** How one run was started. */
export type JobTrigger = 'schedule' | 'startup' | 'manual';

/** The result of an attempt to run a job. */
export type JobRunResult =
  | { status: 'skipped'; reason: 'tick-claimed' | 'running-elsewhere' }
  | { status: 'succeeded'; counts: JobCounts }
  | { status: 'failed'; error: string };

const LOCK_MS = 5 * 60_000;
const RENEW_MS = 60_000;

/** Identifies this process among the instances sharing a database. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}`;

/** Claims a job's schedule tick by inserting it: exactly one instance succeeds. */
async function claimTick(deps: JobDeps, job: string, tick: Date): Promise<boolean> {
  try {
    await deps.database.col.jobTicks.insertOne({ _id: `${job}@${tick.toISOString()}`, job, tick, claimedBy: INSTANCE_ID, claimedAt: new Date() });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/**
 * Runs a job once. A scheduled (or start-up catch-up) run first claims its tick, so
 * with any number of instances each tick runs once; every run then holds the job's
 * lock, so runs never overlap (a run still busy makes the next one skip). The run is
 * recorded with its counts or error, and logs one summary line.
 */
export async function runJobOnce(job: Job, deps: JobDeps, metrics: Metrics, opts: { now: Date; trigger: JobTrigger; tick?: Date }): Promise<JobRunResult> {
  const { jobRuns, jobState } = deps.database.col;
  const tick = opts.tick ?? opts.now;
  if (opts.trigger !== 'manual' && !(await claimTick(deps, job.name, tick))) return { status: 'skipped', reason: 'tick-claimed' };
  const lock = await new LocksRepository(deps.database.col.locks).acquire(`job:${job.name}`, LOCK_MS, 0);
  if (!lock) return { status: 'skipped', reason: 'running-elsewhere' };

  const log = deps.logger.child({ job: job.name, trigger: opts.trigger });
  const startedAt = new Date();
  const { insertedId } = await jobRuns.insertOne({ job: job.name, tick, now: opts.now, trigger: opts.trigger, instance: INSTANCE_ID, startedAt, outcome: 'running' });
  const renew = setInterval(() => {
    lock.renew().catch((err: unknown) => log.warn({ err }, 'job lock renewal failed'));
  }, RENEW_MS);
  const endTimer = metrics.jobDuration.startTimer({ job: job.name });
  let result: JobRunResult;
  try {
    const counts = await job.run({ ...deps, logger: log }, opts.now);
    result = { status: 'succeeded', counts };
    log.info({ counts, durationMs: Date.now() - startedAt.getTime(), now: opts.now.toISOString() }, `job ${job.name} succeeded`);
  } catch (err) {
    result = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    log.error({ err, durationMs: Date.now() - startedAt.getTime() }, `job ${job.name} failed`);
  } finally {
    clearInterval(renew);
    endTimer();
  }
  metrics.jobRuns.inc({ job: job.name, outcome: result.status });
  const outcome = { finishedAt: new Date(), outcome: result.status, ...(result.status === 'succeeded' ? { counts: result.counts } : { error: result.error }) };
  await jobRuns.updateOne({ _id: insertedId }, { $set: outcome });
  await jobState.updateOne({ _id: job.name }, { $set: { lastRun: { trigger: opts.trigger, startedAt, ...outcome } } }, { upsert: true });
  await lock.release();
  return result;
}
