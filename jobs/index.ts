import type { Job } from '../src/scheduler/job';
import { housekeeping } from './housekeeping';

/** Every scheduled job of the hub. */
export const ALL_JOBS: readonly Job[] = [housekeeping];

/** Finds a job by name. */
export function findJob(name: string): Job | undefined {
  return ALL_JOBS.find((j) => j.name === name);
}
