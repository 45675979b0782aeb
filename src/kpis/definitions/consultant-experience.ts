import type { KpiDefinition } from '../types';

/** Consultant experience: how the municipality's consultants rate working with the provider. */
export const consultantExperience: KpiDefinition = {
  id: 'consultant_experience',
  name: { nl: 'Ervaring consulenten', en: 'Consultant experience' },
  definition:
    "The mean of the consultants' ratings (1-10) of the provider for the quarter (per municipality: the ratings of consultants of teams serving it).",
  numerator: 'the sum of those ratings',
  denominator: 'the number of ratings',
  direction: 'higher_is_better',
  unit: 'score',
  compute: (i) => ({
    value: i.experienceRatings === 0 ? null : i.experienceSum / i.experienceRatings,
    numerator: i.experienceSum,
    denominator: i.experienceRatings,
  }),
};
