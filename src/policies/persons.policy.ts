import { definePolicy } from './policy';

/**
 * Who may manage persons: admins, and a provider's administrator for its own
 * provider's staff (`administeredScope` in administration.policy.ts narrows it).
 */
export const personsPolicy = definePolicy('persons', {
  create: { roles: ['admin'], providerAdministrator: true },
  list: { roles: ['admin'], providerAdministrator: true },
  read: { roles: ['admin'], providerAdministrator: true },
  update: { roles: ['admin'], providerAdministrator: true },
});
