import { ratio, type KpiDefinition } from '../types';

/** Goal attainment (doelrealisatie), the third national outcome indicator. */
export const goalAttainment: KpiDefinition = {
  id: 'goal_attainment',
  name: { nl: 'Doelrealisatie', en: 'Goal attainment' },
  definition:
    'Of the allocations that ended in the quarter with a closing evaluation, the share whose closing evaluation reports all or most goals achieved (at least half of the goals it assesses, new goals not counted, are achieved).',
  numerator:
    'allocations ended in the quarter whose closing evaluation reports at least half of its assessed goals achieved',
  denominator: 'allocations ended in the quarter with a closing evaluation',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.endedGoalsAttained, i.endedWithClosingEvaluation),
};
