import { systemActor } from '../src/services/actor';
import type { HubJob } from './job';

/**
 * Daily: computes the KPIs of the current quarter (provisional) and of each of the
 * last eight closed quarters without a final computation (final once settled,
 * KPI_SETTLE_DAYS after the quarter's end), then raises and resolves the
 * kpi_below_target flags from the final results.
 */
export const kpiSnapshot: HubJob = {
  name: 'kpi-snapshot',
  schedule: '40 5 * * *',
  description:
    "Computes the current quarter's KPIs (provisional) and each closed quarter's once it has settled (final), then raises and resolves kpi_below_target flags.",
  async run({ services, logger }, now) {
    const actor = systemActor('job', 'kpi-snapshot');
    let final = 0;
    let provisional = 0;
    let results = 0;
    const quarters = await services.kpis.quartersToCompute(now);
    logger.info({ quarters }, `computing the KPIs of ${quarters.length} quarter(s) in one pass`);
    for (const done of await services.kpis.computeMany(quarters, 'snapshot', actor, { now })) {
      if (done.status === 'final') final += 1;
      else provisional += 1;
      results += done.results;
      logger.info(
        { quarter: done.quarter, status: done.status, providers: done.providers },
        `KPIs of ${done.quarter} stored (${done.status})`,
      );
    }
    const flags = await services.flagSweep.sweepKpis(await services.kpis.providerSeries(), now);
    return {
      finalQuarters: final,
      provisionalQuarters: provisional,
      results,
      flagsRaised: flags.raised,
      flagsResolved: flags.resolved,
      flagsOpen: flags.open,
    };
  },
};
