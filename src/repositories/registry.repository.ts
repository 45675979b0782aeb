import type { ContractDoc, ProviderDoc, TeamDoc } from '../records';
import { KeyedRepository } from './keyed.repository';

/** The contracted providers (`providers`), keyed by AGB code: reference data, read whole by admins and contract managers. */
export class ProvidersRepository extends KeyedRepository<ProviderDoc> {
  /** A page of every provider, in AGB-code order after the cursor (the registry is not tenant data). */
  dangerousPageAll(limit: number, after?: string): Promise<ProviderDoc[]> {
    return this.page({}, limit, after);
  }
}

/** The municipality's youth teams (`teams`), keyed by team code: a few dozen, read whole. */
export class TeamsRepository extends KeyedRepository<TeamDoc> {
  /** A page of every team, in code order after the cursor. */
  dangerousPageAll(limit: number, after?: string): Promise<TeamDoc[]> {
    return this.page({}, limit, after);
  }
}

/** The contracts with providers (`contracts`), keyed by contract number. */
export class ContractsRepository extends KeyedRepository<ContractDoc> {
  /** A page of contracts, one provider's or (unscoped, for admins and contract managers) all, in number order. */
  pageOfProvider(providerAgbCode: string | undefined, limit: number, after?: string): Promise<ContractDoc[]> {
    return this.page(providerAgbCode ? { providerAgbCode } : {}, limit, after);
  }
}
