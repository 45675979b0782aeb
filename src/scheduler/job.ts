import type { Config } from '../config';
import type { ScheduledJob } from './schedule';
import type { Database } from '../db/client';
import type { Logger } from '../logger';

/** What the scheduler itself uses of a job's dependencies: settings, the database (its run history and locks), a logger. */
export interface SchedulerDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** Aborted when this run lost its job lock to another instance: long jobs stop between steps. */
  signal?: AbortSignal;
}

/** Counts a job reports, for its summary line and its run history. */
export type JobCounts = Record<string, number>;

/** A scheduled job: a name, a cron schedule and a `run` that takes its dependencies (`D`: jobs/job.ts) and the time. */
export interface Job<D extends SchedulerDeps = SchedulerDeps> extends ScheduledJob {
  run(deps: D, now: Date): Promise<JobCounts>;
}

export { scheduleOf } from './schedule';
