import type { HubJob } from './job';

/** Hourly: extension requests past their decision deadline, and extensions without a recent evaluation. */
export const extensionDeadlines: HubJob = {
  name: 'extension-deadlines',
  schedule: '11 * * * *',
  description:
    'Flags extension requests not decided by their deadline (and resolves them once decided), and extensions without a recent evaluation.',
  async run({ services }, now) {
    const { checked, raised, resolved, updated, open } = await services.flagSweep.sweepRequests(now);
    return { requestsChecked: checked, raised, resolved, updated, open };
  },
};
