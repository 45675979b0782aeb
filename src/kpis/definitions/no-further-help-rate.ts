import { ratio, type KpiDefinition } from '../types';

/** CBS Beleidsinformatie Jeugd outcome 3.1: the help is no longer needed at the end. */
export const noFurtherHelpRate: KpiDefinition = {
  id: 'no_further_help_rate',
  name: { nl: 'Geen verdere hulp nodig (BiJ 3.1)', en: 'No further help needed (CBS 3.1)' },
  definition:
    'Of the allocations that ended in the quarter with a closing evaluation reporting the continuation of help (form 1.1, outcome.continuation), the share that reports 04, no further help needed.',
  numerator: 'allocations ended in the quarter whose closing evaluation reports continuation 04',
  denominator: 'allocations ended in the quarter whose closing evaluation reports a continuation (01-04)',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.endedNoFurtherHelp, i.endedWithContinuation),
};
