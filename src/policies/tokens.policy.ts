import { ANY_ROLE, definePolicy } from './policy';

/**
 * Who may manage tokens: admins, and a provider's administrator (a person) its own
 * provider's tokens (`administeredScope` in administration.policy.ts narrows it).
 */
export const tokensPolicy = definePolicy('tokens', {
  create: { roles: ['admin'], providerAdministrator: true },
  list: { roles: ['admin'], providerAdministrator: true },
  revoke: { roles: ['admin'], providerAdministrator: true },
  readOwn: ANY_ROLE,
});
