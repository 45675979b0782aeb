import { resumable } from '../operations/pending-writes';
import crypto from 'node:crypto';
import type { ReassessmentDoc, ReassessmentItemDoc } from '../../records';
import { dateInAmsterdam } from '../../domain/dates';
import { errors, type FieldError } from '../../errors';
import { isInScope, type Scope } from '../../policies/policy';
import { hidesCase } from '../../policies/allocations.policy';
import { assertMayStartFor, reassessmentCaseScope, reassessmentReadScope } from '../../policies/reassessments.policy';
import type { EvaluationsRepository } from '../../repositories/evaluations.repository';
import type { ExtensionRequestsRepository } from '../../repositories/extension-requests.repository';
import type {
  ReassessmentCampaignsRepository,
  ReassessmentItemsRepository,
} from '../../repositories/reassessments.repository';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { ExtensionRequestsService } from '../extension-requests/extension-requests.service';
import type { BulkExtensionInput, BulkExtensionReport } from '../extension-requests/requests';
import type { RegistryService } from '../registry/registry.service';
import type { Payload } from '../../payloads/payloads';
import { factsOf } from './facts';
import { selectItems, type ItemFilters } from './item-filters';
import { progressOf, type Progress } from './forecast';
import { handOver, type HandoverDeps } from './handover';
import { planStep, type StepInput } from './steps';
import { bulkExtendAtRisk } from './bulk';

/** Filters for the campaigns (reassessment-query.v1.json; the type is generated from the schema). */
export type CampaignFilters = Payload<'reassessment-query.v1.json'>;

/** A campaign as started (reassessment.v1.json; the type is generated from the schema). */
export type ReassessmentInput = Payload<'reassessment.v1.json'>;

/** What the service is built from. */
export interface ReassessmentsDeps extends HandoverDeps {
  campaigns: ReassessmentCampaignsRepository;
  items: ReassessmentItemsRepository;
  evaluations: EvaluationsRepository;
  requests: ExtensionRequestsRepository;
  registry: RegistryService;
  extensionRequests: Pick<ExtensionRequestsService, 'bulkExtend'>;
  audit: AuditService;
}

