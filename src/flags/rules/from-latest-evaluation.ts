import { allocationScope, type AllocationFacts, type DesiredFlag } from '../types';

/** A check on the allocation's latest evaluation; the evaluation id is the occurrence. */
export function fromLatestEvaluation(
  type: 'safety_concern' | 'residence_unknown' | 'no_case_direction',
  holds: (s: NonNullable<AllocationFacts['allocation']['evaluations']>) => boolean,
) {
  return ({ allocation }: AllocationFacts): DesiredFlag | null => {
    const s = allocation.evaluations;
    if (!s?.latestId || !holds(s)) return null;
    return {
      type,
      subject: { kind: 'allocation' as const, id: allocation._id },
      basis: s.latestId,
      scope: allocationScope(allocation),
      evidence: {
        evaluationId: s.latestId,
        meetingDate: s.latestMeetingDate ?? null,
        periodEnd: s.latestPeriodEnd ?? null,
      },
    };
  };
}
