import { resumable } from '../operations/pending-writes';
import type { AllocationChange, AllocationDoc } from '../../records';
import { normaliseBsn } from '../../domain/bsn';
import { errors } from '../../errors';
import {
  allocationReadScope,
  allocationRecords,
  assertMayRegisterForTeam,
  shieldedHidden,
} from '../../policies/allocations.policy';
import type { Subject } from '../../policies/principal';
import type { AllocationListItem } from '../../records';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { FollowUpsRepository } from '../../repositories/follow-ups.repository';
import type { LocksRepository } from '../../repositories/locks.repository';
import type { FlagEventsService } from '../flags/flag-events.service';
import type { CaseloadRowsService } from '../caseload/caseload-rows.service';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { BsnVault } from './bsn-vault';
import { RegistryLookup } from '../registry/registry-lookup';
import type { RegistryService } from '../registry/registry.service';
import type { Payload } from '../../payloads/payloads';
import { planUpdate, type KnownUnderLock } from './allocation-changes';
import { planCare, type CarePlan, type CareReport } from './care-reports';
import { dateInAmsterdam } from '../../domain/dates';

/** An allocation as submitted (allocation.v1.json; the type is generated from the schema). */
export type AllocationInput = Payload<'allocation.v1.json'>;

/** A change to an allocation (allocation-patch.v1.json; the type is generated from the schema). */
export type AllocationPatch = Payload<'allocation-patch.v1.json'>;

/** An iJw end reason (JZ588), as allocation-patch.v1.json and the import take it. */
export type EndReason = NonNullable<AllocationPatch['end']>['reason'];

export type { KnownUnderLock } from './allocation-changes';

/** Filters for listing allocations. */
export interface AllocationFilters {
  teamCode?: string;
  providerAgbCode?: string;
  municipalityCode?: string;
  contractNumber?: string;
  status?: 'active' | 'ended';
  bsn?: string;
}

/** The client of an allocation as a reader sees it: with the BSN for a reader with a need, else by birth date alone. */
export type ClientView = { bsn: string; birthDate: string; clientRef: string } | { birthDate: string };

/** Registers, reads, lists and changes allocations, scoped by policy and audited. */
export class AllocationsService {
  constructor(
    private readonly repo: AllocationsRepository,
    private readonly registry: RegistryService,
    readonly vault: BsnVault,
    private readonly audit: AuditService,
    private readonly locks: LocksRepository,
    private readonly flagEvents: FlagEventsService,
    private readonly clock: () => Date,
    private readonly followUps: FollowUpsRepository,
    private readonly caseloadRows?: Pick<CaseloadRowsService, 'syncNew' | 'sync'>,
  ) {}

  /** The caseload rows of newly registered allocations (a registration, an import's chunk, their resumption). */
  async keepRowsOfNew(docs: readonly AllocationDoc[]): Promise<void> {
    await this.caseloadRows?.syncNew(docs);
  }

  /** An allocation's caseload row written again from what is stored (a change made outside `update`: a handover). */
  async keepRowOf(allocationNumber: string): Promise<void> {
    await this.caseloadRows?.sync(allocationNumber);
  }

  /** A fresh lookup for registry rules (memoised for the length of one operation). */
  lookup(): RegistryLookup {
    return new RegistryLookup(this.registry);
  }

