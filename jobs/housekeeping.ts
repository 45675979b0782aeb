import type { Job } from '../src/scheduler/job';

/** How long job run history is kept. */
export const JOB_HISTORY_DAYS = 90;

/** Deletes job run records older than 90 days, so the history stays small. */
export const jobHistoryCleanup: Job = {
  name: 'job-history-cleanup',
  schedule: '17 3 * * *',
  description: `Deletes job run history older than ${JOB_HISTORY_DAYS} days.`,
  async run({ database }, now) {
    const cutoff = new Date(now.getTime() - JOB_HISTORY_DAYS * 86_400_000);
    const { deletedCount } = await database.col.jobRuns.deleteMany({ startedAt: { $lt: cutoff }, outcome: { $ne: 'running' } });
    return { deleted: deletedCount };
  },
};
