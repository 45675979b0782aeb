/** Care as reported (iJw JW305/JW307) against the allocation's period. */
import type { AllocationDoc } from '../records';
import { daysBetween } from './dates';

/** The days care was reported outside the allocation's period: before its start and after its end. */
export function careOutside(a: Pick<AllocationDoc, 'startDate' | 'endDate' | 'careStartDate' | 'careStops'>): {
  before: number;
  after: number;
  stopDate: string | null;
} {
  const before = a.careStartDate && a.careStartDate < a.startDate ? daysBetween(a.careStartDate, a.startDate) : 0;
  const stop = a.careStops?.length ? a.careStops.reduce((m, s) => (s.date > m.date ? s : m)) : undefined;
  const after = stop && stop.date > a.endDate ? daysBetween(a.endDate, stop.date) : 0;
  return { before, after, stopDate: stop?.date ?? null };
}
