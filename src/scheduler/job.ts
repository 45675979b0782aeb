import type { Config } from '../config';
import type { ScheduledJob } from './schedule';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import type { Services } from '../services';

/** What a job may use: the same services the API calls, the database, settings, a logger. */
export interface JobDeps {
  config: Config;
  database: Database;
  services: Services;
  logger: Logger;
  /** Aborted when this run lost its job lock to another instance: long jobs stop between steps. */
  signal?: AbortSignal;
}

/** Counts a job reports, for its summary line and its run history. */
export type JobCounts = Record<string, number>;

/** A scheduled job: a name, a cron schedule and a `run` that takes its dependencies and the time. */
export interface Job extends ScheduledJob {
  run(deps: JobDeps, now: Date): Promise<JobCounts>;
}

export { scheduleOf } from './schedule';
