import { ratio, type KpiDefinition } from '../types';

/** CBS Beleidsinformatie Jeugd outcome 3.2: no new youth care soon after the end. */
export const noRepeatHelpRate: KpiDefinition = {
  id: 'no_repeat_help_rate',
  name: { nl: 'Geen herhaald beroep op jeugdhulp (BiJ 3.2)', en: 'No repeat youth care (CBS 3.2)' },
  definition:
    'Of the allocations that ended in the quarter at least 6 months before the computation, the share whose client (by keyed hash) got no new allocation, from any provider, starting within 6 months after the end.',
  numerator: 'those ended allocations whose client has no allocation starting in the 6 months after the end date',
  denominator: 'allocations ended in the quarter whose 6 months after the end have passed',
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.endedNoRepeat, i.endedPastWindow),
};
