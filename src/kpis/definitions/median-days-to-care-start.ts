import type { KpiDefinition } from '../types';

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Waiting time: how long until care actually starts (breakthrough norm: help within 3 months). */
export const medianDaysToCareStart: KpiDefinition = {
  id: 'median_days_to_care_start',
  name: { nl: 'Wachttijd tot start zorg (mediaan)', en: 'Median days to care start' },
  definition:
    "For the allocations whose care started in the quarter, the median number of days from the allocation's start date to the day care started.",
  numerator: 'none: the value is a median (numerator is null)',
  denominator: 'allocations whose care started in the quarter',
  direction: 'lower_is_better',
  unit: 'days',
  compute: (i) => ({ value: median(i.daysToCareStart), numerator: null, denominator: i.daysToCareStart.length }),
};
