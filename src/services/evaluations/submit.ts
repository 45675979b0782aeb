/** Submitting an evaluation report: its rules, its slot, its first write and its follow-ups. */
import type { AllocationDoc, ContractDoc, EvaluationDoc } from '../../records';
import { isOnTime, nextEvaluation } from '../../domain/obligations';
import { storedAsSubmitted } from '../../domain/canonical-json';
import { evaluationFact, withFact } from '../../kpis/facts';
import { errors } from '../../errors';
import type { Payload } from '../../payloads/payloads';
import type { EvaluationsRepository } from '../../repositories/evaluations.repository';
import type { Actor } from '../actor';
import {
  assertSubmissionScope,
  loadSubmissionTarget,
  type SubmissionDeps,
  type SubmissionTarget,
} from '../allocations/submission-target';
import { checkPeriod, summaryAfter } from './evaluation-rules';
import { caseRoutingOf } from '../../domain/case-routing';

/** An evaluation report as submitted (evaluation.v1.json; the type is generated from the schema). */
export type EvaluationInput = Payload<'evaluation-submission.v1.json'>;

/** What the evaluation operations work with (built once, handed to EvaluationsService). */
export interface EvaluationsDeps extends SubmissionDeps {
  repo: EvaluationsRepository;
}

/** The id of an evaluation: allocation, period and revision (0 for the original). */
export function evaluationId(
  allocationNumber: string,
  periodStart: string,
  periodEnd: string,
  revision: number,
): string {
  return `ev_${allocationNumber}_${periodStart}_${periodEnd}_r${revision}`;
}

/**
 * Stores an evaluation report under the allocation's lock: the allocation must be the
 * provider's (checked before the lock, so naming another provider's allocation holds
 * up nobody), the period within it and after the latest evaluated one (or the report
 * a correction that `supersedes` the current one). The report is stored first,
 * marked pending; its follow-ups (the corrected report, the allocation's summary,
 * the audit event, the flags) then run and clear the mark. A retry of the same
 * report that finds it still pending completes them (so does the daily sweep).
 */
export async function submitEvaluation(
  deps: EvaluationsDeps,
  actor: Actor,
  input: EvaluationInput,
): Promise<EvaluationDoc> {
  await assertSubmissionScope(deps.allocationsRepo, actor, input.allocationNumber);
  return deps.allocations.withAllocationLock(input.allocationNumber, async () => {
    const target = await loadSubmissionTarget(
      deps.allocationsRepo,
      deps.registry,
      actor,
      input.allocationNumber,
      deps.clock(),
    );
    const { supersedes, ...form } = input;
    const slot = await readSlot(deps, target, input);
    // The stored report of this slot is this request's own when a crash cut its follow-ups
    // short (pending), or when the request resumes a cut-short attempt with the same key.
    const interrupted = slot.stored && (slot.stored.pending || actor.resuming) ? slot.stored : null;
    if (interrupted) {
      if (!storedAsSubmitted(form, interrupted))
        throw errors.conflict(
          'duplicate',
          'An evaluation of this allocation for this period exists; send a correction that supersedes it.',
          { evaluationId: interrupted._id },
        );
      if (!interrupted.pending) return interrupted; // done before the crash; only its answer was lost
      return completeFollowUps(deps, actor, target.allocation, interrupted, target.contract);
    }
    checkPeriod(target, input);
    const { id, revision, dueDate, onTime } = slotFor(target, input, slot);
    const { allocation } = target;
    const doc: EvaluationDoc = {
      ...form,
      _id: id,
      revision,
      status: 'current',
      dueDate,
      onTime,
      ...caseRoutingOf(allocation),
      submittedAt: deps.clock(),
      submittedBy: actor.audit.tokenId ?? actor.audit.label,
      pending: 'create',
    };
    if (supersedes) doc.supersedes = supersedes;
    if (!(await deps.repo.insertNew(doc))) {
      throw errors.conflict(
        'duplicate',
        'An evaluation of this allocation for this period exists; send a correction that supersedes it.',
        { evaluationId: id },
      );
    }
    return completeFollowUps(deps, actor, target.allocation, doc, target.contract);
  });
}

