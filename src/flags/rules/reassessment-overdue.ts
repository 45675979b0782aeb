import type { FlagRule, ReassessmentFlagFacts } from '../types';

/** A reassessment campaign past its deadline with cases not reassessed. */
export const reassessmentOverdue: FlagRule<ReassessmentFlagFacts> = {
  type: 'reassessment_overdue',
  severity: 'critical',
  owners: ['consultant', 'contract_manager'],
  notifyOnRaise: ['team', 'contract_manager'],
  title: 'Reassessment campaign past its deadline',
  condition: "a reassessment campaign's deadline has passed with cases not yet reassessed",
  clears: 'every case of the campaign is reassessed',
  check({ campaign, progress, today }) {
    if (today <= campaign.deadline || progress.open === 0) return null;
    return {
      type: 'reassessment_overdue',
      subject: { kind: 'reassessment', id: campaign._id },
      basis: campaign.deadline,
      scope: { providerAgbCode: '', teamCode: campaign.teamCode },
      evidence: {
        name: campaign.name,
        deadline: campaign.deadline,
        open: progress.open,
        atRisk: progress.atRisk.length,
      },
    };
  },
};
