import type { KpiDefinition } from '../types';

const mean = (sum: number, count: number) => (count === 0 ? null : sum / count);

/** Client satisfaction (cliënttevredenheid), the second national outcome indicator. */
export const clientSatisfaction: KpiDefinition = {
  id: 'client_satisfaction',
  name: { nl: 'Cliënttevredenheid', en: 'Client satisfaction' },
  definition:
    'The mean of the satisfaction scores (1-10, youth and parents together; separately in the breakdown) in the closing evaluations of the allocations that ended in the quarter.',
  numerator: 'the sum of those scores',
  denominator: 'the number of those scores (a score not measured does not count)',
  direction: 'higher_is_better',
  unit: 'score',
  compute: (i) => ({
    value: mean(i.youthScoreSum + i.parentScoreSum, i.youthScores + i.parentScores),
    numerator: i.youthScoreSum + i.parentScoreSum,
    denominator: i.youthScores + i.parentScores,
    breakdown: {
      youth: { value: mean(i.youthScoreSum, i.youthScores), count: i.youthScores },
      parents: { value: mean(i.parentScoreSum, i.parentScores), count: i.parentScores },
    },
  }),
};
