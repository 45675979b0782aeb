import type { Job, SchedulerDeps } from '../src/scheduler/job';
import type { Services } from '../src/services';

/** What the hub's jobs may use: the same services the API calls, the database, settings, a logger. */
export interface JobDeps extends SchedulerDeps {
  services: Services;
}

/** One of the hub's scheduled jobs. */
export type HubJob = Job<JobDeps>;