  /**
   * Builds the stored record of a new allocation (BSN encrypted, lookup reference set).
   * With an end reason it is registered as already ended (imports of handover lists).
   */
  buildDoc(
    input: AllocationInput,
    actor: Actor,
    source: AllocationChange['source'],
    endReason?: string,
  ): AllocationDoc {
    const now = this.clock();
    const bsn = normaliseBsn(input.client.bsn);
    const doc: AllocationDoc = {
      _id: input.allocationNumber,
      client: {
        ref: this.vault.clientRef(bsn),
        bsnEnc: this.vault.encrypt(bsn, input.allocationNumber),
        birthDate: input.client.birthDate,
      },
      municipalityCode: input.municipalityCode,
      teamCode: input.teamCode,
      providerAgbCode: input.providerAgbCode,
      contractNumber: input.contractNumber,
      product: { category: input.product.category, code: input.product.code },
      startDate: input.startDate,
      endDate: input.endDate,
      volume: { amount: input.volume.amount, unit: input.volume.unit, frequency: input.volume.frequency },
      referrerType: input.referrerType,
      status: 'active',
      history: [
        {
          at: now,
          by: actor.audit.tokenId ?? actor.audit.label,
          role: actor.audit.role,
          source,
          changes: { created: { from: null, to: input.allocationNumber } },
        },
      ],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (input.careStartDate) doc.careStartDate = input.careStartDate;
    if (input.shielded) doc.shielded = true;
    if (input.bridgingFor) doc.bridgingFor = input.bridgingFor;
    if (endReason) {
      doc.status = 'ended';
      doc.endReason = endReason;
      doc.history[0]!.reason = endReason;
      doc.history[0]!.changes.endReason = { from: null, to: endReason };
    }
    return doc;
  }

  /** Registers an allocation: scope, registry rules, then one insert; audited. */
  async create(actor: Actor, input: AllocationInput): Promise<AllocationDoc> {
    assertMayRegisterForTeam(actor.principal, input.teamCode);
    const problems = await this.lookup().checkAllocation(input);
    if (problems.length > 0)
      throw errors.unprocessable('allocation-rules', 'The allocation breaks registry rules.', problems);
    const doc = this.buildDoc(input, actor, 'api');
    // The audit event it owes is noted first in the tiny follow_ups collection (a
    // `pending` mark cleared by an update would cost FerretDB a pass over allocations):
    // a crash between the insert and the audit event leaves the note for the sweep.
    const note = `create:${doc._id}:${doc.createdAt.getTime()}`;
    await this.followUps.add({
      _id: note,
      kind: 'allocation.create',
      ids: [doc._id],
      actor: actor.audit,
      requestId: actor.requestId,
      sourceIp: actor.sourceIp,
      createdAt: doc.createdAt,
    });
    if (!(await this.repo.insertNew(doc))) {
      await this.followUps.done(note);
      const stored = actor.resuming ? await this.repo.findById(doc._id) : null;
      // the attempt a crash cut short registered it: answer it (completing its audit event if that was lost)
      if (
        stored &&
        stored.client.ref === doc.client.ref &&
        stored.teamCode === doc.teamCode &&
        stored.providerAgbCode === doc.providerAgbCode
      ) {
        return stored; // its audit event, if the crash took it, comes from the sweep (its note)
      }
      throw errors.conflict('duplicate', `Allocation ${input.allocationNumber} exists already.`);
    }
    await this.audit.record(actor, [
      { action: 'allocation.create', objectType: 'allocation', objectId: doc._id, clientRef: doc.client.ref },
    ]);
    await this.keepRowsOfNew([doc]);
    await this.followUps.done(note);
    return doc;
  }

  /** Reads one allocation in the actor's scope (404 outside it); audited. */
  async get(actor: Actor, allocationNumber: string): Promise<AllocationDoc> {
    const doc = await this.repo.findById(allocationNumber);
    if (!doc || !allocationRecords.can(actor.principal, 'read', doc))
      throw errors.notFound('No such allocation in your scope.');
    await this.audit.record(actor, [
      { action: 'allocation.read', objectType: 'allocation', objectId: doc._id, clientRef: doc.client.ref },
    ]);
    return doc;
  }

  /** The client of an allocation as the subject may see it (the allocation record's `readBsn` rule); the BSN decrypted only then. */
  clientSeenBy(subject: Subject | null | undefined, doc: AllocationListItem): ClientView {
    return allocationRecords.can(subject, 'readBsn', doc)
      ? {
          bsn: this.vault.decrypt(doc.client.bsnEnc, doc._id),
          birthDate: doc.client.birthDate,
          clientRef: doc.client.ref,
        }
      : { birthDate: doc.client.birthDate };
  }

  /**
   * Lists allocations in the actor's scope with filters, one page of `limit` after the
   * cursor (plus one more record, unreturned, that tells whether a next page exists).
   * Every record on the page is audited as read.
   */
  async list(actor: Actor, filters: AllocationFilters, limit: number, after?: string): Promise<AllocationListItem[]> {
    const { bsn, ...equalities } = filters;
    const clientRef = bsn ? this.vault.clientRef(normaliseBsn(bsn)) : undefined;
    const docs = await this.repo.pageInScope(
      allocationReadScope(actor.principal),
      { ...equalities, clientRef, hideShielded: shieldedHidden(actor.principal) },
      limit + 1,
      after,
    );
    const action = filters.bsn ? 'allocation.search' : 'allocation.read';
    const entries = docs
      .slice(0, limit)
      .map((d) => ({ action, objectType: 'allocation', objectId: d._id, clientRef: d.client.ref }));
    // a search for a BSN is an access to that client's data even when nothing in scope matches
    if (filters.bsn && entries.length === 0)
      entries.push({
        action,
        objectType: 'allocation',
        objectId: '(no match)',
        clientRef: clientRef!,
      });
    await this.audit.record(actor, entries);
    return docs;
  }

  /**
   * Runs `fn` holding the allocation's lock: every change to an allocation, and every
   * intake step that reads and then writes its state, goes through here, so changes
   * apply one after the other, each checked against the state it changes.
   */
  withAllocationLock<T>(allocationNumber: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`allocation:${allocationNumber}`, fn);
  }

