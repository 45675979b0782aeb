import type { Filter } from 'mongodb';
import type { QuarterlyReportDoc } from '../records';
import { KeyedRepository } from './keyed.repository';

/** Filters for listing quarterly reports. */
export interface QuarterlyReportFilters {
  contractNumber?: string;
  providerAgbCode?: string;
  quarter?: string;
}

/** The providers' quarterly contract reports (`quarterly_reports`), keyed by `qr_<contract>_<quarter>_r<revision>`. */
export class QuarterlyReportsRepository extends KeyedRepository<QuarterlyReportDoc> {
  /** A page of reports with the list's filters (the provider's own already in them), in id order after the cursor. */
  pageWhere(filters: QuarterlyReportFilters, limit: number, after?: string): Promise<QuarterlyReportDoc[]> {
    const query: Filter<QuarterlyReportDoc> = {};
    if (filters.providerAgbCode) query.providerAgbCode = filters.providerAgbCode;
    if (filters.contractNumber) query.contractNumber = filters.contractNumber;
    if (filters.quarter) query.quarter = filters.quarter;
    return this.page(query, limit, after);
  }

  /** Marks a report corrected by a later revision. */
  markSuperseded(id: string, by: string): Promise<QuarterlyReportDoc | null> {
    return this.updateById(id, { $set: { status: 'superseded', supersededBy: by } });
  }

  /** The quarters of a contract's reports (any revision). */
  quartersOf(contractNumber: string): AsyncIterable<Pick<QuarterlyReportDoc, 'quarter'>> {
    return this.stream({ contractNumber }, { quarter: 1 });
  }

  /** A provider's current reports (each quarter's latest revision). */
  currentOfProvider(providerAgbCode: string): AsyncIterable<QuarterlyReportDoc> {
    return this.stream({ providerAgbCode, status: 'current' });
  }

  /** The current reports of some quarters, their waiting lists only (the waiting monitor's region-wide pass). */
  dangerousCurrentWaitingLists(
    quarters: readonly string[],
  ): AsyncIterable<Pick<QuarterlyReportDoc, 'providerAgbCode' | 'quarter' | 'waitingList'>> {
    return this.dangerousStreamWhere(
      'the current quarterly reports of the compared quarters (the waiting monitor)',
      { status: 'current', quarter: { $in: [...quarters] } },
      { providerAgbCode: 1, quarter: 1, waitingList: 1 },
    );
  }
}
