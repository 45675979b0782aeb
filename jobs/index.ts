import type { Job } from '../src/scheduler/job';
import { jobHistoryCleanup } from './job-history-cleanup';

/** Every scheduled job of the hub. */
export const ALL_JOBS: readonly Job[] = [jobHistoryCleanup];

/** Finds a job by name. */
export function findJob(name: string): Job | undefined {
  return ALL_JOBS.find((j) => j.name === name);
}
