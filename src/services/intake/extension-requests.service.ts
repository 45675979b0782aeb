import type { Filter, UpdateFilter } from 'mongodb';
import type { AllocationDoc, ContractDoc, EvaluationDoc, ExtensionEvent, ExtensionRequestDoc } from '../../records';
import { addDays, addWorkingDays } from '../../domain/dates';
import { errors, type FieldError } from '../../errors';
import { writableTeam } from '../../policies/allocations.policy';
import { extensionRequestReadScope } from '../../policies/extension-requests.policy';
import { isInScope } from '../../policies/policy';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { KeyedRepository } from '../../repositories/registry.repository';
import type { Actor } from '../actor';
import type { AllocationsService } from '../allocations/allocations.service';
import type { AuditService } from '../access/audit.service';
import { assertIntakeScope, loadIntakeTarget } from './intake-context';
import { checkWithinContract } from '../registry/registry-lookup';
import type { RegistryService } from '../registry/registry.service';
import type { FlagEventsService } from '../flags/flag-events.service';
import { storedAsSubmitted } from '../../domain/canonical-json';
import type { Payload } from '../../validation/payloads';

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
interface UnderLock {
  allocation: AllocationDoc | null;
  contract: ContractDoc | null;
}

/** A changed request, and the allocation as the change left it when it changed it. */
interface ChangeResult {
  request: ExtensionRequestDoc;
  allocationAfter?: AllocationDoc;
}

/** Filters for listing extension requests. */
export interface ExtensionRequestFilters {
  allocationNumber?: string;
  status?: ExtensionRequestDoc['status'];
  withoutEvaluation?: boolean;
}

const OPEN: ExtensionRequestDoc['status'][] = ['submitted', 'info_requested'];

/** The id of an allocation's n-th extension request. */
export function extensionRequestId(allocationNumber: string, n: number): string {
  return `xr_${allocationNumber}_${n}`;
}

/** Extension requests: submitted by providers, decided by the team's consultants, bulk extensions recorded as such. */
export class ExtensionRequestsService {
  constructor(
    private readonly repo: KeyedRepository<ExtensionRequestDoc>,
    private readonly evaluations: KeyedRepository<EvaluationDoc>,
    private readonly allocationsRepo: AllocationsRepository,
    private readonly allocations: AllocationsService,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
    private readonly flagEvents: FlagEventsService,
    private readonly clock: () => Date,
  ) {}

  private event(
    actor: Actor,
    action: ExtensionEvent['action'],
    note?: string,
    at: Date = this.clock(),
  ): ExtensionEvent {
    const e: ExtensionEvent = { at, by: actor.audit.tokenId ?? actor.audit.label, role: actor.audit.role, action };
    if (note) e.note = note;
    return e;
  }

  /** The allocation's latest request, walking past any whose count was not recorded (a crash between the two writes). */
  private async latestRequest(allocation: AllocationDoc): Promise<{ n: number; doc: ExtensionRequestDoc | null }> {
    let n = allocation.extensionRequestCount ?? 0;
    for (
      let next = await this.repo.findOne(extensionRequestId(allocation._id, n + 1));
      next;
      next = await this.repo.findOne(extensionRequestId(allocation._id, n + 1))
    )
      n += 1;
    return { n, doc: n > 0 ? await this.repo.findOne(extensionRequestId(allocation._id, n)) : null };
  }

