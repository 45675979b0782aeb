import { ratio, type KpiDefinition } from '../types';

/** Evaluation timeliness: did the evaluation reports come in time? */
export const evaluationTimeliness: KpiDefinition = {
  id: 'evaluation_timeliness',
  name: { nl: 'Tijdigheid evaluaties', en: 'Evaluation timeliness' },
  definition: 'Of the evaluations due in the quarter, the share received by the due date plus the grace days.',
  numerator: 'evaluations due in the quarter received within the grace period',
  denominator: 'evaluations due in the quarter: received (on time or late), or still missing',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.evaluationsOnTime, i.evaluationsDue),
};
