/** The rules of a change to an allocation. */
import type { AllocationChange, AllocationDoc, ContractDoc, ExtensionRequestDoc, Volume } from '../../records';
import { errors, type FieldError } from '../../errors';
import { checkWithinContract } from '../registry/registry-lookup';
import type { RegistryService } from '../registry/registry.service';
import type { Payload } from '../../payloads/payloads';

type AllocationPatch = Payload<'allocation-patch.v1.json'>;

/**
 * What a caller that holds an allocation's lock has read already, so a change under
 * that lock does not read it again: the allocation as stored, its contract, its
 * latest extension request (each used only when it is the one the change needs).
 */
export interface KnownUnderLock {
  current?: AllocationDoc | null;
  contract?: ContractDoc | null;
  latestRequest?: ExtensionRequestDoc | null;
}

const sameVolume = (a: Volume, b: Volume) => a.amount === b.amount && a.unit === b.unit && a.frequency === b.frequency;

/**
 * Checks a patch against the current record (409 once it has ended, 422 for every
 * broken rule); returns the fields to set, the changes for its history, and the reason.
 */
export async function planUpdate(
  registry: Pick<RegistryService, 'findContract'>,
  current: AllocationDoc,
  patch: AllocationPatch,
  knownContract?: ContractDoc | null,
) {
  if (current.status === 'ended')
    throw errors.conflict(
      'allocation-ended',
      `Allocation ${current._id} has ended (reason ${current.endReason ?? '?'}); it cannot change any more.`,
    );
  const problems: FieldError[] = [];
  const set: Partial<AllocationDoc> = {};
  const changes: AllocationChange['changes'] = {};
  const unset: (keyof AllocationDoc)[] = [];
  let reason: string | undefined = patch.changeReason;
  if (patch.endDate !== undefined && patch.endDate !== current.endDate) {
    if (patch.endDate < current.startDate) problems.push({ path: '/endDate', message: 'must not be before startDate' });
    if (patch.changeReason === '04' && patch.endDate < current.endDate)
      problems.push({ path: '/changeReason', message: '04 (extension) needs a later end date' });
    if (patch.changeReason === '05' && patch.endDate > current.endDate)
      problems.push({ path: '/changeReason', message: '05 (shortening) needs an earlier end date' });
    const contract =
      knownContract?._id === current.contractNumber
        ? knownContract
        : await registry.findContract(current.contractNumber);
    if (contract)
      problems.push(
        ...checkWithinContract(contract, current.startDate, patch.endDate).filter((p) => p.path === '/endDate'),
      );
    set.endDate = patch.endDate;
    changes.endDate = { from: current.endDate, to: patch.endDate };
  }
  if (patch.volume && !sameVolume(patch.volume, current.volume)) {
    set.volume = patch.volume;
    changes.volume = { from: current.volume, to: patch.volume };
  }
  if (patch.shielded !== undefined && patch.shielded !== Boolean(current.shielded)) {
    set.shielded = patch.shielded;
    changes.shielded = { from: Boolean(current.shielded), to: patch.shielded };
  }
  if (patch.bridgingFor !== undefined && patch.bridgingFor !== (current.bridgingFor ?? null)) {
    changes.bridgingFor = { from: current.bridgingFor ?? null, to: patch.bridgingFor };
    if (patch.bridgingFor === null) unset.push('bridgingFor');
    else set.bridgingFor = patch.bridgingFor;
  }
  if (patch.careStartDate !== undefined && patch.careStartDate !== current.careStartDate) {
    const end = set.endDate ?? current.endDate;
    if (patch.careStartDate < current.startDate || patch.careStartDate > end)
      problems.push({ path: '/careStartDate', message: 'must lie between startDate and endDate' });
    set.careStartDate = patch.careStartDate;
    changes.careStartDate = { from: current.careStartDate ?? null, to: patch.careStartDate };
  }
  if (patch.end) {
    const end = set.endDate ?? current.endDate;
    if (patch.end.date < current.startDate || patch.end.date > end)
      problems.push({
        path: '/end/date',
        message: `must lie between startDate and endDate (${current.startDate} to ${end})`,
      });
    set.status = 'ended';
    set.endReason = patch.end.reason;
    set.endDate = patch.end.date;
    changes.status = { from: current.status, to: 'ended' };
    changes.endReason = { from: null, to: patch.end.reason };
    if (patch.end.date !== current.endDate) changes.endDate = { from: current.endDate, to: patch.end.date };
    reason = patch.end.reason;
  }
  if (problems.length > 0)
    throw errors.unprocessable('allocation-rules', 'The change breaks allocation rules.', problems);
  return { set, unset, changes, reason };
}
