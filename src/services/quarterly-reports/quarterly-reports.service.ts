import type { QuarterlyReportDoc } from '../../records';
import { dateInAmsterdam, quarterRange } from '../../domain/dates';
import { isOnTime, quarterlyReportDue } from '../../domain/obligations';
import { errors } from '../../errors';
import type {
  QuarterlyReportFilters,
  QuarterlyReportsRepository,
} from '../../repositories/quarterly-reports.repository';
import { quarterlyReportProviderScope, reportingProvider } from '../../policies/quarterly-reports.policy';
import type { Actor } from '../actor';
import { DEFAULT_REPORTING, type RegistryService } from '../registry/registry.service';
import type { FlagEventsService } from '../flags/flag-events.service';
import type { Payload } from '../../payloads/payloads';

/** A quarterly report as submitted (quarterly-report.v1.json; the type is generated from the schema). */
export type QuarterlyReportInput = Payload<'quarterly-report.v1.json'>;

export type { QuarterlyReportFilters } from '../../repositories/quarterly-reports.repository';

/** The id of a contract's report for a quarter (revision 0 is the original). */
export function quarterlyReportId(contractNumber: string, quarter: string, revision: number): string {
  return `qr_${contractNumber}_${quarter}_r${revision}`;
}

/** Providers' quarterly contract reports: one per contract and quarter, corrections kept. */
export class QuarterlyReportsService {
  constructor(
    private readonly repo: QuarterlyReportsRepository,
    private readonly registry: RegistryService,
    private readonly flagEvents: FlagEventsService,
    private readonly clock: () => Date,
  ) {}

  /** Stores a provider's report for one of its contracts and a quarter that has begun. */
  async submit(actor: Actor, input: QuarterlyReportInput): Promise<QuarterlyReportDoc> {
    const agb = reportingProvider(actor.principal);
    const contract = await this.registry.findContract(input.contractNumber);
    if (!contract || (agb !== undefined && contract.providerAgbCode !== agb)) {
      throw errors.unprocessable('unknown-contract', 'The contract is not one of yours.', [
        { path: '/contractNumber', message: 'no contract with this number for your organisation' },
      ]);
    }
    const today = dateInAmsterdam(this.clock());
    const { start, end } = quarterRange(input.quarter);
    if (start > today)
      throw errors.unprocessable('quarterly-report-rules', 'The quarter has not begun.', [
        { path: '/quarter', message: 'must not be a future quarter' },
      ]);
    if (end < contract.startDate || start > (contract.extensionOptionEndDate ?? contract.endDate)) {
      throw errors.unprocessable('quarterly-report-rules', 'The quarter is outside the contract.', [
        { path: '/quarter', message: `must overlap the contract (${contract.startDate} to ${contract.endDate})` },
      ]);
    }
    let revision = 0;
    let superseded: QuarterlyReportDoc | null = null;
    if (input.supersedes) {
      superseded = await this.repo.findOne(input.supersedes);
      if (!superseded || superseded.contractNumber !== input.contractNumber || superseded.quarter !== input.quarter) {
        throw errors.unprocessable(
          'quarterly-report-rules',
          'A correction names the report of the same contract and quarter.',
          [{ path: '/supersedes', message: 'no report with this id for this contract and quarter' }],
        );
      }
      if (superseded.status === 'superseded')
        throw errors.conflict('already-superseded', 'That report was corrected already; correct the latest revision.', {
          quarterlyReportId: superseded.supersededBy,
        });
      revision = superseded.revision + 1;
    }
    const dueDate =
      superseded?.dueDate ?? quarterlyReportDue(input.quarter, { ...DEFAULT_REPORTING, ...contract.reporting });
    const doc: QuarterlyReportDoc = {
      ...input,
      _id: quarterlyReportId(input.contractNumber, input.quarter, revision),
      providerAgbCode: contract.providerAgbCode,
      revision,
      status: 'current',
      dueDate,
      onTime: superseded?.onTime ?? isOnTime(dueDate, today, 0),
      submittedAt: this.clock(),
      submittedBy: actor.audit.tokenId ?? actor.audit.label,
    };
    if (!(await this.repo.insertNew(doc))) {
      throw errors.conflict(
        revision === 0 ? 'duplicate' : 'already-superseded',
        'A report for this contract and quarter exists; send a correction that supersedes it.',
        { quarterlyReportId: quarterlyReportId(input.contractNumber, input.quarter, revision) },
      );
    }
    if (superseded) await this.repo.markSuperseded(superseded._id, doc._id);
    else {
      const reported = await this.reportedQuarters(doc.contractNumber);
      reported.delete(doc.quarter);
      await this.flagEvents.contractReported(doc.contractNumber, doc.quarter, reported);
    }
    return doc;
  }

  /** The quarters a contract has reports for. */
  async reportedQuarters(contractNumber: string): Promise<Set<string>> {
    const quarters = new Set<string>();
    for await (const r of this.repo.quartersOf(contractNumber)) quarters.add(r.quarter);
    return quarters;
  }

  /** True when a contract's report for a quarter is in (any revision). */
  async exists(contractNumber: string, quarter: string): Promise<boolean> {
    return Boolean(await this.repo.findOne(quarterlyReportId(contractNumber, quarter, 0)));
  }

  /** A page of reports: providers their own, contract managers and admins all. */
  list(actor: Actor, filters: QuarterlyReportFilters, limit: number, after?: string): Promise<QuarterlyReportDoc[]> {
    const own = quarterlyReportProviderScope(actor.principal);
    if (own && filters.providerAgbCode && filters.providerAgbCode !== own) return Promise.resolve([]);
    return this.repo.pageWhere({ ...filters, providerAgbCode: own ?? filters.providerAgbCode }, limit + 1, after);
  }
}