  /** Changes an allocation (end date, volume, care start, ending) with a history entry; audited. */
  async update(
    actor: Actor,
    allocationNumber: string,
    patch: AllocationPatch,
    source: AllocationChange['source'] = 'api',
  ): Promise<AllocationDoc> {
    // Scope first: naming another team's allocation must not hold up that team's changes.
    const first = await this.repo.findById(allocationNumber);
    if (!first || !allocationRecords.can(actor.principal, 'change', first))
      throw errors.notFound('No such allocation in your scope.');
    return this.withAllocationLock(allocationNumber, () => this.updateLocked(actor, allocationNumber, patch, source));
  }

  /** `update` for a caller that already holds the allocation's lock. */
  async updateLocked(
    actor: Actor,
    allocationNumber: string,
    patch: AllocationPatch,
    source: AllocationChange['source'],
    known: KnownUnderLock = {},
  ): Promise<AllocationDoc> {
    let current = known.current !== undefined ? known.current : await this.repo.findById(allocationNumber);
    if (!current || current._id !== allocationNumber || !allocationRecords.can(actor.principal, 'change', current))
      throw errors.notFound('No such allocation in your scope.');
    if (current.pending) current = await this.completeFollowUps(actor, current, current, known); // an earlier change's follow-ups first
    const plan = await planUpdate(this.registry, current, patch, known.contract);
    if (Object.keys(plan.changes).length === 0) return current;
    return this.write(actor, current, plan, source, patch.note, known);
  }

  /**
   * Records a provider's start or stop of care (iJw JW305, JW307) or its withdrawal, as
   * reported: the allocation's lock, the rules of `planCare`, a history entry, the
   * flags. Null when the report changes nothing (the same fact again).
   */
  async reportCare(actor: Actor, allocationNumber: string, report: CareReport): Promise<AllocationDoc | null> {
    const first = await this.repo.findById(allocationNumber);
    if (!first || !allocationRecords.can(actor.principal, 'change', first))
      throw errors.notFound('No such allocation in your scope.');
    return this.withAllocationLock(allocationNumber, async () => {
      let current = await this.repo.findById(allocationNumber);
      if (!current) throw errors.notFound('No such allocation in your scope.');
      if (current.pending) current = await this.completeFollowUps(actor, current, current);
      const plan = planCare(current, report, dateInAmsterdam(this.clock()));
      return plan ? this.write(actor, current, plan, 'ijw') : null;
    });
  }

  /** Stores a planned change with its history entry (`pending` until its follow-ups are done), then completes them. */
  private async write(
    actor: Actor,
    current: AllocationDoc,
    plan: CarePlan,
    source: AllocationChange['source'],
    note?: string,
    known: KnownUnderLock = {},
  ): Promise<AllocationDoc> {
    const entry: AllocationChange = {
      at: this.clock(),
      by: actor.audit.tokenId ?? actor.audit.label,
      role: actor.audit.role,
      source,
      changes: plan.changes,
    };
    if (plan.reason) entry.reason = plan.reason;
    if (note) entry.note = note;
    const updated = await this.repo.recordChange(current._id, {
      set: plan.set,
      unset: plan.unset,
      entry,
      pending: true,
    });
    if (!updated) throw errors.notFound('No such allocation in your scope.');
    return this.completeFollowUps(actor, current, updated, known);
  }

  /**
   * The follow-ups of a change (its write set `pending`): the audit event and the flags,
   * then the mark cleared. Repeated after a crash by the next change or the daily sweep.
   */
  private async completeFollowUps(
    actor: Actor,
    before: AllocationDoc,
    updated: AllocationDoc,
    known: KnownUnderLock = {},
  ): Promise<AllocationDoc> {
    await this.audit.record(actor, [
      { action: 'allocation.update', objectType: 'allocation', objectId: updated._id, clientRef: updated.client.ref },
    ]);
    const latestRequest = await this.flagEvents.latestRequestOf(updated, known.latestRequest);
    await this.flagEvents.allocationChanged(
      { allocation: before, latestRequest },
      { allocation: updated, latestRequest },
      known.contract ?? undefined,
    );
    await this.repo.clearPending(updated._id);
    const { pending: _pending, ...done } = updated;
    return done;
  }

  /** Allocation changes as a pending write: the sweep completes the follow-ups of any a crash cut short. */
  readonly pendingChanges = resumable({
    name: 'allocations',
    pending: () => this.repo.dangerousStreamPending(),
    lockOf: ({ _id }) => _id,
    reread: async ({ _id }) => {
      const doc = await this.repo.findById(_id);
      return doc?.pending ? doc : null;
    },
    complete: (actor, doc: AllocationDoc) => this.completeFollowUps(actor, doc, doc),
  });
}
