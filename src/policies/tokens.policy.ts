import { errors } from '../errors';
import type { TokenDoc } from '../records';
import { ANY_ROLE, definePolicy } from './policy';
import { isSystem, requireSubject, type Subject } from './principal';

/** Who may manage tokens: admins, and a provider's administrator (a person) its own provider's tokens (see `tokenScope`). */
export const tokensPolicy = definePolicy('tokens', {
  create: { roles: ['admin'], providerAdministrator: true },
  list: { roles: ['admin'], providerAdministrator: true },
  revoke: { roles: ['admin'], providerAdministrator: true },
  readOwn: ANY_ROLE,
});

/** The tokens a caller manages: all for an admin, its own provider's for a provider's administrator; 403 for the rest. */
export function tokenScope(subject: Subject | null | undefined): { providerAgbCode?: string } {
  const s = requireSubject(subject);
  if (isSystem(s) || s.role === 'admin') return {};
  if (s.role === 'provider' && s.person?.canManageOrganisation && s.providerAgbCode)
    return { providerAgbCode: s.providerAgbCode };
  throw errors.forbidden("Only an admin, or a provider's administrator for its own provider, manages tokens.");
}

/** True when a token is within a scope from `tokenScope`. */
export function isTokenInScope(token: TokenDoc, scope: { providerAgbCode?: string }): boolean {
  return !scope.providerAgbCode || (token.role === 'provider' && token.providerAgbCode === scope.providerAgbCode);
}
