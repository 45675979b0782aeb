import type { AllocationDoc, ContractDoc, ExtensionRequestDoc } from '../../records';
import { dateInAmsterdam } from '../../domain/dates';
import { allocationFlags, contractFlags, requestFlags } from '../../flags/engine';
import type { AllocationFacts } from '../../flags/types';
import type { KeyedRepository } from '../../repositories/keyed.repository';
import type { FlagsService } from './flags.service';
import type { CaseloadRowsService } from '../caseload/caseload-rows.service';
import { DEFAULT_REPORTING, type RegistryService } from '../registry/registry.service';

/** An allocation's state as the flag rules read it, with its latest extension request. */
export interface AllocationState {
  allocation: AllocationFacts['allocation'] & Pick<AllocationDoc, 'client' | 'referrerType' | 'bridgingFor'>;
  latestRequest: ExtensionRequestDoc | null;
}

/**
 * Event-driven flags: after a change, the flags wanted before and after are compared
 * and the difference applied at once (the daily sweep catches anything else).
 */
export class FlagEventsService {
  constructor(
    private readonly flags: FlagsService,
    private readonly registry: RegistryService,
    private readonly requests: KeyedRepository<ExtensionRequestDoc>,
    private readonly clock: () => Date,
    /** The caseload's kept rows follow the allocation with its flags (src/services/caseload/caseload-rows.service.ts). */
    private readonly caseloadRows?: Pick<CaseloadRowsService, 'keep'>,
  ) {}

  /** The allocation's latest extension request (its count names it); `known`, a request the caller read under the allocation's lock, is used when it is that one. */
  async latestRequestOf(
    allocation: Pick<AllocationDoc, '_id' | 'extensionRequestCount'>,
    known?: ExtensionRequestDoc | null,
  ): Promise<ExtensionRequestDoc | null> {
    const n = allocation.extensionRequestCount ?? 0;
    if (n === 0) return null;
    const id = `xr_${allocation._id}_${n}`;
    return known?._id === id ? known : this.requests.findOne(id);
  }

  /** An allocation changed (an evaluation came in, it was changed, extended or ended); a caller that read its contract passes it on. */
  async allocationChanged(before: AllocationState, after: AllocationState, knownContract?: ContractDoc): Promise<void> {
    const contract =
      knownContract?._id === after.allocation.contractNumber
        ? knownContract
        : await this.registry.findContract(after.allocation.contractNumber);
    const rules = { ...DEFAULT_REPORTING, ...contract?.reporting };
    const today = dateInAmsterdam(this.clock());
    await this.flags.applyTransition(
      allocationFlags(before.allocation, rules, before.latestRequest, today),
      allocationFlags(after.allocation, rules, after.latestRequest, today),
    );
    await this.caseloadRows?.keep(after.allocation, rules, after.latestRequest);
  }

  /** An extension request was submitted (before: null) or changed. */
  async requestChanged(before: ExtensionRequestDoc | null, after: ExtensionRequestDoc): Promise<void> {
    const today = dateInAmsterdam(this.clock());
    await this.flags.applyTransition(before ? requestFlags(before, today) : [], requestFlags(after, today));
  }

  /** A quarterly report came in for a contract. */
  async contractReported(contractNumber: string, quarter: string, reportedBefore: Set<string>): Promise<void> {
    const contract = await this.registry.findContract(contractNumber);
    if (!contract) return;
    const withRules = { ...contract, reporting: { ...DEFAULT_REPORTING, ...contract.reporting } };
    const today = dateInAmsterdam(this.clock());
    await this.flags.applyTransition(
      contractFlags(withRules, reportedBefore, today),
      contractFlags(withRules, new Set([...reportedBefore, quarter]), today),
    );
  }
}
