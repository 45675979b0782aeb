import { ratio, type KpiDefinition } from '../types';

/** Extensions reviewed: no more automatic extensions without a look at the evaluation. */
export const extensionsReviewed: KpiDefinition = {
  id: 'extensions_reviewed',
  name: { nl: 'Verlengingen getoetst', en: 'Extensions reviewed' },
  definition:
    'Of the extensions granted in the quarter, the share decided on a recent evaluation; a bulk automatic extension never counts as reviewed.',
  numerator: 'extensions granted in the quarter on a request resting on a recent evaluation',
  denominator: 'extensions granted in the quarter, bulk extensions included',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.extensionsReviewed, i.extensionsGranted),
};
