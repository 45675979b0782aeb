import type { HubJob } from './job';
import { extensionDeadlines } from './extension-deadlines';
import { housekeeping } from './housekeeping';
import { kpiSnapshot } from './kpi-snapshot';
import { obligationsSweep } from './obligations-sweep';
import { outbox } from './outbox';
import { reassessments } from './reassessments';
import { reminders } from './reminders';

/** Every scheduled job of the hub. */
export const ALL_JOBS: readonly HubJob[] = [
  obligationsSweep,
  extensionDeadlines,
  reminders,
  outbox,
  kpiSnapshot,
  housekeeping,
  reassessments,
];

/** Finds a job by name. */
export function findJob(name: string): HubJob | undefined {
  return ALL_JOBS.find((j) => j.name === name);
}