/** The slot a submission names (a new period, or the next revision of the report it corrects), read once: the corrected report and whatever is stored there. */
async function readSlot(
  deps: EvaluationsDeps,
  { allocation }: SubmissionTarget,
  input: EvaluationInput,
): Promise<{ old: EvaluationDoc | null; id: string | null; stored: EvaluationDoc | null }> {
  if (!input.supersedes) {
    const id = evaluationId(allocation._id, input.periodStart, input.periodEnd, 0);
    return { old: null, id, stored: await deps.repo.findOne(id) };
  }
  const old = await deps.repo.findOne(input.supersedes);
  if (!old || old.allocationNumber !== allocation._id) return { old: null, id: null, stored: null };
  const id = evaluationId(allocation._id, old.periodStart, old.periodEnd, old.revision + 1);
  return { old, id, stored: await deps.repo.findOne(id) };
}

/**
 * The follow-ups of a stored report, each safe to repeat: mark the report it corrects,
 * fold it into the allocation's summary (counted once), audit, flags; then clear
 * the pending mark. Runs under the allocation's lock.
 */
export async function completeFollowUps(
  deps: EvaluationsDeps,
  actor: Actor,
  allocation: AllocationDoc,
  doc: EvaluationDoc,
  contract?: ContractDoc,
): Promise<EvaluationDoc> {
  if (doc.supersedes) await deps.repo.markSuperseded(doc.supersedes, doc._id);
  const updated = await updateSummary(deps, allocation, doc);
  await deps.audit.record(actor, [
    { action: 'evaluation.create', objectType: 'evaluation', objectId: doc._id, clientRef: doc.clientRef },
  ]);
  const latestRequest = await deps.flagEvents.latestRequestOf(allocation);
  await deps.flagEvents.allocationChanged(
    { allocation, latestRequest },
    { allocation: updated ?? allocation, latestRequest },
    contract,
  );
  await deps.repo.clearPending(doc._id);
  const { pending: _pending, ...done } = doc;
  return done;
}

/** Where the report goes: a new period after the latest one, or the next revision of the one it corrects (its slot read by `readSlot`). */
function slotFor(
  { allocation, contract, today }: SubmissionTarget,
  input: EvaluationInput,
  slot: { old: EvaluationDoc | null; id: string | null; stored: EvaluationDoc | null },
) {
  if (input.supersedes) {
    const { old } = slot;
    if (!old) {
      throw errors.unprocessable('evaluation-rules', 'A correction must name an evaluation of the same allocation.', [
        { path: '/supersedes', message: 'no evaluation with this id for this allocation' },
      ]);
    }
    if (old.periodStart !== input.periodStart || old.periodEnd !== input.periodEnd) {
      throw errors.unprocessable(
        'evaluation-rules',
        'A correction covers the same period as the evaluation it corrects.',
        [
          {
            path: '/periodStart',
            message: `must equal the corrected evaluation's period (${old.periodStart} to ${old.periodEnd})`,
          },
        ],
      );
    }
    const next = slot.id!;
    if (old.status === 'superseded' || slot.stored) {
      throw errors.conflict(
        'already-superseded',
        'That evaluation was corrected already; correct the latest revision.',
        { evaluationId: old.supersededBy ?? next },
      );
    }
    return { id: next, revision: old.revision + 1, dueDate: old.dueDate, onTime: old.onTime };
  }
  const id = slot.id!;
  if (slot.stored) {
    throw errors.conflict(
      'duplicate',
      'An evaluation of this allocation for this period exists; send a correction that supersedes it.',
      { evaluationId: id },
    );
  }
  const latestEnd = allocation.evaluations?.latestPeriodEnd;
  if (latestEnd && input.periodStart <= latestEnd) {
    throw errors.conflict(
      'period-overlaps',
      `This allocation is evaluated up to ${latestEnd}; a new period starts after it (to change an earlier report, send a correction).`,
      { latestEvaluationId: allocation.evaluations?.latestId },
    );
  }
  const due = nextEvaluation(allocation, contract.reporting);
  const dueDate = due?.dueDate ?? input.periodEnd;
  return { id, revision: 0, dueDate, onTime: isOnTime(dueDate, today, contract.reporting.graceDays) };
}

/**
 * Keeps the allocation's evaluation summary (latest period, residence, case direction,
 * closing) and its KPI facts, in one write. Repeating it for the same report changes
 * nothing: a new period is counted only while the summary does not name it yet.
 */
async function updateSummary(
  deps: EvaluationsDeps,
  allocation: AllocationDoc,
  doc: EvaluationDoc,
): Promise<AllocationDoc | null> {
  const summary = summaryAfter(allocation.evaluations, doc);
  const facts = withFact(allocation.evaluationFacts, evaluationFact(doc));
  return deps.allocationsRepo.setEvaluationSummary(allocation._id, summary, facts);
}
