import type { HubJob } from './job';
import { dailyAt } from './schedule';

/** Daily: each open reassessment campaign's forecast, flags and weekly digest. */
export const reassessments: HubJob = {
  name: 'reassessments',
  schedule: (config) => dailyAt(config.sweepTime),
  description:
    "Per open reassessment campaign: completes what a crash left (a campaign's items, a handover's moves), reads each case's allocation again, raises and resolves reassessment_behind and reassessment_overdue, writes the weekly digest to the team, and closes a campaign once every case is reassessed.",
  async run({ services }, now) {
    return { ...(await services.reassessmentSweep.run(now)) };
  },
};
