import { ratio, type KpiDefinition } from '../types';

/** Drop-out (uitval), the first national outcome indicator. */
export const dropoutRate: KpiDefinition = {
  id: 'dropout_rate',
  name: { nl: 'Uitval', en: 'Drop-out' },
  definition:
    'Of the allocations that ended in the quarter, the share that ended early and one-sidedly by the client (iJw end reason 32).',
  numerator: 'allocations ended in the quarter with end reason 32',
  denominator: 'allocations ended in the quarter',
  direction: 'lower_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.droppedOut, i.ended),
};
