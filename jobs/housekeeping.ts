import type { HubJob } from './job';

/** How long job run history is kept. */
export const JOB_HISTORY_DAYS = 90;
/** How long answers to Idempotency-Key requests are kept (the contract promises at least 24 hours). */
export const IDEMPOTENCY_KEY_HOURS = 48;

/**
 * Keeps the bookkeeping collections small: job run history older than 90 days,
 * Idempotency-Key answers older than 48 hours, record locks whose holder died, KPI
 * results of a computation that died before it was made current (a day later).
 */
export const housekeeping: HubJob = {
  name: 'housekeeping',
  schedule: '17 3 * * *',
  description: `Deletes job history older than ${JOB_HISTORY_DAYS} days (idle runs after 2 days), Idempotency-Key answers older than ${IDEMPOTENCY_KEY_HOURS} hours, expired record locks, ended sessions and sign-ins, and KPI results of computations that never completed.`,
  async run({ services }, now) {
    const day = 86_400_000;
    // runs that did nothing (an idle outbox every minute) are kept two days only
    const jobHistory = await services.jobs.dangerousDeleteOldRuns(
      new Date(now.getTime() - JOB_HISTORY_DAYS * day),
      new Date(now.getTime() - 2 * day),
    );
    const idempotencyKeys = await services.idempotency.dangerousDeleteOlderThan(
      new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000),
    );
    // records an older hub stored with unkeyed hashes (normally none: the start re-keys them)
    const idempotencyKeysRekeyed = await services.idempotency.rekeyUnkeyed();
    // locks and tick claims live in wall-clock time (not the job's clock, which `--now` can move)
    const wallClock = Date.now();
    const expiredLocks = await services.jobs.dangerousDeleteExpiredLocks(new Date(wallClock));
    await services.jobs.dangerousDeleteTicksClaimedBefore(new Date(wallClock - 2 * day));
    const orphanKpiResults = await services.kpis.deleteOrphanResults(new Date(wallClock - day));
    // sessions end in the hub's time, as they are checked
    const endedSessions = await services.signIn.purgeExpired(now);
    return { jobHistory, idempotencyKeys, idempotencyKeysRekeyed, expiredLocks, orphanKpiResults, endedSessions };
  },
};
