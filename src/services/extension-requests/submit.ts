/** A provider submits an extension request. */
import type { ExtensionRequestDoc } from '../../records';
import { addWorkingDays } from '../../domain/dates';
import { errors } from '../../errors';
import type { Actor } from '../actor';
import { extensionRequestId } from '../../domain/extension-requests';
import { assertSubmissionScope, loadSubmissionTarget } from '../allocations/submission-target';
import { storedAsSubmitted } from '../../domain/canonical-json';
import {
  OPEN,
  checkEndDate,
  finalDeadlineFrom,
  evaluationBasis,
  latestRequest,
  newEvent,
  type ExtensionRequestInput,
  type RequestsDeps,
} from './requests';
import { completeCreate } from './follow-ups';
import { caseRoutingOf } from '../../domain/case-routing';

/**
 * Stores a provider's extension request: the allocation active and the provider's,
 * the new end date after the current one and within the contract, no other open
 * request. Without a recent evaluation it is accepted and marked `withoutEvaluation`.
 * The decision deadline is set in working days.
 */
export async function submitRequest(
  deps: RequestsDeps,
  actor: Actor,
  input: ExtensionRequestInput,
): Promise<ExtensionRequestDoc> {
  await assertSubmissionScope(deps.allocationsRepo, actor, input.allocationNumber); // scope before the lock
  return deps.allocations.withAllocationLock(input.allocationNumber, async () => {
    const { allocation, contract, today } = await loadSubmissionTarget(
      deps.allocationsRepo,
      deps.registry,
      actor,
      input.allocationNumber,
      deps.clock(),
    );
    const { n, doc: latest } = await latestRequest(deps, allocation);
    if (
      latest &&
      (latest.pending === 'create' || actor.resuming) &&
      latest.source === 'provider' &&
      storedAsSubmitted(input, latest)
    ) {
      // a retry after a crash
      return latest.pending ? completeCreate(deps, actor, latest) : latest;
    }
    if (allocation.status === 'ended')
      throw errors.conflict('allocation-ended', 'The allocation has ended; it cannot be extended.');
    const problems = checkEndDate(allocation, contract, input.requestedEndDate, '/requestedEndDate');
    if (problems.length > 0)
      throw errors.unprocessable('extension-rules', 'The requested end date is not possible.', problems);
    if (latest && OPEN.includes(latest.status))
      throw errors.conflict(
        'open-request-exists',
        `This allocation has an open extension request, ${latest._id} (${latest.status}); withdraw it or wait for its decision (iJw OP350: one open request per allocation).`,
        { extensionRequestId: latest._id },
      );
    const basis = await evaluationBasis(deps, allocation, contract, today, input.evaluationId);
    const now = deps.clock();
    const doc: ExtensionRequestDoc = {
      _id: extensionRequestId(allocation._id, n + 1),
      allocationNumber: allocation._id,
      ...caseRoutingOf(allocation),
      source: 'provider',
      requestedEndDate: input.requestedEndDate,
      previousEndDate: allocation.endDate,
      reasoning: input.reasoning,
      ...basis,
      status: 'submitted',
      submittedAt: now,
      decisionDeadline: addWorkingDays(today, contract.reporting.decisionDeadlineWorkingDays),
      finalDeadline: finalDeadlineFrom(today, contract.reporting),
      events: [newEvent(deps, actor, 'submitted', undefined, now)],
      pending: 'create',
    };
    if (input.requestedVolume) doc.requestedVolume = input.requestedVolume;
    if (!(await deps.repo.insertNew(doc)))
      throw errors.conflict('open-request-exists', 'Another extension request for this allocation was just submitted.');
    return completeCreate(deps, actor, doc, { allocation, latestRequest: latest }, contract);
  });
}
