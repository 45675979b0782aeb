import { errors } from '../errors';
import { definePolicy } from './policy';
import { tokenHolder, type Subject } from './principal';

/**
 * The waiting monitor: its figures are counts and days only, so consultants choosing
 * where to refer, contract managers and admins read every provider's, a provider its
 * own; the call list names youths, so it is a consultant's own team's (or an admin's).
 */
export const waitingPolicy = definePolicy('waiting', {
  figures: ['admin', 'consultant', 'contract_manager', 'provider'],
  cases: ['admin', 'consultant'],
  protectionReport: ['admin', 'contract_manager'],
});

/** The figures a caller reads: a provider its own (another provider's code is 403), everyone else any provider's. */
export function waitingScope(
  subject: Subject | null | undefined,
  providerAgbCode?: string,
): { providerAgbCode?: string } {
  const p = tokenHolder(subject);
  if (!p) throw errors.forbidden('Sign in to read the waiting figures.');
  if (p.role === 'provider') {
    if (!p.providerAgbCode) throw errors.forbidden('Your token names no provider.');
    if (providerAgbCode && providerAgbCode !== p.providerAgbCode)
      throw errors.forbidden('A provider reads its own waiting figures only.');
    return { providerAgbCode: p.providerAgbCode };
  }
  return providerAgbCode ? { providerAgbCode } : {};
}
