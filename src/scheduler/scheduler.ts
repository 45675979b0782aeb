import cron, { type ScheduledTask } from 'node-cron';
import type { Metrics } from '../metrics';
import type { Job, JobDeps } from './job';
import { runJobOnce } from './run-job';

/** The time zone schedules are read in: the municipalities' working day. */
export const SCHEDULE_TIME_ZONE = 'Europe/Amsterdam';

/** A running scheduler; `stop` waits for runs in progress. */
export interface Scheduler {
  stop(): Promise<void>;
}

/** Truncates a time to its minute: the tick identity shared by every instance. */
export function tickOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** Registers every job with node-cron. Each tick is claimed through the job's lease. */
export function startScheduler(jobs: readonly Job[], deps: JobDeps, metrics: Metrics): Scheduler {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = [];
  const log = deps.logger.child({ component: 'node-cron' });
  const cronLogger = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error({ err: err ?? m }, String(m)),
    debug: (m: string | Error) => log.debug(String(m)),
  };
  for (const job of jobs) {
    if (!cron.validate(job.schedule)) throw new Error(`job ${job.name}: invalid schedule "${job.schedule}"`);
    const task = cron.schedule(job.schedule, (context) => {
      const now = context?.triggeredAt ?? new Date();
      const run = runJobOnce(job, deps, metrics, { now, trigger: 'schedule', tick: tickOf(context?.date ?? now) })
        .catch((err: unknown) => deps.logger.error({ err, job: job.name }, 'job could not run'))
        .finally(() => running.delete(run));
      running.add(run);
      return run;
    }, { timezone: SCHEDULE_TIME_ZONE, name: job.name, noOverlap: true, logger: cronLogger });
    tasks.push(task);
  }
  deps.logger.info({ jobs: jobs.map((j) => `${j.name} (${j.schedule})`) }, 'scheduler started');
  return {
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.allSettled([...running]);
    },
  };
}
