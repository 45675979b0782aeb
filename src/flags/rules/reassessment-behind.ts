import type { FlagRule, ReassessmentFlagFacts } from '../types';

/** A reassessment campaign whose forecast, at the pace of the last four weeks, passes its deadline. */
export const reassessmentBehind: FlagRule<ReassessmentFlagFacts> = {
  type: 'reassessment_behind',
  severity: 'warning',
  owners: ['consultant', 'contract_manager'],
  notifyOnRaise: ['team', 'contract_manager'],
  title: 'Reassessment campaign behind schedule',
  condition:
    'a reassessment campaign with cases open will, at the pace of the last four weeks, finish after its deadline (or, at pace 0, never)',
  clears: 'the forecast at the current pace is back inside the deadline, or every case is reassessed',
  check({ campaign, progress }) {
    if (!progress.behind || !campaign.behindSince) return null;
    return {
      type: 'reassessment_behind',
      subject: { kind: 'reassessment', id: campaign._id },
      basis: campaign.behindSince,
      scope: { providerAgbCode: '', teamCode: campaign.teamCode },
      evidence: {
        name: campaign.name,
        deadline: campaign.deadline,
        forecastEndDate: progress.forecastEndDate,
        pacePerWeek: progress.pacePerWeek,
        requiredPacePerWeek: progress.requiredPacePerWeek,
        open: progress.open,
        atRisk: progress.atRisk.length,
      },
    };
  },
};
