import { errors } from '../errors';
import { definePolicy } from './policy';
import { tokenHolder, type Subject } from './principal';

/** Who may rate a provider. */
export const experienceRatingsPolicy = definePolicy('experience ratings', {
  rate: ['consultant'],
});

/** The team a rating is given for: the consultant's own; 403 for anyone without a team. */
export function ratingTeam(subject: Subject | null | undefined): string {
  const team = tokenHolder(subject)?.teamCode;
  if (!team) throw errors.forbidden('Consultants rate providers.');
  return team;
}
