import crypto from 'node:crypto';
import type { EvaluationDoc, ExtensionRequestDoc, ReassessmentDoc, ReassessmentItemDoc } from '../../records';
import { dateInAmsterdam } from '../../domain/dates';
import { errors, type FieldError } from '../../errors';
import { isInScope, type Scope } from '../../policies/policy';
import { assertMayStartFor, reassessmentCaseScope, reassessmentReadScope } from '../../policies/reassessments.policy';
import type { KeyedRepository } from '../../repositories/registry.repository';
import type { ReassessmentItemsRepository } from '../../repositories/reassessments.repository';
import type { Actor } from '../actor';
import type { AuditService } from '../access/audit.service';
import type { ExtensionRequestsService } from '../intake/extension-requests.service';
import type { BulkExtensionInput, BulkExtensionReport } from '../intake/extension-requests/requests';
import type { RegistryService } from '../registry/registry.service';
import type { Payload } from '../../validation/payloads';
import { factsOf } from './facts';
import { progressOf, type Progress } from './forecast';
import { handOver, type HandoverDeps } from './handover';
import { planStep, type StepInput } from './steps';
import { bulkExtendAtRisk } from './bulk';

/** A campaign as started (reassessment.v1.json; the type is generated from the schema). */
export type ReassessmentInput = Payload<'reassessment.v1.json'>;

/** Filters for a campaign's items. */
export interface ItemFilters {
  step?: string;
  atRisk?: 'true' | 'false';
  providerAgbCode?: string;
}

/** What the service is built from. */
export interface ReassessmentsDeps extends HandoverDeps {
  campaigns: KeyedRepository<ReassessmentDoc>;
  items: ReassessmentItemsRepository;
  evaluations: KeyedRepository<EvaluationDoc>;
  requests: KeyedRepository<ExtensionRequestDoc>;
  registry: RegistryService;
  extensionRequests: Pick<ExtensionRequestsService, 'bulkExtend'>;
  audit: AuditService;
}

/** How many allocations a page of items reads at once. */
const FRESHEN_AT_ONCE = 20;

/** A new campaign id. */
const campaignId = () => `ra_${crypto.randomBytes(8).toString('hex')}`;

/**
 * Reassessment campaigns (herbeoordeling): every case in scope through talk, care
 * plan and decision (and a handover) by the deadline, with the forecast of whether
 * the pace will make it. A campaign is written first with the scope fixed on it and
 * `pending`, then its items; the daily job completes a campaign a crash left pending.
 */
export class ReassessmentsService {
  constructor(private readonly deps: ReassessmentsDeps) {}

  private today(): string {
    return dateInAmsterdam(this.deps.clock());
  }

  /** Starts a campaign: checks the team, dates and scope (422 naming each problem), then writes it and its items. */
  async create(actor: Actor, input: ReassessmentInput): Promise<ReassessmentDoc> {
    assertMayStartFor(actor.principal, input.teamCode);
    const today = this.today();
    const startDate = input.startDate ?? today;
    const problems: FieldError[] = [];
    if (!(await this.deps.registry.findTeam(input.teamCode)))
      problems.push({ path: '/teamCode', message: `no team ${input.teamCode} is registered` });
    if (input.receivingTeamCode === input.teamCode)
      problems.push({ path: '/receivingTeamCode', message: 'must be another team than teamCode' });
    else if (input.receivingTeamCode && !(await this.deps.registry.findTeam(input.receivingTeamCode)))
      problems.push({ path: '/receivingTeamCode', message: `no team ${input.receivingTeamCode} is registered` });
    if (startDate > today)
      problems.push({ path: '/startDate', message: `must not be in the future (today is ${today})` });
    if (input.deadline <= startDate)
      problems.push({ path: '/deadline', message: `must be after the start (${startDate})` });
    const numbers: string[] = [];
    if (input.scope.kind === 'team') {
      for await (const a of this.deps.allocationsRepo.streamScope({ teamCode: input.teamCode, status: 'active' }))
        numbers.push(a._id);
      if (numbers.length === 0 && problems.length === 0)
        problems.push({ path: '/scope', message: `team ${input.teamCode} has no active allocations` });
    } else {
      for (const [i, n] of input.scope.allocationNumbers.entries()) {
        const a = await this.deps.allocationsRepo.findById(n);
        if (!a || a.teamCode !== input.teamCode)
          problems.push({
            path: `/scope/allocationNumbers/${i}`,
            message: `no allocation ${n} of team ${input.teamCode}`,
          });
        else if (a.status !== 'active')
          problems.push({ path: `/scope/allocationNumbers/${i}`, message: `allocation ${n} has ended` });
        else numbers.push(n);
      }
    }
    if (problems.length > 0)
      throw errors.unprocessable('reassessment-rules', 'The campaign cannot start so.', problems);
    const doc: ReassessmentDoc = {
      _id: campaignId(),
      pending: 'create',
      name: input.name,
      teamCode: input.teamCode,
      ...(input.receivingTeamCode ? { receivingTeamCode: input.receivingTeamCode } : {}),
      startDate,
      deadline: input.deadline,
      capacityPerWeek: input.capacityPerWeek,
      scope: { kind: input.scope.kind, size: numbers.length },
      allocationNumbers: numbers.sort(),
      status: 'open',
      createdAt: this.deps.clock(),
      createdBy: actor.audit.tokenId ?? actor.audit.label,
    };
    await this.deps.campaigns.insertNew(doc);
    return this.completeCreate(doc);
  }