  /** The end date rules: after the current end, within the contract (or its extension option). */
  private checkEndDate(
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
  private async evaluationBasis(
    allocation: AllocationDoc,
    contract: ContractDoc,
    today: string,
    evaluationId: string | undefined,
  ) {
    if (!evaluationId) return { withoutEvaluation: true, withoutEvaluationReason: 'none' as const };
    const ev = await this.evaluations.findOne(evaluationId);
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

  /**
   * Stores a provider's extension request: the allocation active and the provider's,
   * the new end date after the current one and within the contract, no other open
   * request. Without a recent evaluation it is accepted and marked `withoutEvaluation`.
   * The decision deadline is set in working days.
   */
  async submit(actor: Actor, input: ExtensionRequestInput): Promise<ExtensionRequestDoc> {
    await assertIntakeScope(this.allocationsRepo, actor, input.allocationNumber); // scope before the lock
    return this.allocations.withAllocationLock(input.allocationNumber, async () => {
      const { allocation, contract, today } = await loadIntakeTarget(
        this.allocationsRepo,
        this.registry,
        actor,
        input.allocationNumber,
        this.clock(),
      );
      const { n, doc: latest } = await this.latestRequest(allocation);
      if (
        latest &&
        (latest.pending === 'create' || actor.resuming) &&
        latest.source === 'provider' &&
        storedAsSubmitted(input, latest)
      ) {
        // a retry after a crash
        return latest.pending ? this.completeCreate(actor, latest) : latest;
      }
      if (allocation.status === 'ended')
        throw errors.conflict('allocation-ended', 'The allocation has ended; it cannot be extended.');
      const problems = this.checkEndDate(allocation, contract, input.requestedEndDate, '/requestedEndDate');
      if (problems.length > 0)
        throw errors.unprocessable('extension-rules', 'The requested end date is not possible.', problems);
      if (latest && OPEN.includes(latest.status))
        throw errors.conflict(
          'open-request-exists',
          'This allocation has an open extension request; withdraw it or wait for its decision.',
          { extensionRequestId: latest._id },
        );
      const basis = await this.evaluationBasis(allocation, contract, today, input.evaluationId);
      const now = this.clock();
      const doc: ExtensionRequestDoc = {
        _id: extensionRequestId(allocation._id, n + 1),
        allocationNumber: allocation._id,
        providerAgbCode: allocation.providerAgbCode,
        teamCode: allocation.teamCode,
        municipalityCode: allocation.municipalityCode,
        contractNumber: allocation.contractNumber,
        clientRef: allocation.client.ref,
        source: 'provider',
        requestedEndDate: input.requestedEndDate,
        previousEndDate: allocation.endDate,
        reasoning: input.reasoning,
        ...basis,
        status: 'submitted',
        submittedAt: now,
        decisionDeadline: addWorkingDays(today, contract.reporting.decisionDeadlineWorkingDays),
        events: [this.event(actor, 'submitted', undefined, now)],
        pending: 'create',
      };
      if (input.requestedVolume) doc.requestedVolume = input.requestedVolume;
      if (!(await this.repo.insertNew(doc)))
        throw errors.conflict(
          'open-request-exists',
          'Another extension request for this allocation was just submitted.',
        );
      return this.completeCreate(actor, doc, { allocation, latestRequest: latest }, contract);
    });
  }

  /**
   * The follow-ups of a stored request, each safe to repeat (under the allocation's
   * lock): the allocation's request count, the audit event, the flags; then the
   * pending mark is cleared.
   */
  private async completeCreate(
    actor: Actor,
    doc: ExtensionRequestDoc,
    before?: { allocation: AllocationDoc; latestRequest: ExtensionRequestDoc | null },
    contract?: ContractDoc,
  ): Promise<ExtensionRequestDoc> {
    const n = Number(doc._id.slice(doc._id.lastIndexOf('_') + 1));
    const updated = await this.allocationsRepo.setExtensionRequestCount(doc.allocationNumber, n);
    await this.audit.record(actor, [
      {
        action: 'extension-request.create',
        objectType: 'extension-request',
        objectId: doc._id,
        clientRef: doc.clientRef,
      },
    ]);
    await this.flagEvents.requestChanged(null, doc);
    if (updated)
      await this.flagEvents.allocationChanged(
        before ?? { allocation: updated, latestRequest: null },
        { allocation: updated, latestRequest: doc },
        contract,
      );
    await this.repo.updateById(doc._id, { $unset: { pending: '' } });
    const { pending: _pending, ...done } = doc;
    return done;
  }

  /**
   * Completes the follow-ups of requests left pending by a crash: created ones as on
   * submission, changed ones (a decision, a withdrawal) by their audit event and flags.
   */
  async resumePending(actor: Actor): Promise<number> {
    let resumed = 0;
    for await (const { _id, allocationNumber } of this.repo.dangerousStreamWhere<
      Pick<ExtensionRequestDoc, '_id' | 'allocationNumber'>
    >(
      'extension requests left pending (resumed by the sweep)',
      { pending: { $in: ['create', 'update'] } },
      { _id: 1, allocationNumber: 1 },
    )) {
      await this.allocations.withAllocationLock(allocationNumber, async () => {
        const doc = await this.repo.findOne(_id);
        if (!doc?.pending) return;
        if (doc.pending === 'create') await this.completeCreate(actor, doc);
        else await this.completeChange(actor, doc, doc);
        resumed += 1;
      });
    }
    return resumed;
  }

  /** Reads a request in the caller's scope or 404. */
  private async inScope(actor: Actor, id: string): Promise<ExtensionRequestDoc> {
    const doc = await this.repo.findOne(id);
    if (!doc || !isInScope(doc, extensionRequestReadScope(actor.principal)))
      throw errors.notFound('No such extension request in your scope.');
    return doc;
  }

  /**
   * Changes a request under its allocation's lock, re-reading it there; then updates
   * the flags of the request and of its allocation (which read the latest request).
   */
  private async change(
    actor: Actor,
    id: string,
    fn: (doc: ExtensionRequestDoc, known: UnderLock) => Promise<ChangeResult>,
  ): Promise<ExtensionRequestDoc> {
    const first = await this.inScope(actor, id);
    return this.allocations.withAllocationLock(first.allocationNumber, async () => {
      let before = await this.inScope(actor, id);
      if (before.pending)
        before = await (before.pending === 'create'
          ? this.completeCreate(actor, before)
          : this.completeChange(actor, before, before)); // an earlier change's follow-ups first
      // read once under the lock, and handed to the change and its follow-ups
      const allocation = await this.allocationsRepo.findById(before.allocationNumber);
      const contract = allocation ? await this.registry.findContract(allocation.contractNumber) : null;
      const { request, allocationAfter } = await fn(before, { allocation, contract });
      return this.completeChange(actor, before, request, {
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
  private async completeChange(
    actor: Actor,
    before: ExtensionRequestDoc,
    updated: ExtensionRequestDoc,
    known?: { before: AllocationDoc | null; after: AllocationDoc | null; contract: ContractDoc | null },
  ): Promise<ExtensionRequestDoc> {
    await this.audit.record(actor, [
      {
        action: 'extension-request.update',
        objectType: 'extension-request',
        objectId: updated._id,
        clientRef: updated.clientRef,
      },
    ]);
    await this.flagEvents.requestChanged(before, updated);
    const allocationAfter = known ? known.after : await this.allocationsRepo.findById(updated.allocationNumber);
    if (allocationAfter) {
      await this.flagEvents.allocationChanged(
        { allocation: known?.before ?? allocationAfter, latestRequest: before },
        { allocation: allocationAfter, latestRequest: updated },
        known?.contract ?? undefined,
      );
    }
    if (updated.pending) await this.repo.updateById(updated._id, { $unset: { pending: '' } });
    const { pending: _pending, ...done } = updated;
    return done;
  }

  /** A provider withdraws its own open request. */
  async withdraw(actor: Actor, id: string): Promise<ExtensionRequestDoc> {
    return this.change(actor, id, async (doc) => {
      if (!OPEN.includes(doc.status))
        throw errors.conflict('request-closed', `The request is ${doc.status}; only an open request can be withdrawn.`);
      return {
        request: (await this.repo.updateById(id, {
          $set: { status: 'withdrawn', decidedAt: this.clock(), pending: 'update' },
          $push: { events: this.event(actor, 'withdrawn') },
        }))!,
      };
    });
  }

  /** After `info_requested`, the provider amends and submits again; the deadline starts again. */
  async resubmit(
    actor: Actor,
    id: string,
    amendment: Partial<Omit<ExtensionRequestInput, 'allocationNumber'>>,
  ): Promise<ExtensionRequestDoc> {
    return this.change(actor, id, async (doc) => {
      if (doc.status !== 'info_requested')
        throw errors.conflict(
          'not-awaiting-information',
          `The request is ${doc.status}; it can be resubmitted after the consultant asks for information.`,
        );
      const { allocation, contract, today } = await loadIntakeTarget(
        this.allocationsRepo,
        this.registry,
        actor,
        doc.allocationNumber,
        this.clock(),
      );
      const requestedEndDate = amendment.requestedEndDate ?? doc.requestedEndDate;
      const problems = this.checkEndDate(allocation, contract, requestedEndDate, '/requestedEndDate');
      if (problems.length > 0)
        throw errors.unprocessable('extension-rules', 'The requested end date is not possible.', problems);
      const basis = await this.evaluationBasis(allocation, contract, today, amendment.evaluationId ?? doc.evaluationId);
      const set: Partial<ExtensionRequestDoc> = {
        requestedEndDate,
        reasoning: amendment.reasoning ?? doc.reasoning,
        ...basis,
        status: 'submitted',
        decisionDeadline: addWorkingDays(today, contract.reporting.decisionDeadlineWorkingDays),
        pending: 'update',
      };
      if (amendment.requestedVolume) set.requestedVolume = amendment.requestedVolume;
      const update: UpdateFilter<ExtensionRequestDoc> = {
        $set: set,
        $push: { events: this.event(actor, 'resubmitted') },
      };
      if (!basis.withoutEvaluation) update.$unset = { withoutEvaluationReason: '' }; // never an empty $unset: MongoDB refuses it
      return { request: (await this.repo.updateById(id, update))! };
    });
  }

  /**
   * A consultant of the allocation's team decides a submitted request. Approval
   * extends the allocation (end date, volume) with a history entry (change reason 04)
   * before the request is marked approved, so a retry after a crash completes it.
   */
  async decide(actor: Actor, id: string, input: DecisionInput): Promise<ExtensionRequestDoc> {
    return this.change(actor, id, async (doc, known) => {
      if (
        actor.resuming &&
        doc.status === input.decision &&
        doc.decision?.decidedBy === (actor.audit.tokenId ?? actor.audit.label)
      )
        return { request: doc }; // decided by the attempt a crash cut short
      if (doc.status === 'info_requested')
        throw errors.conflict('awaiting-provider', "The request waits for the provider's information.");
      if (doc.status !== 'submitted') throw errors.conflict('already-decided', `The request is ${doc.status} already.`);
      let allocationAfter: AllocationDoc | undefined;
      if (input.decision === 'approved') {
        allocationAfter = await this.allocations.updateLocked(
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
      const now = this.clock();
      const decision: NonNullable<ExtensionRequestDoc['decision']> = {
        decision: input.decision,
        decidedAt: now,
        decidedBy: actor.audit.tokenId ?? actor.audit.label,
      };
      if (input.decision === 'rejected' && input.rejectionCode) decision.rejectionCode = input.rejectionCode;
      if (input.note) decision.note = input.note;
      const set: Partial<ExtensionRequestDoc> = { status: input.decision, decision, pending: 'update' };
      if (input.decision !== 'info_requested') set.decidedAt = now;
      return {
        request: (await this.repo.updateById(id, {
          $set: set,
          $push: { events: this.event(actor, input.decision, input.note, now) },
        }))!,
        allocationAfter,
      };
    });
  }

  /**
   * Extends many allocations by one recorded decision (ambtshalve verlenging). Each
   * allocation gets a history entry naming the decision, and an approved extension
   * record marked as bulk (never "reviewed"). Allocations outside the caller's team,
   * ended, already ending later, outside the contract or with an open request are
   * skipped and reported.
   */
  async bulkExtend(actor: Actor, input: BulkExtensionInput): Promise<BulkExtensionReport> {
    writableTeam(actor.principal); // 403 for roles that change no allocations
    const report: BulkExtensionReport = {
      decisionReference: input.decisionReference,
      newEndDate: input.newEndDate,
      extended: [],
      skipped: [],
    };
    for (const number of input.allocationNumbers) {
      const reason = await this.allocations.withAllocationLock(number, () => this.bulkExtendOne(actor, number, input));
      if (reason) report.skipped.push({ allocationNumber: number, reason });
      else report.extended.push(number);
    }
    return report;
  }

  private async bulkExtendOne(actor: Actor, number: string, input: BulkExtensionInput): Promise<string | null> {
    const allocation = await this.allocationsRepo.findById(number);
    const team = writableTeam(actor.principal);
    if (!allocation || (team !== undefined && allocation.teamCode !== team)) return 'not in your scope';
    if (allocation.status === 'ended') return 'the allocation has ended';
    const contract = await this.registry.findContract(allocation.contractNumber);
    if (!contract) return "the allocation's contract is missing";
    const problems = this.checkEndDate(allocation, contract, input.newEndDate, '/newEndDate');
    if (problems.length > 0) return problems.map((p) => p.message).join('; ');
    const { n, doc: latest } = await this.latestRequest(allocation);
    if (latest && OPEN.includes(latest.status)) return `open extension request ${latest._id} awaits a decision`;
    const note = `ambtshalve verlenging, besluit ${input.decisionReference}: ${input.reasoning}`;
    await this.allocations.updateLocked(
      actor,
      number,
      { endDate: input.newEndDate, changeReason: '04', note },
      'bulk-extension',
    );
    const now = this.clock();
    const doc: ExtensionRequestDoc = {
      _id: extensionRequestId(number, n + 1),
      allocationNumber: number,
      providerAgbCode: allocation.providerAgbCode,
      teamCode: allocation.teamCode,
      municipalityCode: allocation.municipalityCode,
      contractNumber: allocation.contractNumber,
      clientRef: allocation.client.ref,
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
      events: [this.event(actor, 'approved', note, now)],
      pending: 'create',
    };
    if (await this.repo.insertNew(doc)) await this.completeCreate(actor, doc);
    return null;
  }

  /** One request in the caller's scope (404 outside it); audited. */
  async get(actor: Actor, id: string): Promise<ExtensionRequestDoc> {
    const doc = await this.inScope(actor, id);
    await this.audit.record(actor, [
      { action: 'extension-request.read', objectType: 'extension-request', objectId: id, clientRef: doc.clientRef },
    ]);
    return doc;
  }

  /** A page of requests in the caller's scope (one extra unreturned record tells of a next page); audited. */
  async list(
    actor: Actor,
    filters: ExtensionRequestFilters,
    limit: number,
    after?: string,
  ): Promise<ExtensionRequestDoc[]> {
    const query: Filter<ExtensionRequestDoc> = { ...extensionRequestReadScope(actor.principal) };
    if (filters.allocationNumber) query.allocationNumber = filters.allocationNumber;
    if (filters.status) query.status = filters.status;
    if (filters.withoutEvaluation !== undefined) query.withoutEvaluation = filters.withoutEvaluation;
    const docs = await this.repo.page(query, limit + 1, after);
    await this.audit.record(
      actor,
      docs.slice(0, limit).map((d) => ({
        action: 'extension-request.read',
        objectType: 'extension-request',
        objectId: d._id,
        clientRef: d.clientRef,
      })),
    );
    return docs;
  }
}
