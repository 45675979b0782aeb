import { definePolicy } from './policy';
import { ownProvider } from './client-report-scope';
import type { Subject } from './principal';

/** Who may do what with contract-management reviews. */
export const reviewsPolicy = definePolicy('reviews', {
  create: ['contract_manager'],
  list: ['contract_manager'],
  read: ['contract_manager'],
  completeAction: ['contract_manager'],
});

/** The one provider whose reviews a subject reads (a provider its own, on its scorecard), or undefined for all. */
export function reviewProviderScope(subject: Subject | null | undefined): string | undefined {
  return ownProvider(subject);
}
