import { resumable } from '../operations/pending-writes';
import type { AllocationDoc, ContractDoc, EvaluationDoc } from '../../records';
import type { FlagEventsService } from '../flags/flag-events.service';
import { isOnTime, nextEvaluation } from '../../domain/obligations';
import { evaluationFact, withFact } from '../../kpis/facts';
import { errors, type FieldError } from '../../errors';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { EvaluationFilters, EvaluationsRepository } from '../../repositories/evaluations.repository';
import type { Actor } from '../actor';
import type { AllocationsService } from '../allocations/allocations.service';
import type { AuditService } from '../audit/audit.service';
import { assertSubmissionScope, loadSubmissionTarget, type SubmissionTarget } from '../allocations/submission-target';
import type { RegistryService } from '../registry/registry.service';
import { evaluationReadScope, evaluationRecords } from '../../policies/evaluations.policy';
import { storedAsSubmitted } from '../../domain/canonical-json';
import type { Payload } from '../../payloads/payloads';
import { checkPeriod, evaluationWarnings, summaryAfter } from './evaluation-rules';
import { CaseShield } from '../allocations/case-shield';

/** An evaluation report as submitted (evaluation.v1.json; the type is generated from the schema). */
export type EvaluationInput = Payload<'evaluation-submission.v1.json'>;

export type { EvaluationFilters } from '../../repositories/evaluations.repository';

/** The id of an evaluation: allocation, period and revision (0 for the original). */
export function evaluationId(
  allocationNumber: string,
  periodStart: string,
  periodEnd: string,
  revision: number,
): string {
  return `ev_${allocationNumber}_${periodStart}_${periodEnd}_r${revision}`;
}

/** Submits, reads and lists evaluation reports; scoped and audited. */
export class EvaluationsService {
  constructor(
    private readonly repo: EvaluationsRepository,
    private readonly allocationsRepo: AllocationsRepository,
    private readonly allocations: AllocationsService,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
    private readonly flagEvents: FlagEventsService,
    private readonly clock: () => Date,
  ) {
    this.shield = new CaseShield(allocationsRepo);
  }

  private readonly shield: CaseShield;

