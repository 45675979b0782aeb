import type { ExperienceRatingDoc } from '../records';
import { KeyedRepository } from './keyed.repository';

/** The youths' and parents' experience ratings (`experience_ratings`): stored once each; the KPI counting reads them. */
export class ExperienceRatingsRepository extends KeyedRepository<ExperienceRatingDoc> {}
