import cron, { type ScheduledTask } from 'node-cron';
import type { Metrics } from '../metrics';
import { scheduleOf, type Job, type SchedulerDeps } from './job';
import { adjacentTick, SCHEDULE_TIME_ZONE, tickOf } from './schedule';

export { adjacentTick, SCHEDULE_TIME_ZONE, tickOf } from './schedule';
import { runJobOnce } from './run-job';

/** How often each instance re-runs a job whose latest tick has no completed run (it failed, or its instance died). */
export const RETRY_INTERVAL_MS = 5 * 60_000;

/** A running scheduler; `stop` waits for runs in progress. */
export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Registers every job with node-cron. Each run holds the job's lock and a tick is
 * marked done when a run of it completes, so with any number of instances each tick
 * completes once. At start, a job whose last scheduled tick has no completed run (the
 * hub was down, or died mid-run) runs once; every few minutes the same check retries
 * a tick whose run failed.
 */
export function startScheduler<D extends SchedulerDeps>(
  jobs: readonly Job<D>[],
  deps: D,
  metrics: Metrics,
  now: () => Date = () => new Date(),
  retryIntervalMs = RETRY_INTERVAL_MS,
): Scheduler {
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  const tasks: ScheduledTask[] = [];
  const log = deps.logger.child({ component: 'node-cron' });
  const cronLogger = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error({ err: err ?? m }, String(m)),
    debug: (m: string | Error) => log.debug(String(m)),
  };
  const track = (job: Job<D>, run: Promise<unknown>) => {
    const tracked = run
      .catch((err: unknown) => deps.logger.error({ err, job: job.name }, 'job could not run'))
      .finally(() => running.delete(tracked));
    running.add(tracked);
    return tracked;
  };
  for (const job of jobs) {
    const expression = scheduleOf(job, deps.config);
    if (!cron.validate(expression)) throw new Error(`job ${job.name}: invalid schedule "${expression}"`);
    const task = cron.schedule(
      expression,
      (context) => {
        const at = context?.triggeredAt ?? now();
        return track(
          job,
          runJobOnce(job, deps, metrics, {
            now: at,
            trigger: 'schedule',
            tick: tickOf(context?.date ?? at),
            stopping: stopping.signal,
          }),
        );
      },
      { timezone: SCHEDULE_TIME_ZONE, name: job.name, noOverlap: true, logger: cronLogger },
    );
    tasks.push(task);
    const missed = adjacentTick(expression, now(), -1);
    if (missed)
      void track(
        job,
        runJobOnce(job, deps, metrics, { now: now(), trigger: 'startup', tick: missed, stopping: stopping.signal }),
      );
  }
  // A tick is done only when a run of it completed: the latest tick of each job that
  // failed, or whose instance died mid-run, is tried again (a done or running one is skipped).
  let stopped = false;
  const retry = setInterval(() => {
    if (stopped) return;
    for (const job of jobs) {
      const latest = adjacentTick(scheduleOf(job, deps.config), now(), -1);
      if (latest)
        void track(
          job,
          runJobOnce(job, deps, metrics, { now: now(), trigger: 'retry', tick: latest, stopping: stopping.signal }),
        );
    }
  }, retryIntervalMs);
  retry.unref();
  deps.logger.info({ jobs: jobs.map((j) => `${j.name} (${scheduleOf(j, deps.config)})`) }, 'scheduler started');
  return {
    async stop() {
      stopped = true;
      clearInterval(retry);
      for (const task of tasks) await task.stop();
      stopping.abort(); // jobs stop between steps (the outbox starts no new delivery)
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deps.config.shutdownTimeoutMs);
      });
      const outcome = await Promise.race([Promise.allSettled([...running]), limit]);
      clearTimeout(timer);
      if (outcome === 'timeout')
        deps.logger.warn(
          { timeoutMs: deps.config.shutdownTimeoutMs, running: running.size },
          'shutdown timeout: not waiting for running jobs any longer (their ticks stay open for a retry)',
        );
    },
  };
}
