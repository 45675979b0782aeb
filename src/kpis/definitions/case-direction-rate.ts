import { ratio, type KpiDefinition } from '../types';

/** Case direction assigned: somebody holds casusregie. */
export const caseDirectionRate: KpiDefinition = {
  id: 'case_direction_rate',
  name: { nl: 'Casusregie belegd', en: 'Case direction assigned' },
  definition:
    'Of the evaluations whose meeting was in the quarter, the share that names who holds case direction (casusregie other than none).',
  numerator: 'evaluations in the quarter naming who holds case direction',
  denominator: 'evaluations whose meeting was in the quarter',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.caseDirectionHeld, i.evaluationsHeld),
};