/** How many allocations a page of items reads at once. */
const REFRESH_AT_ONCE = 20;
/** How often a page of cases is chosen again when refreshing its cases changed them (see `items`). */
const REFRESH_ROUNDS = 3;

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
    const receiving = input.receivingTeamCode ? await this.deps.registry.findTeam(input.receivingTeamCode) : null;
    if (input.receivingTeamCode && input.receivingTeamCode !== input.teamCode && !receiving)
      problems.push({ path: '/receivingTeamCode', message: `no team ${input.receivingTeamCode} is registered` });
    // a case goes only to a team that serves its municipality (the rule of registering an allocation)
    const unserved = new Map<string, number>();
    const mayReceive = (a: { municipalityCode: string }) => {
      if (!receiving || receiving.municipalityCodes.includes(a.municipalityCode)) return true;
      unserved.set(a.municipalityCode, (unserved.get(a.municipalityCode) ?? 0) + 1);
      return false;
    };
    if (startDate > today)
      problems.push({ path: '/startDate', message: `must not be in the future (today is ${today})` });
    if (input.deadline <= startDate)
      problems.push({ path: '/deadline', message: `must be after the start (${startDate})` });
    const numbers: string[] = [];
    if (input.scope.kind === 'team') {
      for await (const a of this.deps.allocationsRepo.streamScope({ teamCode: input.teamCode, status: 'active' })) {
        mayReceive(a);
        numbers.push(a._id);
      }
      if (numbers.length === 0 && problems.length === 0)
        problems.push({ path: '/scope', message: `team ${input.teamCode} has no active allocations` });
    } else {
      for (const [i, n] of input.scope.allocationNumbers.entries()) {
        const a = await this.deps.allocationsRepo.findById(n);
        if (!a || a.teamCode !== input.teamCode || hidesCase(actor.principal, a))
          problems.push({
            path: `/scope/allocationNumbers/${i}`,
            message: `no allocation ${n} of team ${input.teamCode}`,
          });
        else if (a.status !== 'active')
          problems.push({ path: `/scope/allocationNumbers/${i}`, message: `allocation ${n} has ended` });
        else if (!mayReceive(a))
          problems.push({
            path: `/scope/allocationNumbers/${i}`,
            message: `team ${input.receivingTeamCode} does not serve municipality ${a.municipalityCode} of allocation ${n}`,
          });
        else numbers.push(n);
      }
    }
    if (input.scope.kind === 'team')
      for (const [municipality, count] of [...unserved].sort())
        problems.push({
          path: '/receivingTeamCode',
          message: `team ${input.receivingTeamCode} does not serve municipality ${municipality} (${count} of the team's active allocations)`,
        });
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

  /** Campaigns as a pending write: a campaign a crash left pending is completed on first sight, and by the sweep. */
  readonly pendingCampaigns = resumable({
    name: 'reassessments',
    pending: () => this.deps.campaigns.streamPending(),
    reread: async ({ _id }) => {
      const doc = await this.deps.campaigns.findOne(_id);
      return doc?.pending ? doc : null;
    },
    complete: (_resumer, doc: ReassessmentDoc) => this.completeCreate(doc),
  });

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
    const done = await this.deps.campaigns.clearPending(campaign._id);
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

  /**
   * A page of the campaigns in the caller's scope, newest first (`limit` after the
   * cursor's campaign, plus one more, unreturned, that tells a next page exists), each
   * shown with its progress. The campaigns are few and read without their cases; the
   * cases are read for the page's campaigns only, so a contract manager's list of the
   * region's campaigns costs one page of campaigns, not every case of every campaign.
   */
  async list(
    actor: Actor,
    filters: CampaignFilters,
    page: { limit: number; after?: string },
  ): Promise<{ campaign: ReassessmentDoc; progress: Progress | null }[]> {
    const scope = reassessmentReadScope(actor.principal);
    if (scope.teamCode && filters.teamCode && filters.teamCode !== scope.teamCode) return [];
    const teamCode = scope.teamCode ?? filters.teamCode;
    const campaigns: ReassessmentDoc[] = [];
    const found = teamCode
      ? this.deps.campaigns.ofTeam(teamCode)
      : this.deps.campaigns.dangerousStreamAll<ReassessmentDoc>('every campaign (an admin or a contract manager)');
    for await (const campaign of found)
      if (!filters.status || campaign.status === filters.status) campaigns.push(campaign);
    campaigns.sort((a, b) => b.startDate.localeCompare(a.startDate) || a._id.localeCompare(b._id));
    const start = page.after === undefined ? 0 : campaigns.findIndex((c) => c._id === page.after) + 1;
    const rows = campaigns.slice(start, start + page.limit + 1);
    return Promise.all(
      rows.map(async (stored, i) => {
        if (i === page.limit) return { campaign: stored, progress: null }; // tells a next page exists; not shown
        const campaign = stored.pending ? await this.completeCreate(stored) : stored;
        return {
          campaign,
          progress: progressOf(campaign, await this.deps.items.ofCampaign(campaign._id), this.today()),
        };
      }),
    );
  }

  /**
   * One page of a campaign's items with filters (`limit` of them after the cursor's
   * allocation number, plus one more, unreturned, that tells a next page exists), in
   * allocation-number order (at risk: by urgency), with the set of cases at risk. The
   * page's items read their allocations again (see `refreshFacts`), so the page shows
   * at once what the hub's records offer as a step; when that changed a case (an
   * extension decided since, say: a later end date moves the whole queue), the cases at
   * risk are worked out again on the refreshed facts and the page chosen again, so a
   * page never lists a case as at risk that its own facts say is not. Every case shown
   * is audited.
   */
  async items(
    actor: Actor,
    id: string,
    filters: ItemFilters,
    limit: number,
    after?: string,
  ): Promise<{ items: ReassessmentItemDoc[]; atRisk: Set<string> }> {
    const campaign = await this.find(actor, id, reassessmentCaseScope(actor.principal));
    let all = await this.deps.items.ofCampaign(id);
    const fresh = new Map<string, ReassessmentItemDoc>(); // the cases read again in this call
    for (let round = 1; ; round += 1) {
      const progress = progressOf(campaign, all, this.today());
      // a shielded case is counted in the progress, never named to those it is hidden from
      const items = selectItems(all, progress.atRisk, filters).filter((i) => !hidesCase(actor.principal, i.facts));
      const start = after === undefined ? 0 : items.findIndex((i) => i.allocationNumber === after) + 1;
      const rows = items.slice(start, start + limit + 1);
      const page = rows.slice(0, limit);
      const changed = await this.refreshInto(fresh, campaign, page);
      if (changed && round < REFRESH_ROUNDS) {
        all = all.map((i) => fresh.get(i._id) ?? i);
        continue;
      }
      const shown = page.map((i) => fresh.get(i._id)!).filter((i) => !hidesCase(actor.principal, i.facts));
      await this.deps.audit.record(
        actor,
        shown.map((i) => ({
          action: 'reassessment.read',
          objectType: 'allocation',
          objectId: i.allocationNumber,
          clientRef: i.facts.clientRef,
        })),
      );
      return { items: [...shown, ...rows.slice(shown.length)], atRisk: new Set(progress.atRisk) };
    }
  }

  /**
   * Reads the allocations of the cases not yet in `fresh` again, `REFRESH_AT_ONCE` at a
   * time, into `fresh`; true when one of them changed.
   */
  private async refreshInto(
    fresh: Map<string, ReassessmentItemDoc>,
    campaign: ReassessmentDoc,
    cases: ReassessmentItemDoc[],
  ): Promise<boolean> {
    const items = cases.filter((i) => !fresh.has(i._id));
    let changed = false;
    for (let i = 0; i < items.length; i += REFRESH_AT_ONCE) {
      const batch = items.slice(i, i + REFRESH_AT_ONCE).map((item) => this.refreshFacts(campaign, item));
      for (const r of await Promise.all(batch)) {
        fresh.set(r.item._id, r.item);
        changed ||= r.changed;
      }
    }
    return changed;
  }

  /**
   * Reads a case's allocation again into its item (written only when its facts changed),
   * while the case is still the campaign team's.
   */
  async refreshFacts(
    campaign: ReassessmentDoc,
    item: ReassessmentItemDoc,
  ): Promise<{ item: ReassessmentItemDoc; changed: boolean }> {
    const allocation = await this.deps.allocationsRepo.findById(item.allocationNumber);
    // a case handed over to another team is that team's now: the campaign keeps what it knew then
    if (!allocation || allocation.teamCode !== campaign.teamCode) return { item, changed: false };
    const facts = factsOf(allocation, campaign);
    if (JSON.stringify(facts) === JSON.stringify(item.facts)) return { item, changed: false };
    return { item: (await this.deps.items.setFacts(item._id, facts)) ?? item, changed: true };
  }

  /**
   * Records the next step of one case, under its allocation's lock (409 out of
   * order, 422 for a broken rule). A handover then moves the case to the receiving team.
   */
  async recordStep(
    actor: Actor,
    id: string,
    allocationNumber: string,
    input: StepInput,
  ): Promise<{ item: ReassessmentItemDoc; atRisk: boolean }> {
    const campaign = await this.find(actor, id, reassessmentCaseScope(actor.principal));
    const itemId = `${id}:${allocationNumber}`;
    const known = await this.deps.items.findById(itemId);
    if (!known || hidesCase(actor.principal, known.facts)) throw errors.notFound('No such case in this campaign.');
    const updated = await this.deps.allocations.withAllocationLock(allocationNumber, async () => {
      const item = (await this.deps.items.findById(itemId))!;
      const allocation = await this.deps.allocationsRepo.findById(allocationNumber);
      if (!allocation || hidesCase(actor.principal, allocation))
        throw errors.notFound('No such case in this campaign.');
      if (input.step === 'handedOver' && campaign.receivingTeamCode) {
        // checked at the start too; a team's municipalities can change meanwhile
        const receiving = await this.deps.registry.findTeam(campaign.receivingTeamCode);
        if (!receiving?.municipalityCodes.includes(allocation.municipalityCode))
          throw errors.unprocessable('reassessment-rules', 'The case cannot be handed over so.', [
            {
              path: '/step',
              message: `team ${campaign.receivingTeamCode} does not serve municipality ${allocation.municipalityCode}`,
            },
          ]);
      }
      const evaluation =
        input.basedOn?.kind === 'evaluation' ? await this.deps.evaluations.findOne(input.basedOn.id) : null;
      const request =
        input.basedOn?.kind === 'extension_decision' ? await this.deps.requests.findOne(input.basedOn.id) : null;
      const now = this.deps.clock();
      const entry = planStep(actor, campaign, item, input, { allocation, evaluation, request }, this.today(), now);
      return (await this.deps.items.recordStep(itemId, entry, {
        step: entry.step,
        facts: factsOf(allocation, campaign),
        updatedAt: now,
        ...(entry.decision ? { decision: entry.decision } : {}),
        ...(entry.toTeamCode ? { pendingHandover: entry.toTeamCode } : {}),
      }))!;
    });
    const item = updated.pendingHandover ? await this.completeHandover(actor, campaign, updated) : updated;
    // a decided case is never at risk; an open one is, by its place in the campaign's queue
    if (item.step === 'decided' || item.step === 'handedOver') return { item, atRisk: false };
    const progress = progressOf(campaign, await this.deps.items.ofCampaign(id), this.today());
    return { item, atRisk: progress.atRisk.includes(allocationNumber) };
  }

  /** Completes a recorded handover: the moves, then the mark cleared. */
  async completeHandover(
    actor: Actor,
    campaign: ReassessmentDoc,
    item: ReassessmentItemDoc,
  ): Promise<ReassessmentItemDoc> {
    await handOver(this.deps, actor, campaign, item.allocationNumber, item.pendingHandover!);
    return (await this.deps.items.clearPendingHandover(item._id))!;
  }

  /**
   * A bulk extension (POST /v1/allocations/bulk-extension): taken in a campaign when it
   * names one, where only the campaign's at-risk cases are extended (the others are
   * skipped with the reason, see ./bulk.ts); otherwise every named allocation.
   */
  bulkExtend(actor: Actor, input: BulkExtensionInput): Promise<BulkExtensionReport> {
    return input.reassessmentId
      ? this.bulkExtendInCampaign(actor, { ...input, reassessmentId: input.reassessmentId })
      : this.deps.extensionRequests.bulkExtend(actor, input);
  }

  private async bulkExtendInCampaign(
    actor: Actor,
    input: BulkExtensionInput & { reassessmentId: string },
  ): Promise<BulkExtensionReport> {
    const campaign = await this.find(actor, input.reassessmentId, reassessmentCaseScope(actor.principal));
    const items = await this.deps.items.ofCampaign(campaign._id);
    const progress = progressOf(campaign, items, this.today());
    // a case hidden from the caller is answered as one the campaign does not hold
    const hidden = new Set(items.filter((i) => hidesCase(actor.principal, i.facts)).map((i) => i.allocationNumber));
    const report = await bulkExtendAtRisk(
      this.deps.extensionRequests,
      actor,
      campaign,
      { atRisk: progress.atRisk.filter((n) => !hidden.has(n)) },
      input,
    );
    const extended = new Set(report.extended);
    for (const item of items) if (extended.has(item.allocationNumber)) await this.refreshFacts(campaign, item);
    return report;
  }
}
