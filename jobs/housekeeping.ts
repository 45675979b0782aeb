import type { Job } from '../src/scheduler/job';

/** How long job run history is kept. */
export const JOB_HISTORY_DAYS = 90;
/** How long answers to Idempotency-Key requests are kept (the contract promises at least 24 hours). */
export const IDEMPOTENCY_KEY_HOURS = 48;

/**
 * Keeps the bookkeeping collections small: job run history older than 90 days,
 * Idempotency-Key answers older than 48 hours, record locks whose holder died.
 */
export const housekeeping: Job = {
  name: 'housekeeping',
  schedule: '17 3 * * *',
  description: `Deletes job history older than ${JOB_HISTORY_DAYS} days, Idempotency-Key answers older than ${IDEMPOTENCY_KEY_HOURS} hours and expired record locks.`,
  async run({ database, services }, now) {
    const { jobRuns, locks } = database.col;
    const jobHistory = await jobRuns.deleteMany({ startedAt: { $lt: new Date(now.getTime() - JOB_HISTORY_DAYS * 86_400_000) }, outcome: { $ne: 'running' } });
    const idempotencyKeys = await services.idempotency.deleteOlderThan(new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000));
    const expiredLocks = await locks.deleteMany({ expiresAt: { $lt: now } });
    return { jobHistory: jobHistory.deletedCount, idempotencyKeys, expiredLocks: expiredLocks.deletedCount };
  },
};
