import type { KpiTarget } from '../records';
import type { KpiDefinition, KpiId, KpiValue } from './types';

/** A KPI's rating: on target, near it, off it, or nothing to judge. */
export type Rating = 'green' | 'amber' | 'red' | 'no_data';

/**
 * The region-wide targets, used where a contract sets none. Ratios are 0-1, scores
 * 1-10, days are days. The amber band is how far on the wrong side of the target a
 * result is still amber.
 */
export const DEFAULT_KPI_TARGETS: Record<KpiId, Required<KpiTarget>> = {
  dropout_rate: { target: 0.1, amberBand: 0.05 },
  client_satisfaction: { target: 7.5, amberBand: 0.5 },
  goal_attainment: { target: 0.7, amberBand: 0.1 },
  evaluation_timeliness: { target: 0.9, amberBand: 0.1 },
  evaluation_coverage: { target: 0.9, amberBand: 0.1 },
  participation_rate: { target: 0.75, amberBand: 0.15 },
  extensions_reviewed: { target: 0.95, amberBand: 0.05 },
  median_days_to_care_start: { target: 42, amberBand: 48 },
  residence_known_rate: { target: 0.98, amberBand: 0.03 },
  case_direction_rate: { target: 0.95, amberBand: 0.05 },
  consultant_experience: { target: 7, amberBand: 1 },
  no_further_help_rate: { target: 0.5, amberBand: 0.1 },
  no_repeat_help_rate: { target: 0.8, amberBand: 0.1 },
};

/** The target that applies: the contract's, else the region's default (amber band defaulting to the region's too). */
export function targetFor(kpi: KpiId, contractTargets: Record<string, KpiTarget> | undefined): Required<KpiTarget> {
  const own = contractTargets?.[kpi];
  const fallback = DEFAULT_KPI_TARGETS[kpi];
  return own ? { target: own.target, amberBand: own.amberBand ?? fallback.amberBand } : fallback;
}

/** Floating-point slack, so a result exactly on a boundary (3/5 against 0.75 - 0.15) gets the better rating. */
const EPSILON = 1e-9;

/**
 * Rates a result against its target: green on the right side of the target (the
 * target itself included), amber within the amber band on the wrong side (its edge
 * included), red beyond it; no data when the denominator is 0, never 0% or 100%.
 */
export function rate(def: Pick<KpiDefinition, 'direction'>, result: KpiValue, target: Required<KpiTarget>): Rating {
  if (result.denominator === 0 || result.value === null) return 'no_data';
  const shortfall = def.direction === 'higher_is_better' ? target.target - result.value : result.value - target.target;
  if (shortfall <= EPSILON) return 'green';
  return shortfall <= target.amberBand + EPSILON ? 'amber' : 'red';
}
