import type { Config } from '../config';
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
export interface Job {
  name: string;
  /** node-cron expression, evaluated in Europe/Amsterdam (or derived from configuration). */
  schedule: string | ((config: Config) => string);
  description: string;
  run(deps: JobDeps, now: Date): Promise<JobCounts>;
}

/** A job's cron expression under this configuration. */
export function scheduleOf(job: Job, config: Config): string {
  return typeof job.schedule === 'function' ? job.schedule(config) : job.schedule;
}
