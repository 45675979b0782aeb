/** Which of a campaign's items a list shows, and in which order. */
import type { ReassessmentItemDoc } from '../../records';
import type { Payload } from '../../payloads/payloads';

/** Filters for a campaign's items (reassessment-item-query.v1.json; the type is generated from the schema). */
export type ItemFilters = Payload<'reassessment-item-query.v1.json'>;

/**
 * The items matching the filters: by step (`notStarted` for none yet), provider and
 * whether at risk; in allocation-number order as stored, the at-risk ones (with
 * `atRisk=true`) in their order of urgency.
 */
export function selectItems(all: ReassessmentItemDoc[], atRisk: string[], filters: ItemFilters): ReassessmentItemDoc[] {
  const risky = new Map(atRisk.map((n, i) => [n, i]));
  const items = all.filter(
    (i) =>
      (!filters.step || (i.step ?? 'notStarted') === filters.step) &&
      (!filters.providerAgbCode || i.facts.providerAgbCode === filters.providerAgbCode) &&
      (filters.atRisk === undefined || risky.has(i.allocationNumber) === (filters.atRisk === 'true')),
  );
  if (filters.atRisk === 'true') items.sort((a, b) => risky.get(a.allocationNumber)! - risky.get(b.allocationNumber)!);
  return items;
}
