/** Bulk automatic extensions (ambtshalve verlenging): many allocations by one recorded decision. */
import type { ExtensionRequestDoc } from '../../records';
import { allocationRecords, writableTeam } from '../../policies/allocations.policy';
import { errors } from '../../errors';
import { personOf } from '../../policies/principal';
import type { Actor } from '../actor';
import { extensionRequestId } from '../../domain/extension-requests';
import {
  OPEN,
  checkEndDate,
  latestRequest,
  newEvent,
  type BulkExtensionInput,
  type BulkExtensionReport,
  type RequestsDeps,
} from './requests';
import { completeCreate } from './follow-ups';
import { caseRoutingOf } from '../../domain/case-routing';

/**
 * Extends many allocations by one recorded decision (ambtshalve verlenging). Each
 * allocation gets a history entry naming the decision, and an approved extension
 * record marked as bulk (never "reviewed"). Allocations outside the caller's team,
 * ended, already ending later, outside the contract or with an open request are
 * skipped and reported.
 */
export async function bulkExtend(
  deps: RequestsDeps,
  actor: Actor,
  input: BulkExtensionInput,
): Promise<BulkExtensionReport> {
  writableTeam(actor.principal); // 403 for roles that change no allocations
  if (personOf(actor.principal)?.supervisedBy)
    throw errors.forbidden(
      'Four eyes: a supervised person proposes decisions one by one; its supervisor extends in bulk.',
    );
  const report: BulkExtensionReport = {
    decisionReference: input.decisionReference,
    newEndDate: input.newEndDate,
    extended: [],
    skipped: [],
  };
  for (const number of input.allocationNumbers) {
    const reason = await deps.allocations.withAllocationLock(number, () => bulkExtendOne(deps, actor, number, input));
    if (reason) report.skipped.push({ allocationNumber: number, reason });
    else report.extended.push(number);
  }
  return report;
}

export async function bulkExtendOne(
  deps: RequestsDeps,
  actor: Actor,
  number: string,
  input: BulkExtensionInput,
): Promise<string | null> {
  const allocation = await deps.allocationsRepo.findById(number);
  if (!allocation || !allocationRecords.can(actor.principal, 'change', allocation)) return 'not in your scope';
  if (allocation.status === 'ended') return 'the allocation has ended';
  const contract = await deps.registry.findContract(allocation.contractNumber);
  if (!contract) return "the allocation's contract is missing";
  const problems = checkEndDate(allocation, contract, input.newEndDate, '/newEndDate');
  if (problems.length > 0) return problems.map((p) => p.message).join('; ');
  const { n, doc: latest } = await latestRequest(deps, allocation);
  if (latest && OPEN.includes(latest.status)) return `open extension request ${latest._id} awaits a decision`;
  const note = `ambtshalve verlenging, besluit ${input.decisionReference}: ${input.reasoning}`;
  await deps.allocations.updateLocked(
    actor,
    number,
    { endDate: input.newEndDate, changeReason: '04', note },
    'bulk-extension',
  );
  const now = deps.clock();
  const doc: ExtensionRequestDoc = {
    _id: extensionRequestId(number, n + 1),
    allocationNumber: number,
    ...caseRoutingOf(allocation),
    source: 'bulk',
    requestedEndDate: input.newEndDate,
    previousEndDate: allocation.endDate,
    reasoning: input.reasoning,
    withoutEvaluation: true,
    withoutEvaluationReason: 'none',
    status: 'approved',
    submittedAt: now,
    decisionDeadline: now.toISOString().slice(0, 10),
    decision: { decision: 'approved', note, decidedAt: now, decidedBy: actor.audit.tokenId ?? actor.audit.label },
    decidedAt: now,
    decisionReference: input.decisionReference,
    ...(input.reassessmentId ? { reassessmentId: input.reassessmentId } : {}),
    events: [newEvent(deps, actor, 'approved', note, now)],
    pending: 'create',
  };
  if (await deps.repo.insertNew(doc)) await completeCreate(deps, actor, doc);
  return null;
}
