/** The follow-ups of a stored or changed request, and the lock every change runs under. */
import type { AllocationDoc, ContractDoc, ExtensionRequestDoc } from '../../records';
import type { Actor } from '../actor';
import { requestNumberOf } from '../../domain/extension-requests';
import { requestInScope, type ChangeResult, type RequestsDeps, type UnderLock } from './requests';

/**
 * The follow-ups of a stored request, each safe to repeat (under the allocation's
 * lock): the allocation's request count, the audit event, the flags; then the
 * pending mark is cleared.
 */
export async function completeCreate(
  deps: RequestsDeps,
  actor: Actor,
  doc: ExtensionRequestDoc,
  before?: { allocation: AllocationDoc; latestRequest: ExtensionRequestDoc | null },
  contract?: ContractDoc,
): Promise<ExtensionRequestDoc> {
  const updated = await deps.allocationsRepo.setExtensionRequestCount(doc.allocationNumber, requestNumberOf(doc._id));
  await deps.audit.record(actor, [
    {
      action: 'extension-request.create',
      objectType: 'extension-request',
      objectId: doc._id,
      clientRef: doc.clientRef,
    },
  ]);
  await deps.flagEvents.requestChanged(null, doc);
  if (updated)
    await deps.flagEvents.allocationChanged(
      before ?? { allocation: updated, latestRequest: null },
      { allocation: updated, latestRequest: doc },
      contract,
    );
  await deps.repo.clearPending(doc._id);
  const { pending: _pending, ...done } = doc;
  return done;
}

/**
 * Changes a request under its allocation's lock, re-reading it there; then updates
 * the flags of the request and of its allocation (which read the latest request).
 */
export async function changeRequest(
  deps: RequestsDeps,
  actor: Actor,
  id: string,
  fn: (doc: ExtensionRequestDoc, known: UnderLock) => Promise<ChangeResult>,
): Promise<ExtensionRequestDoc> {
  const first = await requestInScope(deps, actor, id);
  return deps.allocations.withAllocationLock(first.allocationNumber, async () => {
    let before = await requestInScope(deps, actor, id);
    if (before.pending)
      before = await (before.pending === 'create'
        ? completeCreate(deps, actor, before)
        : completeChange(deps, actor, before, before)); // an earlier change's follow-ups first
    // read once under the lock, and handed to the change and its follow-ups
    const allocation = await deps.allocationsRepo.findById(before.allocationNumber);
    const contract = allocation ? await deps.registry.findContract(allocation.contractNumber) : null;
    const { request, allocationAfter } = await fn(before, { allocation, contract });
    return completeChange(deps, actor, before, request, {
      before: allocation,
      after: allocationAfter ?? allocation,
      contract,
    });
  });
}

/**
 * The follow-ups of a changed request (its write set `pending: 'update'`): audit, flags, then the mark cleared.
 * A caller under the lock passes the allocation before and after the change and its contract; a resumption reads them.
 */
export async function completeChange(
  deps: RequestsDeps,
  actor: Actor,
  before: ExtensionRequestDoc,
  updated: ExtensionRequestDoc,
  known?: { before: AllocationDoc | null; after: AllocationDoc | null; contract: ContractDoc | null },
): Promise<ExtensionRequestDoc> {
  await deps.audit.record(actor, [
    {
      action: 'extension-request.update',
      objectType: 'extension-request',
      objectId: updated._id,
      clientRef: updated.clientRef,
    },
  ]);
  await deps.flagEvents.requestChanged(before, updated);
  const allocationAfter = known ? known.after : await deps.allocationsRepo.findById(updated.allocationNumber);
  if (allocationAfter) {
    await deps.flagEvents.allocationChanged(
      { allocation: known?.before ?? allocationAfter, latestRequest: before },
      { allocation: allocationAfter, latestRequest: updated },
      known?.contract ?? undefined,
    );
  }
  if (updated.pending) await deps.repo.clearPending(updated._id);
  const { pending: _pending, ...done } = updated;
  return done;
}