  /**
   * Stores an evaluation report under the allocation's lock: the allocation must be the
   * provider's (checked before the lock, so naming another provider's allocation holds
   * up nobody), the period within it and after the latest evaluated one (or the report
   * a correction that `supersedes` the current one). The report is stored first,
   * marked pending; its follow-ups (the corrected report, the allocation's summary,
   * the audit event, the flags) then run and clear the mark. A retry of the same
   * report that finds it still pending completes them (so does the daily sweep).
   */
  async submit(actor: Actor, input: EvaluationInput): Promise<EvaluationDoc> {
    await assertSubmissionScope(this.allocationsRepo, actor, input.allocationNumber);
    return this.allocations.withAllocationLock(input.allocationNumber, async () => {
      const target = await loadSubmissionTarget(
        this.allocationsRepo,
        this.registry,
        actor,
        input.allocationNumber,
        this.clock(),
      );
      const { supersedes, ...form } = input;
      const slot = await this.readSlot(target, input);
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
        return this.completeFollowUps(actor, target.allocation, interrupted, target.contract);
      }
      checkPeriod(target, input);
      const { id, revision, dueDate, onTime } = this.slotFor(target, input, slot);
      const { allocation } = target;
      const doc: EvaluationDoc = {
        ...form,
        _id: id,
        revision,
        status: 'current',
        dueDate,
        onTime,
        providerAgbCode: allocation.providerAgbCode,
        teamCode: allocation.teamCode,
        municipalityCode: allocation.municipalityCode,
        contractNumber: allocation.contractNumber,
        clientRef: allocation.client.ref,
        submittedAt: this.clock(),
        submittedBy: actor.audit.tokenId ?? actor.audit.label,
        pending: 'create',
      };
      if (supersedes) doc.supersedes = supersedes;
      if (!(await this.repo.insertNew(doc))) {
        throw errors.conflict(
          'duplicate',
          'An evaluation of this allocation for this period exists; send a correction that supersedes it.',
          { evaluationId: id },
        );
      }
      return this.completeFollowUps(actor, target.allocation, doc, target.contract);
    });
  }

  /**
   * `submit`, with the report's warnings: what is accepted but the provider should
   * know (a stale meeting date, a closing report that counts for no satisfaction KPI).
   */
  async submitWithWarnings(
    actor: Actor,
    input: EvaluationInput,
  ): Promise<{ evaluation: EvaluationDoc; warnings: FieldError[] }> {
    return { evaluation: await this.submit(actor, input), warnings: evaluationWarnings(input) };
  }

  /** The slot a submission names (a new period, or the next revision of the report it corrects), read once: the corrected report and whatever is stored there. */
  private async readSlot(
    { allocation }: SubmissionTarget,
    input: EvaluationInput,
  ): Promise<{ old: EvaluationDoc | null; id: string | null; stored: EvaluationDoc | null }> {
    if (!input.supersedes) {
      const id = evaluationId(allocation._id, input.periodStart, input.periodEnd, 0);
      return { old: null, id, stored: await this.repo.findOne(id) };
    }
    const old = await this.repo.findOne(input.supersedes);
    if (!old || old.allocationNumber !== allocation._id) return { old: null, id: null, stored: null };
    const id = evaluationId(allocation._id, old.periodStart, old.periodEnd, old.revision + 1);
    return { old, id, stored: await this.repo.findOne(id) };
  }

  /**
   * The follow-ups of a stored report, each safe to repeat: mark the report it corrects,
   * fold it into the allocation's summary (counted once), audit, flags; then clear
   * the pending mark. Runs under the allocation's lock.
   */
  private async completeFollowUps(
    actor: Actor,
    allocation: AllocationDoc,
    doc: EvaluationDoc,
    contract?: ContractDoc,
  ): Promise<EvaluationDoc> {
    if (doc.supersedes) await this.repo.markSuperseded(doc.supersedes, doc._id);
    const updated = await this.updateSummary(allocation, doc);
    await this.audit.record(actor, [
      { action: 'evaluation.create', objectType: 'evaluation', objectId: doc._id, clientRef: doc.clientRef },
    ]);
    const latestRequest = await this.flagEvents.latestRequestOf(allocation);
    await this.flagEvents.allocationChanged(
      { allocation, latestRequest },
      { allocation: updated ?? allocation, latestRequest },
      contract,
    );
    await this.repo.clearPending(doc._id);
    const { pending: _pending, ...done } = doc;
    return done;
  }

  /**
   * Submissions as a pending write: the daily sweep completes the follow-ups of every
   * report a crash left pending, before it reconciles flags (so they are raised from the reports).
   */
  readonly pendingSubmissions = resumable({
    name: 'evaluations',
    pending: () => this.repo.streamPending(),
    lockOf: ({ allocationNumber }) => allocationNumber,
    reread: async ({ _id, allocationNumber }) => {
      const doc = await this.repo.findOne(_id);
      const allocation = await this.allocationsRepo.findById(allocationNumber);
      return doc?.pending && allocation ? { doc, allocation } : null;
    },
    complete: (actor, { doc, allocation }: { doc: EvaluationDoc; allocation: AllocationDoc }) =>
      this.completeFollowUps(actor, allocation, doc),
  });
  /** Where the report goes: a new period after the latest one, or the next revision of the one it corrects (its slot read by `readSlot`). */
  private slotFor(
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
  private async updateSummary(allocation: AllocationDoc, doc: EvaluationDoc): Promise<AllocationDoc | null> {
    const summary = summaryAfter(allocation.evaluations, doc);
    const facts = withFact(allocation.evaluationFacts, evaluationFact(doc));
    return this.allocationsRepo.setEvaluationSummary(allocation._id, summary, facts);
  }

  /** One evaluation in the caller's scope (404 outside it); audited. */
  async get(actor: Actor, id: string): Promise<EvaluationDoc> {
    const doc = await this.repo.findOne(id);
    if (
      !doc ||
      !evaluationRecords.can(actor.principal, 'read', doc) ||
      (await this.shield.hides(actor.principal, doc.allocationNumber))
    )
      throw errors.notFound('No such evaluation in your scope.');
    await this.audit.record(actor, [
      { action: 'evaluation.read', objectType: 'evaluation', objectId: doc._id, clientRef: doc.clientRef },
    ]);
    return doc;
  }

  /** A page of evaluations in the caller's scope with filters (one extra unreturned record tells of a next page); audited. */
  async list(actor: Actor, filters: EvaluationFilters, limit: number, after?: string): Promise<EvaluationDoc[]> {
    const scope = evaluationReadScope(actor.principal);
    const docs = await this.shield.page(
      actor.principal,
      (n, from) => this.repo.pageInScope(scope, filters, n, from),
      limit + 1,
      after,
    );
    await this.audit.record(
      actor,
      docs
        .slice(0, limit)
        .map((d) => ({ action: 'evaluation.read', objectType: 'evaluation', objectId: d._id, clientRef: d.clientRef })),
    );
    return docs;
  }
}
