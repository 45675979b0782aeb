import os from 'node:os';
import type { Metrics } from '../metrics';
import { JobsRepository } from '../repositories/jobs.repository';
import type { Job, JobCounts, SchedulerDeps } from './job';

/** How one run was started. */
export type JobTrigger = 'schedule' | 'startup' | 'retry' | 'manual';

/** The result of an attempt to run a job. */
export type JobRunResult =
  | { status: 'skipped'; reason: 'tick-done' | 'running-elsewhere' }
  | { status: 'succeeded'; counts: JobCounts }
  | { status: 'failed'; error: string };

const LOCK_MS = 5 * 60_000;
const RENEW_MS = 60_000;

/** Identifies this process among the instances sharing a database. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}`;

const tickId = (job: string, tick: Date) => `${job}@${tick.toISOString()}`;

/**
 * Runs a job once. Every run holds the job's lock, so runs never overlap (a run busy
 * elsewhere makes this one skip). A scheduled, start-up or retry run is for a tick,
 * and a tick counts as done only when a run of it completed: a run that failed, or
 * that a crash or a lost lock cut short, leaves its tick open for the scheduler's
 * retry or the next start-up. The lock is renewed while the job runs, checking it is
 * still ours; when another instance took it over (this one was paused past its
 * expiry), the run is abandoned as failed. Each run is recorded with its counts or
 * error, and logs one summary line.
 */
export async function runJobOnce<D extends SchedulerDeps>(
  job: Job<D>,
  deps: D,
  metrics: Metrics,
  opts: { now: Date; trigger: JobTrigger; tick?: Date; lockMs?: number; renewMs?: number; stopping?: AbortSignal },
): Promise<JobRunResult> {
  const store = new JobsRepository(deps.database);
  const tick = opts.tick ?? opts.now;
  const forTick = opts.trigger !== 'manual';
  if (forTick && (await store.tickDone(tickId(job.name, tick)))) return { status: 'skipped', reason: 'tick-done' };
  const lock = await store.locks.acquire(`job:${job.name}`, opts.lockMs ?? LOCK_MS, 0);
  if (!lock) return { status: 'skipped', reason: 'running-elsewhere' };
  if (forTick && (await store.tickDone(tickId(job.name, tick)))) {
    // completed by another instance while we took the lock
    await lock.release();
    return { status: 'skipped', reason: 'tick-done' };
  }

  const log = deps.logger.child({ job: job.name, trigger: opts.trigger });
  const startedAt = new Date();
  const runId = await store.startRun({
    job: job.name,
    tick,
    now: opts.now,
    trigger: opts.trigger,
    instance: INSTANCE_ID,
    startedAt,
    outcome: 'running',
  });
  const lost = new AbortController();
  const renew = setInterval(() => {
    lock.renew().then(
      (ours) => {
        if (!ours)
          lost.abort(
            new Error(
              'the job lock was taken over by another instance (this one was paused past its expiry); run abandoned',
            ),
          );
      },
      (err: unknown) => log.warn({ err }, 'job lock renewal failed'),
    );
  }, opts.renewMs ?? RENEW_MS);
  const endTimer = metrics.jobDuration.startTimer({ job: job.name });
  let result: JobRunResult;
  try {
    const abandoned = new Promise<never>((_, reject) =>
      lost.signal.addEventListener('abort', () => reject(lost.signal.reason as Error), { once: true }),
    );
    const signal = opts.stopping ? AbortSignal.any([lost.signal, opts.stopping]) : lost.signal;
    const counts = await Promise.race([job.run({ ...deps, logger: log, signal }, opts.now), abandoned]);
    result = { status: 'succeeded', counts };
    log.info(
      { counts, durationMs: Date.now() - startedAt.getTime(), now: opts.now.toISOString() },
      `job ${job.name} succeeded`,
    );
  } catch (err) {
    result = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    log.error(
      { err, durationMs: Date.now() - startedAt.getTime() },
      `job ${job.name} failed${forTick ? '; its tick stays open for a retry' : ''}`,
    );
  } finally {
    clearInterval(renew);
    endTimer();
  }
  metrics.jobRuns.inc({ job: job.name, outcome: result.status });
  if (result.status === 'succeeded' && forTick)
    await store.markTickDone({
      _id: tickId(job.name, tick),
      job: job.name,
      tick,
      claimedBy: INSTANCE_ID,
      claimedAt: new Date(),
    });
  const outcome = {
    finishedAt: new Date(),
    outcome: result.status,
    ...(result.status === 'succeeded' ? { counts: result.counts } : { error: result.error }),
  };
  await store.finishRun(runId, job.name, opts.trigger, startedAt, outcome);
  if (!lost.signal.aborted) await lock.release();
  return result;
}
