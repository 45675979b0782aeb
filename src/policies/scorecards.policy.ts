import { errors } from '../errors';
import { definePolicy } from './policy';
import { ownProvider } from './client-report-scope';
import type { Subject } from './principal';

/** Who may read a provider's scorecard. */
export const scorecardsPolicy = definePolicy('scorecards', {
  read: ['contract_manager', 'provider'],
});

/** Throws 404 unless the subject may read this provider's scorecard (a provider its own only). */
export function assertMayReadScorecard(subject: Subject | null | undefined, agbCode: string): void {
  const own = ownProvider(subject);
  if (own !== undefined && own !== agbCode) throw errors.notFound('No such provider in your scope.');
}
