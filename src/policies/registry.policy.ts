import { definePolicy } from './policy';

/** Who may do what with the registry: providers, teams and contracts. */
export const registryPolicy = definePolicy('registry', {
  createProvider: ['admin'],
  listProviders: ['admin', 'contract_manager'],
  readProvider: ['admin', 'contract_manager'],
  createTeam: ['admin'],
  listTeams: ['admin'],
  createContract: ['admin'],
  listContracts: ['admin', 'contract_manager'],
  readContract: ['admin', 'contract_manager'],
});
