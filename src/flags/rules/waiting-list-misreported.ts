import type { FlagRule, WaitingListFacts } from '../types';

/** A provider's own waiting list against the one the allocations show, two quarters running. */
export const waitingListMisreported: FlagRule<WaitingListFacts> = {
  type: 'waiting_list_misreported',
  severity: 'warning',
  owners: ['contract_manager'],
  notifyOnRaise: [],
  title: 'Waiting list misreported',
  condition:
    "a provider's reported waiting list differs from the one measured from the allocations by more than the margin, two quarters running",
  clears: 'a later quarter reported is within the margin',
  check({ providerAgbCode, quarters, margin }) {
    if (quarters.length < 2) return null;
    const off = (q: WaitingListFacts['quarters'][number]) =>
      Math.abs(q.reported - q.measured) > Math.max(margin.atLeast, margin.share * q.measured);
    if (!quarters.every(off)) return null;
    const last = quarters[quarters.length - 1]!;
    return {
      type: 'waiting_list_misreported',
      subject: { kind: 'provider', id: providerAgbCode },
      basis: last.quarter,
      scope: { providerAgbCode },
      evidence: Object.fromEntries(
        quarters.flatMap((q) => [
          [`reported ${q.quarter}`, q.reported],
          [`measured ${q.quarter}`, q.measured],
        ]),
      ),
    };
  },
};
