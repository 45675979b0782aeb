import { ratio, type KpiDefinition } from '../types';

/** Residence known: does the provider know where the youth lives? */
export const residenceKnownRate: KpiDefinition = {
  id: 'residence_known_rate',
  name: { nl: 'Verblijfplaats bekend', en: 'Residence known' },
  definition:
    'Of the evaluations whose meeting was in the quarter, the share that knows where the youth lives (residence other than unknown).',
  numerator: 'evaluations in the quarter with a known residence',
  denominator: 'evaluations whose meeting was in the quarter',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.residenceKnown, i.evaluationsHeld),
};
