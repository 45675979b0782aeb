import os from 'node:os';
import type { Metrics } from '../metrics';
import { acquireLease, releaseLease, renewLease } from '../repositories/leases.repository';
import type { Job, JobCounts, JobDeps } from './job';

/** How one run was started. */
export type JobTrigger = 'schedule' | 'startup' | 'manual';

/** The result of an attempt to run a job. */
export type JobRunResult = { status: 'skipped'; reason: 'lease-held' } | { status: 'succeeded'; counts: JobCounts } | { status: 'failed'; error: string };

const LEASE_MS = 5 * 60_000;
const RENEW_MS = 60_000;

/** Identifies this process among the instances sharing a database. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}`;

/**
 * Runs a job once under its lease. Scheduled runs claim their tick, so with any number
 * of instances each tick runs once; manual runs only need the lease to be free. The
 * lease is renewed while the job runs; the run is recorded with its counts or error.
 */
export async function runJobOnce(job: Job, deps: JobDeps, metrics: Metrics, opts: { now: Date; trigger: JobTrigger; tick?: Date }): Promise<JobRunResult> {
  const { leases, jobRuns } = deps.database.col;
  const owner = `${INSTANCE_ID}:${job.name}:${Date.now()}`;
  const tick = opts.trigger === 'manual' ? undefined : (opts.tick ?? opts.now);
  if (!(await acquireLease(leases, `job:${job.name}`, owner, LEASE_MS, new Date(), tick))) {
    return { status: 'skipped', reason: 'lease-held' };
  }
  const log = deps.logger.child({ job: job.name, trigger: opts.trigger });
  const startedAt = new Date();
  const { insertedId } = await jobRuns.insertOne({
    job: job.name, tick: tick ?? opts.now, now: opts.now, trigger: opts.trigger, instance: INSTANCE_ID, startedAt, outcome: 'running',
  });
  const renew = setInterval(() => {
    renewLease(leases, `job:${job.name}`, owner, LEASE_MS, new Date()).catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
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
  await jobRuns.updateOne({ _id: insertedId }, {
    $set: { finishedAt: new Date(), outcome: result.status, ...(result.status === 'succeeded' ? { counts: result.counts } : { error: result.error }) },
  });
  await releaseLease(leases, `job:${job.name}`, owner);
  return result;
}
