import type { Job } from '../src/scheduler/job';
import { extensionDeadlines } from './extension-deadlines';
import { housekeeping } from './housekeeping';
import { kpiSnapshot } from './kpi-snapshot';
import { obligationsSweep } from './obligations-sweep';
import { outbox } from './outbox';
import { reassessments } from './reassessments';
import { reminders } from './reminders';

/** Every scheduled job of the hub. */
export const ALL_JOBS: readonly Job[] = [
  obligationsSweep,
  extensionDeadlines,
  reminders,
  outbox,
  kpiSnapshot,
  housekeeping,
  reassessments,
];

/** Finds a job by name. */
export function findJob(name: string): Job | undefined {
  return ALL_JOBS.find((j) => j.name === name);
}
