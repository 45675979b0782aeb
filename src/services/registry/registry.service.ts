import crypto from 'node:crypto';
import type { ContractDoc, ProviderDoc, TeamDoc } from '../../records';
import type { BsnVault } from '../allocations/bsn-vault';
import { errors } from '../../errors';
import type { ContractsRepository, ProvidersRepository, TeamsRepository } from '../../repositories/registry.repository';
import type { Payload } from '../../payloads/payloads';

import { DEFAULT_REPORTING } from '../../domain/obligations';

/** The reporting rules that apply where a contract does not set its own (src/domain/obligations.ts). */
export { DEFAULT_REPORTING };

/** Input for a provider (provider.v1.json; the type is generated from the schema). */
export type ProviderInput = Payload<'provider.v1.json'>;
/** Input for a team (team.v1.json; the type is generated from the schema). */
export type TeamInput = Payload<'team.v1.json'>;
/** Input for a contract (contract.v1.json; the type is generated from the schema). */
export type ContractInput = Payload<'contract.v1.json'>;

/** Reference data kept by admins: providers, teams, contracts. */
export class RegistryService {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly teams: TeamsRepository,
    private readonly contracts: ContractsRepository,
    private readonly vault: BsnVault,
    private readonly clock: () => Date,
  ) {}

  /**
   * Registers a provider; 409 when the AGB code is known. With a webhook URL it gets a
   * signing secret (Standard Webhooks, `whsec_...`), returned once and stored sealed.
   */
  async createProvider(input: ProviderInput): Promise<{ doc: ProviderDoc; webhookSecret: string | null }> {
    const now = this.clock();
    const doc: ProviderDoc = {
      _id: input.agbCode,
      name: input.name,
      email: input.email,
      createdAt: now,
      updatedAt: now,
    };
    let webhookSecret: string | null = null;
    if (input.webhookUrl) {
      webhookSecret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
      doc.webhookUrl = input.webhookUrl;
      doc.webhookSecretSealed = this.vault.sealSecret(webhookSecret);
    }
    if (!(await this.providers.insertNew(doc)))
      throw errors.conflict('duplicate', `Provider ${input.agbCode} exists already.`);
    return { doc, webhookSecret };
  }

  /** A provider's webhook signing secret, opened (for delivery). */
  webhookSecretOf(provider: ProviderDoc): string | null {
    return provider.webhookSecretSealed ? this.vault.openSecret(provider.webhookSecretSealed) : null;
  }

  /** Registers a team; 409 when the team code is known. */
  async createTeam(input: TeamInput): Promise<TeamDoc> {
    const now = this.clock();
    const doc: TeamDoc = {
      _id: input.teamCode,
      name: input.name,
      municipalityCodes: input.municipalityCodes,
      createdAt: now,
      updatedAt: now,
    };
    if (input.email) doc.email = input.email;
    if (!(await this.teams.insertNew(doc)))
      throw errors.conflict('duplicate', `Team ${input.teamCode} exists already.`);
    return doc;
  }

  /** Registers a contract of a known provider; 422 for impossible dates, 409 when the number is known. */
  async createContract(input: ContractInput): Promise<ContractDoc> {
    const problems = [];
    if (input.endDate < input.startDate) problems.push({ path: '/endDate', message: 'must not be before startDate' });
    if (input.extensionOptionEndDate && input.extensionOptionEndDate < input.endDate) {
      problems.push({ path: '/extensionOptionEndDate', message: 'must not be before endDate' });
    }
    (input.reporting?.closedCareProductCodes ?? []).forEach((code, i) => {
      if (!input.productCodes.includes(code))
        problems.push({
          path: `/reporting/closedCareProductCodes/${i}`,
          message: `${code} is not one of the contract's productCodes`,
        });
    });
    if (!(await this.providers.findOne(input.providerAgbCode)))
      problems.push({
        path: '/providerAgbCode',
        message: `no provider with AGB code ${input.providerAgbCode} is registered`,
      });
    if (problems.length > 0)
      throw errors.unprocessable('contract-rules', 'The contract breaks registry rules.', problems);
    const now = this.clock();
    const doc: ContractDoc = {
      _id: input.contractNumber,
      providerAgbCode: input.providerAgbCode,
      startDate: input.startDate,
      endDate: input.endDate,
      productCodes: input.productCodes,
      reporting: { ...DEFAULT_REPORTING, ...input.reporting },
      kpiTargets: input.kpiTargets ?? {},
      createdAt: now,
      updatedAt: now,
    };
    if (input.region) doc.region = input.region;
    if (input.extensionOptionEndDate) doc.extensionOptionEndDate = input.extensionOptionEndDate;
    if (!(await this.contracts.insertNew(doc)))
      throw errors.conflict('duplicate', `Contract ${input.contractNumber} exists already.`);
    return doc;
  }

  /** A provider by AGB code, or null. */
  findProvider(agbCode: string): Promise<ProviderDoc | null> {
    return this.providers.findOne(agbCode);
  }

  /** A team by team code, or null. */
  findTeam(teamCode: string): Promise<TeamDoc | null> {
    return this.teams.findOne(teamCode);
  }

  /** A contract by number, or null. */
  findContract(contractNumber: string): Promise<ContractDoc | null> {
    return this.contracts.findOne(contractNumber);
  }

  /** Every contract of one provider, in number order. */
  contractsOf(agbCode: string): Promise<ContractDoc[]> {
    return this.contracts.pageOfProvider(agbCode, 10_000);
  }

  /** Whole-collection pass over the contracts, in batches; `why` names it in the engine's log. */
  dangerousStreamAllContracts(why: string): AsyncIterable<ContractDoc> {
    return this.contracts.dangerousStreamAll<ContractDoc>(why);
  }

  /**
   * Every contract's reporting rules (defaults filled in), read in one pass: reference data,
   * a few hundred contracts in a region; a contract not found has the defaults.
   */
  async dangerousReportingRulesOfAll(why: string): Promise<(contractNumber: string) => typeof DEFAULT_REPORTING> {
    const rules = new Map<string, typeof DEFAULT_REPORTING>();
    for await (const c of this.dangerousStreamAllContracts(why))
      rules.set(c._id, { ...DEFAULT_REPORTING, ...c.reporting });
    return (contractNumber) => rules.get(contractNumber) ?? DEFAULT_REPORTING;
  }

  /** A page of every provider (the registry is not tenant data: admins and contract managers list it whole). */
  dangerousPageAllProviders(limit: number, after?: string): Promise<ProviderDoc[]> {
    return this.providers.dangerousPageAll(limit, after);
  }

  /** The teams that serve a municipality (teams are few: read whole, filtered here). */
  async teamsServing(municipalityCode: string): Promise<TeamDoc[]> {
    const all = await this.dangerousPageAllTeams(10_000);
    return all.filter((t) => t.municipalityCodes.includes(municipalityCode));
  }

  /** A page of every team (admins). */
  dangerousPageAllTeams(limit: number, after?: string): Promise<TeamDoc[]> {
    return this.teams.dangerousPageAll(limit, after);
  }

  /** A page of contracts: one provider's, or (unscoped, for admins and contract managers) all. */
  pageContracts(providerAgbCode: string | undefined, limit: number, after?: string): Promise<ContractDoc[]> {
    return this.contracts.pageOfProvider(providerAgbCode, limit, after);
  }

  /** A provider by AGB code, or 404. */
  async getProvider(agbCode: string): Promise<ProviderDoc> {
    return (await this.providers.findOne(agbCode)) ?? notFound('provider', agbCode);
  }

  /** Every provider, unscoped: for region-wide figures (KPI exports), never for client data. */
  async dangerousListAllProviders(): Promise<ProviderDoc[]> {
    const all: ProviderDoc[] = [];
    for await (const p of this.providers.dangerousStreamAll<ProviderDoc>('every provider (region-wide figures)'))
      all.push(p);
    return all;
  }

  /** A contract by number, or 404. */
  async getContract(contractNumber: string): Promise<ContractDoc> {
    return (await this.contracts.findOne(contractNumber)) ?? notFound('contract', contractNumber);
  }
}

function notFound(kind: string, id: string): never {
  throw errors.notFound(`No ${kind} ${id}.`);
}
