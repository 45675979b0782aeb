/**
 * Keeps the caseload's rows: one small row per active allocation, written by the
 * allocation's follow-ups under its lock (created, changed, evaluated, extended,
 * handed over, ended), so a caseload page, its summary and the call list read rows,
 * not allocations with their flags and requests joined per request. The daily sweep
 * rewrites any row that differs from its allocation (a crash between the two writes)
 * and removes the rows of allocations that ended or are gone.
 */
import { createHash } from 'node:crypto';
import { HttpError } from '../../errors';
import type { AllocationDoc, CaseloadRowDoc, ContractDoc, ExtensionRequestDoc, ReportingRules } from '../../records';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { CaseloadRowsRepository } from '../../repositories/caseload-rows.repository';
import type { CaseloadSnapshotsRepository } from '../../repositories/caseload-snapshots.repository';
import type { KeyedRepository } from '../../repositories/keyed.repository';
import { latestPerAllocation, extensionRequestId } from '../../domain/extension-requests';
import { DEFAULT_REPORTING } from '../../domain/obligations';
import type { RegistryService } from '../registry/registry.service';
import { bucketOf, rowDocOf, type RowRequest } from '../../domain/caseload-row';
import type { LatestRequest } from './caseload-rows';

const REQUEST_FIELDS: Record<string, 0 | 1> = {
  _id: 1,
  allocationNumber: 1,
  status: 1,
  source: 1,
  withoutEvaluation: 1,
  decisionDeadline: 1,
};

const digest = (row: CaseloadRowDoc | null) =>
  createHash('sha256').update(JSON.stringify(row)).digest('base64url').slice(0, 16);

export class CaseloadRowsService {
  constructor(
    private readonly rows: CaseloadRowsRepository,
    private readonly allocations: AllocationsRepository,
    private readonly requests: KeyedRepository<ExtensionRequestDoc>,
    private readonly registry: Pick<RegistryService, 'findContract' | 'dangerousReportingRulesOfAll'>,
    private readonly snapshots: CaseloadSnapshotsRepository,
  ) {}

  /**
   * Writes a row (or removes it), then counts the change for its part of its team, and for
   * the part it was in; a write that changed nothing (a follow-up that left the row as it
   * was) counts none, so the figures kept of its part stay valid.
   */
  private async write(allocationNumber: string, row: CaseloadRowDoc | null): Promise<void> {
    const had = row ? await this.rows.put(row) : await this.rows.remove(allocationNumber);
    if (row && had && digest(had) === digest(row)) return;
    const parts = [...(row ? [row] : []), ...(had ? [had] : [])];
    // a row written before its part was kept (migration 0018 names it) is in the part of its youth
    await this.snapshots.bump(
      parts.map((r) => ({ teamCode: r.teamCode, bucketKey: r.bucketKey ?? bucketOf(r.clientRef) })),
    );
  }

  /** Writes an allocation's row from what is stored now (callers hold its lock); `contract`, when the caller read it. */
  async sync(allocationNumber: string, contract?: ContractDoc | null): Promise<void> {
    const a = await this.allocations.findById(allocationNumber);
    if (!a || a.status !== 'active') return this.write(allocationNumber, null);
    const n = a.extensionRequestCount ?? 0;
    const [latest, found] = await Promise.all([
      n > 0 ? this.requests.findOne(extensionRequestId(a._id, n)) : null,
      contract?._id === a.contractNumber ? contract : this.registry.findContract(a.contractNumber),
    ]);
    return this.write(a._id, rowDocOf(a, { ...DEFAULT_REPORTING, ...found?.reporting }, latest));
  }

  /** Writes an allocation's row from its state as the caller's follow-ups hold it (under its lock): no read. */
  async keep(
    allocation: Parameters<typeof rowDocOf>[0],
    rules: ReportingRules,
    latestRequest: RowRequest | null,
  ): Promise<void> {
    return this.write(allocation._id, rowDocOf(allocation, rules, latestRequest));
  }

  /** The rows of newly registered allocations (a registration, an import's chunk): no requests yet. */
  async syncNew(docs: readonly AllocationDoc[]): Promise<void> {
    const contracts = new Map<string, ContractDoc | null>();
    const rows: CaseloadRowDoc[] = [];
    for (const a of docs) {
      if (!contracts.has(a.contractNumber))
        contracts.set(a.contractNumber, await this.registry.findContract(a.contractNumber));
      const row = rowDocOf(a, { ...DEFAULT_REPORTING, ...contracts.get(a.contractNumber)?.reporting }, null);
      if (row) rows.push(row);
    }
    await this.rows.putNew(rows);
    await this.snapshots.bump(rows);
  }

  /**
   * The daily sweep's repair: each active allocation's row as it should be; where the
   * stored row differs, or has no active allocation, it is written again from what is
   * stored then, under the allocation's lock (`withLock`), so a change made meanwhile
   * is never overwritten by what this pass read before it. One pass over the
   * allocations, one over the requests and one over the rows.
   */
  async resyncAll(
    withLock: (allocationNumber: string, fn: () => Promise<void>) => Promise<void>,
  ): Promise<{ checked: number; rewritten: number; removed: number }> {
    const stored = new Map<string, string>();
    for await (const r of this.rows.dangerousStreamAll()) stored.set(r._id, digest(r));
    const latest = await latestPerAllocation(
      this.requests.dangerousStreamAll<LatestRequest>('every extension request (the caseload rows)', REQUEST_FIELDS),
    );
    const rulesOf = await this.registry.dangerousReportingRulesOfAll('every contract (the caseload rows)');
    let checked = 0;
    const differing: string[] = [];
    for await (const a of this.allocations.dangerousStreamAll('every allocation (the caseload rows)')) {
      const row = rowDocOf(a, rulesOf(a.contractNumber), latest.get(a._id));
      if (!row) continue;
      checked += 1;
      const had = stored.get(a._id);
      stored.delete(a._id);
      if (had !== digest(row)) differing.push(a._id);
    }
    const orphans = [...stored.keys()];
    for (const id of [...differing, ...orphans]) {
      try {
        await withLock(id, () => this.sync(id));
      } catch (err) {
        // held all the while by a change: that change's own follow-ups write the row
        if (!(err instanceof HttpError && err.status === 409)) throw err;
      }
    }
    return { checked, rewritten: differing.length, removed: orphans.length };
  }
}