  /** Writes the items of a campaign still `pending` (again, after a crash: only the missing ones), then clears the mark. */
  async completeCreate(campaign: ReassessmentDoc): Promise<ReassessmentDoc> {
    const now = this.deps.clock();
    const docs: ReassessmentItemDoc[] = [];
    for (const n of campaign.allocationNumbers) {
      const allocation = await this.deps.allocationsRepo.findById(n);
      if (!allocation) continue;
      docs.push({
        _id: `${campaign._id}:${n}`,
        campaignId: campaign._id,
        allocationNumber: n,
        step: null,
        steps: [],
        facts: factsOf(allocation, campaign),
        updatedAt: now,
      });
    }
    await this.deps.items.insertMissing(docs);
    const done = await this.deps.campaigns.updateById(campaign._id, { $unset: { pending: '' } });
    const { pending: _pending, ...rest } = done ?? campaign;
    return rest;
  }

  /** A campaign in the caller's read scope (a consultant's own team's), or 404. */
  async find(
    actor: Actor,
    id: string,
    scope: Scope = reassessmentReadScope(actor.principal),
  ): Promise<ReassessmentDoc> {
    const doc = await this.deps.campaigns.findOne(id);
    if (!doc || !isInScope(doc, scope)) throw errors.notFound('No such reassessment campaign in your scope.');
    return doc.pending ? this.completeCreate(doc) : doc; // a crash stopped its start: completed on first sight
  }

  /** A campaign with its progress on today. */
  async get(actor: Actor, id: string): Promise<{ campaign: ReassessmentDoc; progress: Progress }> {
    const campaign = await this.find(actor, id);
    return { campaign, progress: progressOf(campaign, await this.deps.items.ofCampaign(id), this.today()) };
  }

  /** The campaigns in the caller's scope, newest first, each with its progress. */
  async list(
    actor: Actor,
    filters: { teamCode?: string; status?: string },
  ): Promise<{ campaign: ReassessmentDoc; progress: Progress }[]> {
    const scope = reassessmentReadScope(actor.principal);
    if (scope.teamCode && filters.teamCode && filters.teamCode !== scope.teamCode) return [];
    const teamCode = scope.teamCode ?? filters.teamCode;
    const out: { campaign: ReassessmentDoc; progress: Progress }[] = [];
    const found = teamCode
      ? this.deps.campaigns.stream({ teamCode })
      : this.deps.campaigns.dangerousStreamAll<ReassessmentDoc>('every campaign (an admin or a contract manager)');
    for await (const stored of found) {
      const campaign = stored.pending ? await this.completeCreate(stored) : stored;
      if (filters.status && campaign.status !== filters.status) continue;
      out.push({
        campaign,
        progress: progressOf(campaign, await this.deps.items.ofCampaign(campaign._id), this.today()),
      });
    }
    return out.sort(
      (a, b) =>
        b.campaign.startDate.localeCompare(a.campaign.startDate) || a.campaign._id.localeCompare(b.campaign._id),
    );
  }

  /** A campaign's items with filters, in allocation-number order (at risk: by urgency); every case listed is audited as read. */
  async items(
    actor: Actor,
    id: string,
    filters: ItemFilters,
  ): Promise<{ campaign: ReassessmentDoc; progress: Progress; items: ReassessmentItemDoc[] }> {
    const campaign = await this.find(actor, id, reassessmentCaseScope(actor.principal));
    const all = await this.deps.items.ofCampaign(id);
    const progress = progressOf(campaign, all, this.today());
    const risky = new Map(progress.atRisk.map((n, i) => [n, i]));
    let items = all.filter(
      (i) =>
        (!filters.step || (i.step ?? 'notStarted') === filters.step) &&
        (!filters.providerAgbCode || i.facts.providerAgbCode === filters.providerAgbCode) &&
        (filters.atRisk === undefined || risky.has(i.allocationNumber) === (filters.atRisk === 'true')),
    );
    if (filters.atRisk === 'true')
      items = items.sort((a, b) => risky.get(a.allocationNumber)! - risky.get(b.allocationNumber)!);
    return { campaign, progress, items };
  }

