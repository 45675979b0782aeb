import type { AllocationDoc, ContractDoc } from '../../records';
import { dateInAmsterdam } from '../../domain/dates';
import { errors } from '../../errors';
import { allocationRecords } from '../../policies/allocations.policy';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { Actor } from '../actor';
import type { AllocationsService } from './allocations.service';
import type { AuditService } from '../audit/audit.service';
import type { FlagEventsService } from '../flags/flag-events.service';
import type { RegistryService } from '../registry/registry.service';
import { DEFAULT_REPORTING } from '../registry/registry.service';

/** What every submission about an allocation works with (evaluations, extension requests), beside its own repository. */
export interface SubmissionDeps {
  allocationsRepo: AllocationsRepository;
  allocations: AllocationsService;
  registry: RegistryService;
  audit: AuditService;
  flagEvents: FlagEventsService;
  clock: () => Date;
}

/** An allocation a submission refers to, with its contract (reporting rules filled in). */
export interface SubmissionTarget {
  allocation: AllocationDoc;
  contract: ContractDoc;
  today: string;
}

/**
 * The allocation a submission names, when it is in the caller's scope; otherwise the
 * same 422 for unknown and not-yours. Submissions call it before taking the
 * allocation's lock, so naming another provider's allocation holds up nobody.
 */
export async function assertSubmissionScope(
  allocations: AllocationsRepository,
  actor: Actor,
  allocationNumber: string,
): Promise<AllocationDoc> {
  const allocation = await allocations.findById(allocationNumber);
  if (!allocation || !allocationRecords.can(actor.principal, 'inScope', allocation)) {
    throw errors.unprocessable('unknown-allocation', 'The allocation is not one of yours.', [
      { path: '/allocationNumber', message: 'no allocation with this number in your scope' },
    ]);
  }
  return allocation;
}

/**
 * Reads the allocation a provider's submission names and checks it is in the
 * caller's scope. Outside it (or unknown) the answer is the same 422, so a provider
 * learns nothing about allocations that are not its own.
 */
export async function loadSubmissionTarget(
  allocations: AllocationsRepository,
  registry: RegistryService,
  actor: Actor,
  allocationNumber: string,
  now: Date,
): Promise<SubmissionTarget> {
  const allocation = await assertSubmissionScope(allocations, actor, allocationNumber);
  const contract = await registry.findContract(allocation.contractNumber);
  if (!contract) throw new Error(`allocation ${allocationNumber} names missing contract ${allocation.contractNumber}`);
  return {
    allocation,
    contract: { ...contract, reporting: { ...DEFAULT_REPORTING, ...contract.reporting } },
    today: dateInAmsterdam(now),
  };
}
