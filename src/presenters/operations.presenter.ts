import type { JobOverview } from '../services/operations/jobs.service';

/** A scheduled job as GET /v1/jobs shows it. */
export function presentJob({ job, schedule, enabledHere, nextRun, lastRun }: JobOverview) {
  return {
    name: job.name,
    schedule,
    timeZone: 'Europe/Amsterdam',
    description: job.description,
    enabledHere,
    nextRun: nextRun?.toISOString() ?? null,
    lastRun: lastRun
      ? {
          trigger: lastRun.trigger,
          startedAt: lastRun.startedAt.toISOString(),
          finishedAt: lastRun.finishedAt.toISOString(),
          outcome: lastRun.outcome,
          counts: lastRun.counts ?? null,
          error: lastRun.error ?? null,
        }
      : null,
  };
}
