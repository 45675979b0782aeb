import { errors } from '../errors';
import type { PersonDoc, Role } from '../records';
import { definePolicy } from './policy';
import { requireSubject, isSystem, type Subject } from './principal';

/**
 * Who may manage persons: admins, and a provider's staff member with
 * `canManageOrganisation` for its own provider's staff (checked by `personScope`).
 */
export const personsPolicy = definePolicy('persons', {
  create: { roles: ['admin'], providerAdministrator: true },
  list: { roles: ['admin'], providerAdministrator: true },
  read: { roles: ['admin'], providerAdministrator: true },
  update: { roles: ['admin'], providerAdministrator: true },
});

/** The persons a caller may manage: all for an admin (and the system), its own provider's staff for a provider's administrator; 403 for the rest. */
export function personScope(subject: Subject | null | undefined): { providerAgbCode?: string } {
  const s = requireSubject(subject);
  if (isSystem(s) || s.role === 'admin') return {};
  if (s.role === 'provider' && s.person?.canManageOrganisation && s.providerAgbCode)
    return { providerAgbCode: s.providerAgbCode };
  throw errors.forbidden("Only an admin, or a provider's administrator for its own staff, manages persons.");
}

/** True when a person is within a scope from `personScope`. */
export function isPersonInScope(person: PersonDoc, scope: { providerAgbCode?: string }): boolean {
  return !scope.providerAgbCode || (person.role === 'provider' && person.providerAgbCode === scope.providerAgbCode);
}

/** A provider's administrator gives only its own provider's staff role (403 for anything else). */
export function assertMayGive(
  scope: { providerAgbCode?: string },
  role: Role,
  providerAgbCode: string | undefined,
): void {
  if (!scope.providerAgbCode) return;
  if (role !== 'provider' || providerAgbCode !== scope.providerAgbCode)
    throw errors.forbidden("A provider's administrator manages its own provider's staff only.");
}
