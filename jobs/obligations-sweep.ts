import type { HubJob } from './job';
import { systemActor } from '../src/services/actor';
import { dailyAt } from './schedule';

/** Daily: the flags that time causes (overdue, not started, expiring, closed placement, quarterly report missing). */
export const obligationsSweep: HubJob = {
  name: 'obligations-sweep',
  schedule: (config) => dailyAt(config.sweepTime),
  description:
    "Raises and resolves the flags time causes: evaluations overdue, care not started, allocations ending without review, closed placements over 6 months, quarterly reports missing, improvement actions overdue, waiting lists misreported; computes the waiting monitor's figures of the day; rewrites any caseload row that differs from its allocation; re-checks the latest evaluations' findings; first completes the follow-up writes (summary, audit event, flags) of any submission or change a crash interrupted.",
  async run({ services, signal }, now) {
    // First the follow-ups a crash left pending, so the flags below are computed from what is stored.
    const resumer = systemActor('job', 'obligations-sweep (completing interrupted writes)');
    const pending = await services.pendingWrites.resumeAll(resumer);
    const resumed =
      Object.values(pending).reduce((sum, n) => sum + n, 0) + (await services.kpiRecomputations.resumeAbandoned());
    signal?.throwIfAborted();
    // the caseload's kept rows: any a crash left behind its allocation written again
    const rows = await services.caseloadRows.resyncAll((n, fn) => services.allocations.withAllocationLock(n, fn));
    signal?.throwIfAborted();
    const { allocations: a, contracts: c, reviews: r } = await services.flagSweep.sweepDaily(now);
    signal?.throwIfAborted();
    // the waiting monitor's figures of the day (GET /v1/waiting) and the waiting-list flags
    const waiting = await services.waiting.compute(now);
    return {
      caseloadRowsRewritten: rows.rewritten + rows.removed,
      waitingRows: waiting.rows,
      waitingNow: waiting.waiting,
      waitingListFlagsOpen: waiting.flags,
      allocationsChecked: a.checked,
      contractsChecked: c.checked,
      actionsChecked: r.checked,
      resumed,
      raised: a.raised + c.raised + r.raised,
      resolved: a.resolved + c.resolved + r.resolved,
      updated: a.updated + c.updated + r.updated,
      open: a.open + c.open + r.open,
    };
  },
};
