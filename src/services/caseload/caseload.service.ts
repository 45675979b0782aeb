import type { Filter } from 'mongodb';
import type { AllocationDoc, ExtensionRequestDoc, FlagDoc } from '../../records';
import { dateInAmsterdam } from '../../domain/dates';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { FlagsRepository } from '../../repositories/flags.repository';
import type { KeyedRepository } from '../../repositories/registry.repository';
import { caseloadScope } from '../../policies/caseload.policy';
import { shieldedHidden } from '../../policies/allocations.policy';
import type { Actor } from '../actor';
import type { AuditService } from '../access/audit.service';
import type { RegistryService } from '../registry/registry.service';
import { latestPerAllocation } from '../intake/extension-requests/requests';
import {
  caseloadRow,
  hasRowFilter,
  matchesRow,
  SummaryCounter,
  type CaseloadFilters,
  type CaseloadRow,
  type CaseloadSummary,
  type LatestRequest,
} from './caseload-rows';

/** How many allocations a filtered list reads per step (keyset pages in allocation-number order). */
const SCAN_PAGE = 500;
const RESIDENCE_TYPES = ['home', 'foster_family', 'family_home', 'residential', 'secure', 'unknown'] as const;
const HOLDERS = ['parents', 'provider', 'municipal_team', 'certified_institution', 'none'] as const;
const REQUEST_FIELDS: Record<string, 0 | 1> = {
  _id: 1,
  allocationNumber: 1,
  status: 1,
  source: 1,
  withoutEvaluation: 1,
  decisionDeadline: 1,
};

/**
 * A team's caseload: one row per active allocation, answered from what the hub keeps on
 * each allocation at write time (its evaluation summary), the open flags of the team
 * (their own status, one query) and the team's extension requests (one query).
 */
export class CaseloadService {
  constructor(
    private readonly allocations: AllocationsRepository,
    private readonly flags: FlagsRepository,
    private readonly requests: KeyedRepository<ExtensionRequestDoc>,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
  ) {}

  /** A page of rows in allocation-number order after `after`, filtered; `limit + 1` rows when there are more. */
  async list(actor: Actor, filters: CaseloadFilters, limit: number, after?: string): Promise<CaseloadRow[]> {
    const scope = this.scopeOf(actor, filters);
    const today = dateInAmsterdam(this.clock());
    const [openFlags, latest, rulesOf] = await Promise.all([
      this.openFlagsOf(scope),
      this.latestRequestsOf(scope),
      this.registry.dangerousReportingRulesOfAll("every contract's reporting rules (a caseload)"),
    ]);
    const rows: CaseloadRow[] = [];
    let cursor = after;
    // unfiltered, the first read is the page itself; filtered, keyset steps of SCAN_PAGE
    for (let step = hasRowFilter(filters) ? SCAN_PAGE : limit + 1; ; step = SCAN_PAGE) {
      const docs = await this.allocations.page(scope, step, cursor);
      for (const a of docs) {
        const row = caseloadRow(a, rulesOf(a.contractNumber), today, openFlags.get(a._id) ?? [], latest.get(a._id));
        if (matchesRow(row, filters)) rows.push(row);
        if (rows.length > limit) break;
      }
      if (rows.length > limit || docs.length < step) break;
      cursor = docs[docs.length - 1]!._id;
    }
    await this.audit.record(
      actor,
      rows.slice(0, limit).map((r) => ({
        action: 'caseload.read',
        objectType: 'allocation',
        objectId: r.allocationNumber,
        clientRef: r.clientRef,
      })),
    );
    return rows;
  }

  /** The same scope as counts (the provider filter narrows it too). */
  async summary(
    actor: Actor,
    filters: Pick<CaseloadFilters, 'teamCode' | 'providerAgbCode'>,
  ): Promise<CaseloadSummary> {
    const scope = this.scopeOf(actor, filters);
    const today = dateInAmsterdam(this.clock());
    const [latest, rulesOf] = await Promise.all([
      this.latestRequestsOf(scope),
      this.registry.dangerousReportingRulesOfAll("every contract's reporting rules (a caseload)"),
    ]);
    const counter = new SummaryCounter(today);
    for await (const a of this.allocations.streamScope(scope)) {
      const row = caseloadRow(a, rulesOf(a.contractNumber), today, [], latest.get(a._id));
      counter.add(row, latest.get(a._id));
    }
    return counter.result(RESIDENCE_TYPES, HOLDERS);
  }

  private scopeOf(actor: Actor, filters: Pick<CaseloadFilters, 'teamCode' | 'providerAgbCode'>): Filter<AllocationDoc> {
    const scope: Filter<AllocationDoc> = { ...caseloadScope(actor.principal, filters.teamCode), status: 'active' };
    if (filters.providerAgbCode) scope.providerAgbCode = filters.providerAgbCode;
    if (shieldedHidden(actor.principal)) scope.shielded = { $ne: true };
    return scope;
  }

  /** The types of the open (or acknowledged) flags per allocation in scope: one query on the flags' status. */
  private async openFlagsOf(scope: Filter<AllocationDoc>): Promise<Map<string, string[]>> {
    const query: Filter<FlagDoc> = { status: { $in: ['open', 'acknowledged'] } };
    if (scope.teamCode) query.teamCode = scope.teamCode;
    if (scope.providerAgbCode) query.providerAgbCode = scope.providerAgbCode;
    const byAllocation = new Map<string, string[]>();
    for (const f of await this.flags.findSubjects(query)) {
      const n = f.subject.kind === 'allocation' ? f.subject.id : f.evidence.allocationNumber;
      if (typeof n !== 'string') continue;
      byAllocation.set(n, [...(byAllocation.get(n) ?? []), f.type]);
    }
    return byAllocation;
  }

  /** Each allocation's latest extension request in scope (request ids end in their running number). */
  private async latestRequestsOf(scope: Filter<AllocationDoc>): Promise<Map<string, LatestRequest>> {
    const query: Filter<ExtensionRequestDoc> = {};
    if (scope.teamCode) query.teamCode = scope.teamCode;
    if (scope.providerAgbCode) query.providerAgbCode = scope.providerAgbCode;
    return latestPerAllocation(this.requests.stream<LatestRequest>(query, REQUEST_FIELDS));
  }
}
