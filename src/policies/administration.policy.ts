import { errors } from '../errors';
import type { Role } from '../records';
import { isSystem, personOf, requireSubject, type Subject } from './principal';

/** What a caller administers (persons, API tokens): everything (`{}`), or one provider's staff and tokens. */
export type AdministeredScope = { providerAgbCode?: string };

/**
 * The persons or tokens a caller administers: all for an admin (and the system), its
 * own provider's for a provider's administrator (a signed-in provider person with
 * `canManageOrganisation`); 403 for the rest.
 */
export function administeredScope(subject: Subject | null | undefined, what: 'persons' | 'tokens'): AdministeredScope {
  const s = requireSubject(subject);
  if (isSystem(s) || s.role === 'admin') return {};
  if (s.role === 'provider' && personOf(s)?.canManageOrganisation && s.providerAgbCode)
    return { providerAgbCode: s.providerAgbCode };
  throw errors.forbidden(`Only an admin, or a provider's administrator for its own provider, manages ${what}.`);
}

/** True when a person or token (its role and provider) is within an administered scope. */
export function isAdministered(record: { role: Role; providerAgbCode?: string }, scope: AdministeredScope): boolean {
  return !scope.providerAgbCode || (record.role === 'provider' && record.providerAgbCode === scope.providerAgbCode);
}

/** A provider's administrator gives only its own provider's role, to staff or tokens (403 for anything else). */
export function assertMayGive(scope: AdministeredScope, role: Role, providerAgbCode: string | undefined): void {
  if (!isAdministered(providerAgbCode ? { role, providerAgbCode } : { role }, scope))
    throw errors.forbidden("A provider's administrator gives its own provider's role only.");
}
