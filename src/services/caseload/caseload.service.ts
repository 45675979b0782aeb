import type { Scope } from '../../policies/policy';
import type { CaseloadRowDoc } from '../../records';
import { dateInAmsterdam } from '../../domain/dates';
import type { CaseloadRowsRepository } from '../../repositories/caseload-rows.repository';
import type { FlagsRepository } from '../../repositories/flags.repository';
import { caseloadScope } from '../../policies/caseload.policy';
import { shieldedHidden } from '../../policies/allocations.policy';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { KeptFigures } from './kept-figures';
import {
  addSummaries,
  caseloadRow,
  packPart,
  rowKeyFilter,
  SummaryCounter,
  type CaseloadFilters,
  type CaseloadRow,
  type CaseloadSummary,
} from './caseload-rows';

/** How many rows a list filtered by evaluation status (a figure of today) reads per step. */
const SCAN_PAGE = 500;
const RESIDENCE_TYPES = ['home', 'foster_family', 'family_home', 'residential', 'secure', 'unknown'] as const;
const HOLDERS = ['parents', 'provider', 'municipal_team', 'certified_institution', 'none'] as const;

/**
 * A team's caseload: one row per active allocation, read from the rows the hub keeps
 * at write time (src/services/caseload/caseload-rows.service.ts), with the open flags
 * of the page's allocations (one query by their numbers).
 */
export class CaseloadService {
  constructor(
    private readonly rows: CaseloadRowsRepository,
    private readonly flags: FlagsRepository,
    private readonly audit: AuditService,
    private readonly kept: KeptFigures,
    private readonly clock: () => Date,
  ) {}

  /** A page of rows in allocation-number order after `after`, filtered; `limit + 1` rows when there are more. */
  async list(actor: Actor, filters: CaseloadFilters, limit: number, after?: string): Promise<CaseloadRow[]> {
    const scope = { ...this.scopeOf(actor, filters), ...rowKeyFilter(filters) };
    const today = dateInAmsterdam(this.clock());
    const picked: CaseloadRowDoc[] = [];
    let cursor = after;
    // unfiltered by a figure of today, the first read is the page itself; else keyset steps of SCAN_PAGE
    for (let step = filters.evaluationStatus ? SCAN_PAGE : limit + 1; ; step = SCAN_PAGE) {
      const docs = await this.rows.pageInScope(scope, step, cursor);
      for (const r of docs) {
        if (filters.evaluationStatus && caseloadRow(r, today, []).evaluationStatus !== filters.evaluationStatus)
          continue;
        picked.push(r);
        if (picked.length > limit) break;
      }
      if (picked.length > limit || docs.length < step) break;
      cursor = docs[docs.length - 1]!._id;
    }
    const openFlags = await this.flags.openTypesOf(
      { teamCode: scope.teamCode, providerAgbCode: scope.providerAgbCode },
      picked.slice(0, limit).map((r) => r._id),
    );
    const rows = picked.map((r) => caseloadRow(r, today, openFlags.get(r._id) ?? []));
    const read = rows.slice(0, limit).map((r) => ({ id: r.allocationNumber, clientRef: r.clientRef }));
    await this.audit.recordReads(actor, 'caseload.read', 'allocation', read);
    return rows;
  }

  /**
   * The same scope as counts (the provider filter narrows it too), counted from the
   * team's rows: each part of them as counted before while it is unchanged today
   * (KeptFigures), the parts added up.
   */
  async summary(
    actor: Actor,
    filters: Pick<CaseloadFilters, 'teamCode' | 'providerAgbCode'>,
  ): Promise<CaseloadSummary> {
    return this.summaryOf(this.scopeOf(actor, filters), dateInAmsterdam(this.clock()));
  }

  private summaryOf(scope: Scope, today: string): Promise<CaseloadSummary> {
    return this.kept.of(
      'summary/2', // the kept part's format: a part kept in another is counted again
      scope,
      today,
      async (rows) => {
        const counter = new SummaryCounter(today);
        for await (const r of rows) counter.add(caseloadRow(r, today, []), r.latestRequest);
        return packPart(counter.result(RESIDENCE_TYPES, HOLDERS));
      },
      (parts) => addSummaries(today, parts),
    );
  }

  private scopeOf(actor: Actor, filters: Pick<CaseloadFilters, 'teamCode' | 'providerAgbCode'>): Scope {
    return {
      ...caseloadScope(actor.principal, filters.teamCode),
      ...(filters.providerAgbCode ? { providerAgbCode: filters.providerAgbCode } : {}),
      ...(shieldedHidden(actor.principal) ? { shieldKey: 'open' } : {}),
    };
  }
}
