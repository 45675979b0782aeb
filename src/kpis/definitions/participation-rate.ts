import { ratio, type KpiDefinition } from '../types';

/** Participation: were youth and parents at the table? */
export const participationRate: KpiDefinition = {
  id: 'participation_rate',
  name: { nl: 'Participatie jeugdige en ouders', en: 'Participation of youth and parents' },
  definition:
    'Of the evaluations whose meeting was in the quarter, the share in which both the youth and the parents (or carers) took part.',
  numerator: 'evaluations in the quarter with both youth and parents taking part',
  denominator: 'evaluations whose meeting was in the quarter',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.bothParticipated, i.evaluationsHeld),
};