  /**
   * The items of a page with their allocations read again (stored when changed), so
   * the page shows what the hub's records offer as a step at once; the forecast reads
   * the stored facts, which every step and the daily job refresh.
   */
  async freshen(campaign: ReassessmentDoc, items: ReassessmentItemDoc[]): Promise<ReassessmentItemDoc[]> {
    const one = async (item: ReassessmentItemDoc) => {
      const allocation = await this.deps.allocationsRepo.findById(item.allocationNumber);
      const facts = allocation ? factsOf(allocation, campaign) : item.facts;
      if (JSON.stringify(facts) === JSON.stringify(item.facts)) return item;
      return (await this.deps.items.update(item._id, { $set: { facts } })) ?? item;
    };
    const out: ReassessmentItemDoc[] = [];
    for (let i = 0; i < items.length; i += FRESHEN_AT_ONCE)
      out.push(...(await Promise.all(items.slice(i, i + FRESHEN_AT_ONCE).map(one))));
    return out;
  }

  /** Audits the cases a page of items shows. */
  async auditRead(actor: Actor, items: ReassessmentItemDoc[]): Promise<void> {
    await this.deps.audit.record(
      actor,
      items.map((i) => ({
        action: 'reassessment.read',
        objectType: 'allocation',
        objectId: i.allocationNumber,
        clientRef: i.facts.clientRef,
      })),
    );
  }

  /**
   * Records the next step of one case, under its allocation's lock (409 out of
   * order, 422 for a broken rule). A handover then moves the case to the receiving team.
   */
  async recordStep(actor: Actor, id: string, allocationNumber: string, input: StepInput): Promise<ReassessmentItemDoc> {
    const campaign = await this.find(actor, id, reassessmentCaseScope(actor.principal));
    const itemId = `${id}:${allocationNumber}`;
    if (!(await this.deps.items.findById(itemId))) throw errors.notFound('No such case in this campaign.');
    const updated = await this.deps.allocations.withAllocationLock(allocationNumber, async () => {
      const item = (await this.deps.items.findById(itemId))!;
      const allocation = await this.deps.allocationsRepo.findById(allocationNumber);
      if (!allocation) throw errors.notFound('No such case in this campaign.');
      const evaluation =
        input.basedOn?.kind === 'evaluation' ? await this.deps.evaluations.findOne(input.basedOn.id) : null;
      const request =
        input.basedOn?.kind === 'extension_decision' ? await this.deps.requests.findOne(input.basedOn.id) : null;
      const now = this.deps.clock();
      const entry = planStep(actor, campaign, item, input, { allocation, evaluation, request }, this.today(), now);
      return (await this.deps.items.update(itemId, {
        $push: { steps: entry },
        $set: {
          step: entry.step,
          facts: factsOf(allocation, campaign),
          updatedAt: now,
          ...(entry.decision ? { decision: entry.decision } : {}),
          ...(entry.toTeamCode ? { pendingHandover: entry.toTeamCode } : {}),
        },
      }))!;
    });
    if (updated.pendingHandover) return this.completeHandover(actor, campaign, updated);
    return updated;
  }

  /** Completes a recorded handover: the moves, then the mark cleared. */
  async completeHandover(
    actor: Actor,
    campaign: ReassessmentDoc,
    item: ReassessmentItemDoc,
  ): Promise<ReassessmentItemDoc> {
    await handOver(this.deps, actor, campaign, item.allocationNumber, item.pendingHandover!);
    return (await this.deps.items.update(item._id, { $unset: { pendingHandover: '' } }))!;
  }

  /**
   * A bulk extension taken in a campaign: only its at-risk cases are extended (the
   * others are skipped with the reason); see ./bulk.ts.
   */
  async bulkExtend(actor: Actor, input: BulkExtensionInput & { reassessmentId: string }): Promise<BulkExtensionReport> {
    const campaign = await this.find(actor, input.reassessmentId, reassessmentCaseScope(actor.principal));
    const progress = progressOf(campaign, await this.deps.items.ofCampaign(campaign._id), this.today());
    const report = await bulkExtendAtRisk(this.deps.extensionRequests, actor, campaign, progress, input);
    for (const n of report.extended) await this.refresh(campaign, n);
    return report;
  }

  /** Reads one case's allocation again into its item. */
  async refresh(campaign: ReassessmentDoc, allocationNumber: string): Promise<void> {
    const allocation = await this.deps.allocationsRepo.findById(allocationNumber);
    if (allocation)
      await this.deps.items.update(`${campaign._id}:${allocationNumber}`, {
        $set: { facts: factsOf(allocation, campaign) },
      });
  }
}
