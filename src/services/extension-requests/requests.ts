/** Extension requests: their types and the rules the operations share (their ids: src/domain/extension-requests.ts). */
import type { AllocationDoc, ContractDoc, ExtensionEvent, ExtensionRequestDoc } from '../../records';
import { addDays } from '../../domain/dates';
import { extensionRequestId } from '../../domain/extension-requests';
import { errors, type FieldError } from '../../errors';
import { extensionRequestRecords } from '../../policies/extension-requests.policy';
import type { EvaluationsRepository } from '../../repositories/evaluations.repository';
import type { ExtensionRequestsRepository } from '../../repositories/extension-requests.repository';
import type { Actor } from '../actor';
import type { SubmissionDeps } from '../allocations/submission-target';
import { checkWithinContract } from '../registry/registry-lookup';
import type { Payload } from '../../payloads/payloads';
import { CaseShield } from '../allocations/case-shield';

/** An extension request as submitted (extension-request.v1.json; the type is generated from the schema). */
export type ExtensionRequestInput = Payload<'extension-request.v1.json'>;

/** A consultant's decision (decision.v1.json; the type is generated from the schema). */
export type DecisionInput = Payload<'decision.v1.json'>;

/** A bulk automatic extension (bulk-extension.v1.json; the type is generated from the schema). */
export type BulkExtensionInput = Payload<'bulk-extension.v1.json'>;

/** What a bulk extension did, per allocation. */
export interface BulkExtensionReport {
  decisionReference: string;
  newEndDate: string;
  extended: string[];
  skipped: { allocationNumber: string; reason: string }[];
}

/** What a change of a request reads once under its allocation's lock. */
export interface UnderLock {
  allocation: AllocationDoc | null;
  contract: ContractDoc | null;
}

/** A changed request, and the allocation as the change left it when it changed it. */
export interface ChangeResult {
  request: ExtensionRequestDoc;
  allocationAfter?: AllocationDoc;
}

export type { ExtensionRequestFilters } from '../../repositories/extension-requests.repository';

export const OPEN: ExtensionRequestDoc['status'][] = ['submitted', 'info_requested'];

/** What the extension-request operations work with (built once by ExtensionRequestsService). */
export interface RequestsDeps extends SubmissionDeps {
  repo: ExtensionRequestsRepository;
  evaluations: EvaluationsRepository;
}

export function newEvent(
  deps: RequestsDeps,
  actor: Actor,
  action: ExtensionEvent['action'],
  note?: string,
  at: Date = deps.clock(),
): ExtensionEvent {
  const e: ExtensionEvent = { at, by: actor.audit.tokenId ?? actor.audit.label, role: actor.audit.role, action };
  if (note) e.note = note;
  return e;
}

/** The allocation's latest request, walking past any whose count was not recorded (a crash between the two writes). */
export async function latestRequest(
  deps: RequestsDeps,
  allocation: AllocationDoc,
): Promise<{ n: number; doc: ExtensionRequestDoc | null }> {
  let n = allocation.extensionRequestCount ?? 0;
  for (
    let next = await deps.repo.findOne(extensionRequestId(allocation._id, n + 1));
    next;
    next = await deps.repo.findOne(extensionRequestId(allocation._id, n + 1))
  )
    n += 1;
  return { n, doc: n > 0 ? await deps.repo.findOne(extensionRequestId(allocation._id, n)) : null };
}

/** The last day to decide a request that came in on `today` (iJw OP274/OP346: 8 weeks unless the contract says otherwise). */
export function finalDeadlineFrom(today: string, rules: ContractDoc['reporting']): string {
  return addDays(today, 7 * (rules.informationRequestMaxWeeks ?? 8));
}

/** A decision deadline no later than the request's answer term. */
export function withinAnswerTerm(deadline: string, request: Pick<ExtensionRequestDoc, 'finalDeadline'>): string {
  return request.finalDeadline && request.finalDeadline < deadline ? request.finalDeadline : deadline;
}

/** The end date rules: after the current end, within the contract (or its extension option). */
export function checkEndDate(
  allocation: AllocationDoc,
  contract: ContractDoc,
  requestedEndDate: string,
  path: string,
): FieldError[] {
  const problems: FieldError[] = [];
  if (requestedEndDate <= allocation.endDate)
    problems.push({ path, message: `must be after the current end date (${allocation.endDate})` });
  problems.push(
    ...checkWithinContract(contract, allocation.startDate, requestedEndDate)
      .filter((p) => p.path === '/endDate')
      .map((p) => ({ ...p, path })),
  );
  return problems;
}

/** Resolves the evaluation a request rests on: same allocation, current, and recent, or the request is without evaluation. */
export async function evaluationBasis(
  deps: RequestsDeps,
  allocation: AllocationDoc,
  contract: ContractDoc,
  today: string,
  evaluationId: string | undefined,
) {
  if (!evaluationId) return { withoutEvaluation: true, withoutEvaluationReason: 'none' as const };
  const ev = await deps.evaluations.findOne(evaluationId);
  if (!ev || ev.allocationNumber !== allocation._id) {
    throw errors.unprocessable('extension-rules', 'The evaluation must be one of this allocation.', [
      { path: '/evaluationId', message: 'no evaluation with this id for this allocation' },
    ]);
  }
  if (ev.status === 'superseded') {
    throw errors.unprocessable('extension-rules', 'That evaluation was corrected; name the correction.', [
      { path: '/evaluationId', message: `superseded by ${ev.supersededBy ?? 'a correction'}` },
    ]);
  }
  const recent = ev.meetingDate >= addDays(today, -contract.reporting.evaluationRecencyDays);
  return recent
    ? { withoutEvaluation: false, evaluationId: ev._id, evaluationMeetingDate: ev.meetingDate }
    : {
        withoutEvaluation: true,
        withoutEvaluationReason: 'not_recent' as const,
        evaluationId: ev._id,
        evaluationMeetingDate: ev.meetingDate,
      };
}

/** Reads a request in the caller's scope or 404. */
export async function requestInScope(deps: RequestsDeps, actor: Actor, id: string): Promise<ExtensionRequestDoc> {
  const doc = await deps.repo.findOne(id);
  if (
    !doc ||
    !extensionRequestRecords.can(actor.principal, 'read', doc) ||
    (await new CaseShield(deps.allocationsRepo).hides(actor.principal, doc.allocationNumber))
  )
    throw errors.notFound('No such extension request in your scope.');
  return doc;
}
