import type { AllocationDoc, ContractDoc, ProviderDoc, TeamDoc } from '../../records';
import type { FieldError } from '../../errors';
import type { RegistryService } from './registry.service';

/** What an allocation names in the registry (municipality, team, provider, contract, product), to check against it. */
export type AllocationReferences = Pick<
  AllocationDoc,
  | 'municipalityCode'
  | 'teamCode'
  | 'providerAgbCode'
  | 'contractNumber'
  | 'product'
  | 'startDate'
  | 'endDate'
  | 'careStartDate'
>;

/**
 * Reads providers, teams and contracts once per operation (an import checks
 * thousands of rows against a handful of them) and applies the registry rules.
 */
export class RegistryLookup {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(private readonly registry: RegistryService) {}

  private memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      this.cache.set(key, hit);
    }
    return hit;
  }

  team(code: string): Promise<TeamDoc | null> {
    return this.memo(`t:${code}`, () => this.registry.findTeam(code));
  }
  provider(agb: string): Promise<ProviderDoc | null> {
    return this.memo(`p:${agb}`, () => this.registry.findProvider(agb));
  }
  contract(number: string): Promise<ContractDoc | null> {
    return this.memo(`c:${number}`, () => this.registry.findContract(number));
  }

  /** Every registry rule an allocation breaks, as field errors (empty when fine). */
  async checkAllocation(a: AllocationReferences): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    const [team, provider, contract] = await Promise.all([
      this.team(a.teamCode),
      this.provider(a.providerAgbCode),
      this.contract(a.contractNumber),
    ]);
    if (!team) problems.push({ path: '/teamCode', message: `no team ${a.teamCode} is registered` });
    else if (!team.municipalityCodes.includes(a.municipalityCode)) {
      problems.push({
        path: '/municipalityCode',
        message: `team ${a.teamCode} does not serve municipality ${a.municipalityCode}`,
      });
    }
    if (!provider)
      problems.push({
        path: '/providerAgbCode',
        message: `no provider with AGB code ${a.providerAgbCode} is registered`,
      });
    if (a.endDate < a.startDate) problems.push({ path: '/endDate', message: 'must not be before startDate' });
    if (a.careStartDate && (a.careStartDate < a.startDate || a.careStartDate > a.endDate)) {
      problems.push({ path: '/careStartDate', message: 'must lie between startDate and endDate' });
    }
    if (!contract) {
      problems.push({ path: '/contractNumber', message: `no contract ${a.contractNumber} is registered` });
      return problems;
    }
    if (contract.providerAgbCode !== a.providerAgbCode) {
      problems.push({ path: '/contractNumber', message: `contract ${a.contractNumber} belongs to another provider` });
    }
    if (!contract.productCodes.includes(a.product.code)) {
      problems.push({
        path: '/product/code',
        message: `product ${a.product.code} is not covered by contract ${a.contractNumber}`,
      });
    }
    problems.push(...checkWithinContract(contract, a.startDate, a.endDate));
    return problems;
  }
}

/** The dates must lie within the contract's period, or its extension option. */
export function checkWithinContract(contract: ContractDoc, startDate: string, endDate: string): FieldError[] {
  const lastDay = contract.extensionOptionEndDate ?? contract.endDate;
  const problems: FieldError[] = [];
  if (startDate < contract.startDate || startDate > lastDay) {
    problems.push({
      path: '/startDate',
      message: `must lie within contract ${contract._id} (${contract.startDate} to ${lastDay})`,
    });
  }
  if (endDate > lastDay || endDate < contract.startDate) {
    problems.push({
      path: '/endDate',
      message: `must lie within contract ${contract._id} (${contract.startDate} to ${lastDay})`,
    });
  }
  return problems;
}
