/** What happens to a request after it is submitted: withdrawn, amended and resubmitted, decided. */
import type { AllocationDoc, ExtensionRequestDoc } from '../../records';
import { addWorkingDays, dateInAmsterdam } from '../../domain/dates';
import { errors } from '../../errors';
import { personOf } from '../../policies/principal';
import type { Actor } from '../actor';
import { loadSubmissionTarget } from '../allocations/submission-target';
import {
  OPEN,
  checkEndDate,
  evaluationBasis,
  newEvent,
  withinAnswerTerm,
  type DecisionInput,
  type ExtensionRequestInput,
  type RequestsDeps,
} from './requests';
import { changeRequest } from './follow-ups';

/** A provider withdraws its own open request. */
export async function withdrawRequest(deps: RequestsDeps, actor: Actor, id: string): Promise<ExtensionRequestDoc> {
  return changeRequest(deps, actor, id, async (doc) => {
    if (!OPEN.includes(doc.status))
      throw errors.conflict('request-closed', `The request is ${doc.status}; only an open request can be withdrawn.`);
    return {
      request: await deps.repo.recordStep(
        id,
        { status: 'withdrawn', decidedAt: deps.clock() },
        newEvent(deps, actor, 'withdrawn'),
      ),
    };
  });
}

/** After `info_requested`, the provider amends and submits again; the deadline starts again. */
export async function resubmitRequest(
  deps: RequestsDeps,
  actor: Actor,
  id: string,
  amendment: Partial<Omit<ExtensionRequestInput, 'allocationNumber'>>,
): Promise<ExtensionRequestDoc> {
  return changeRequest(deps, actor, id, async (doc) => {
    if (doc.status !== 'info_requested')
      throw errors.conflict(
        'not-awaiting-information',
        `The request is ${doc.status}; it can be resubmitted after the consultant asks for information.`,
      );
    const { allocation, contract, today } = await loadSubmissionTarget(
      deps.allocationsRepo,
      deps.registry,
      actor,
      doc.allocationNumber,
      deps.clock(),
    );
    const requestedEndDate = amendment.requestedEndDate ?? doc.requestedEndDate;
    const problems = checkEndDate(allocation, contract, requestedEndDate, '/requestedEndDate');
    if (problems.length > 0)
      throw errors.unprocessable('extension-rules', 'The requested end date is not possible.', problems);
    const basis = await evaluationBasis(deps, allocation, contract, today, amendment.evaluationId ?? doc.evaluationId);
    const set: Partial<ExtensionRequestDoc> = {
      requestedEndDate,
      reasoning: amendment.reasoning ?? doc.reasoning,
      ...basis,
      status: 'submitted',
      decisionDeadline: withinAnswerTerm(addWorkingDays(today, contract.reporting.decisionDeadlineWorkingDays), doc),
    };
    if (amendment.requestedVolume) set.requestedVolume = amendment.requestedVolume;
    const unset = basis.withoutEvaluation ? [] : (['withoutEvaluationReason'] as const);
    return { request: await deps.repo.recordStep(id, set, newEvent(deps, actor, 'resubmitted'), unset) };
  });
}

/**
 * A consultant of the allocation's team decides a submitted request. Approval
 * extends the allocation (end date, volume) with a history entry (change reason 04)
 * before the request is marked approved, so a retry after a crash completes it.
 */
export async function decideRequest(
  deps: RequestsDeps,
  actor: Actor,
  id: string,
  input: DecisionInput,
): Promise<ExtensionRequestDoc> {
  return changeRequest(deps, actor, id, async (doc, known) => {
    if (
      actor.resuming &&
      doc.status === input.decision &&
      doc.decision?.decidedBy === (actor.audit.tokenId ?? actor.audit.label)
    )
      return { request: doc }; // decided by the attempt a crash cut short
    if (doc.status === 'info_requested')
      throw errors.conflict('awaiting-provider', "The request waits for the provider's information.");
    if (doc.status !== 'submitted') throw errors.conflict('already-decided', `The request is ${doc.status} already.`);
    const person = personOf(actor.principal);
    const me = actor.audit.tokenId ?? actor.audit.label;
    // four eyes: a supervised person proposes; its supervisor (or an admin) confirms or changes
    if (
      doc.proposal &&
      doc.proposal.proposedBy !== me &&
      doc.proposal.supervisor !== me &&
      actor.audit.role !== 'admin'
    )
      throw errors.conflict(
        'awaiting-supervisor',
        `A decision was proposed by ${doc.proposal.proposedByName}; its supervisor confirms or changes it.`,
      );
    if (person?.supervisedBy && input.decision !== 'info_requested') {
      const now = deps.clock();
      const proposal: NonNullable<ExtensionRequestDoc['proposal']> = {
        decision: input.decision,
        proposedAt: now,
        proposedBy: me,
        proposedByName: actor.audit.label,
        supervisor: person.supervisedBy,
      };
      if (input.decision === 'rejected' && input.rejectionCode) proposal.rejectionCode = input.rejectionCode;
      if (input.note) proposal.note = input.note;
      return {
        request: await deps.repo.recordStep(id, { proposal }, newEvent(deps, actor, 'proposed', input.note, now)),
      };
    }
    const today = dateInAmsterdam(deps.clock());
    if (input.decision === 'info_requested' && doc.finalDeadline && today >= doc.finalDeadline)
      throw errors.conflict(
        'answer-term-passed',
        `The answer term of this request ends on ${doc.finalDeadline} (iJw: at most 8 weeks with information requested); approve or reject it now.`,
      );
    let allocationAfter: AllocationDoc | undefined;
    if (input.decision === 'approved') {
      allocationAfter = await deps.allocations.updateLocked(
        actor,
        doc.allocationNumber,
        {
          endDate: doc.requestedEndDate,
          ...(doc.requestedVolume ? { volume: doc.requestedVolume } : {}),
          changeReason: '04',
          note: `extension request ${doc._id}${input.note ? `: ${input.note}` : ''}`,
        },
        'extension-decision',
        { current: known.allocation, contract: known.contract, latestRequest: doc },
      );
    }
    const now = deps.clock();
    const decision: NonNullable<ExtensionRequestDoc['decision']> = {
      decision: input.decision,
      decidedAt: now,
      decidedBy: actor.audit.tokenId ?? actor.audit.label,
    };
    if (person) decision.decidedByName = actor.audit.label;
    if (doc.proposal && input.decision !== 'info_requested') {
      decision.proposedBy = doc.proposal.proposedBy;
      decision.proposedByName = doc.proposal.proposedByName;
    }
    if (input.decision === 'rejected' && input.rejectionCode) decision.rejectionCode = input.rejectionCode;
    if (input.note) decision.note = input.note;
    const set: Partial<ExtensionRequestDoc> = { status: input.decision, decision };
    if (input.decision !== 'info_requested') set.decidedAt = now;
    const unset = doc.proposal && input.decision !== 'info_requested' ? (['proposal'] as const) : [];
    return {
      request: await deps.repo.recordStep(id, set, newEvent(deps, actor, input.decision, input.note, now), unset),
      allocationAfter,
    };
  });
}
