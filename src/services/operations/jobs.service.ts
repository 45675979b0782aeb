import type { Config } from '../../config';
import type { JobStateDoc } from '../../records';
import { adjacentTick, scheduleOf, type ScheduledJob } from '../../scheduler/schedule';
import type { JobsRepository } from '../../repositories/jobs.repository';

/** One job as GET /v1/jobs shows it: its schedule here, its next tick, and its latest run. */
export interface JobOverview {
  job: ScheduledJob;
  schedule: string;
  enabledHere: boolean;
  nextRun: Date | null;
  lastRun: JobStateDoc['lastRun'] | null;
}

/** The scheduled jobs as operators see them, and the cleanup of the scheduler's own bookkeeping. */
export class JobsService {
  constructor(
    private readonly repo: JobsRepository,
    private readonly config: Config,
  ) {}

  /** Each job with its schedule, next run after `now` and latest run (on any instance). */
  async overview(jobs: readonly ScheduledJob[], now: Date): Promise<JobOverview[]> {
    const state = new Map((await this.repo.dangerousListAllStates()).map((s) => [s._id, s]));
    return jobs.map((job) => {
      const schedule = scheduleOf(job, this.config);
      return {
        job,
        schedule,
        enabledHere: this.config.jobsEnabled,
        nextRun: adjacentTick(schedule, now, 1),
        lastRun: state.get(job.name)?.lastRun ?? null,
      };
    });
  }

  /** Deletes finished runs that started before `before`, and idle ones (every count 0) before `idleBefore`. */
  dangerousDeleteOldRuns(before: Date, idleBefore: Date): Promise<number> {
    return this.repo.dangerousDeleteOldRuns(before, idleBefore);
  }

  /** Deletes tick markers claimed before `before`. */
  dangerousDeleteTicksClaimedBefore(before: Date): Promise<number> {
    return this.repo.dangerousDeleteTicksClaimedBefore(before);
  }

  /** Deletes every lock whose holder let it expire before `before`. */
  dangerousDeleteExpiredLocks(before: Date): Promise<number> {
    return this.repo.dangerousDeleteExpiredLocks(before);
  }
}
