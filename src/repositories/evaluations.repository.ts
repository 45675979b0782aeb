import type { Filter } from 'mongodb';
import type { EvaluationDoc } from '../records';
import { PENDING, PENDING_CLEARED, type ScopeFilter } from './cursor-filter';
import { KeyedRepository } from './keyed.repository';

/** Filters for listing evaluations. */
export interface EvaluationFilters {
  allocationNumber?: string;
  periodFrom?: string;
  periodTo?: string;
  status?: 'current' | 'superseded';
}

/** The providers' evaluation reports (`evaluations`), keyed by `ev_<allocation>_<period>_r<revision>`. */
export class EvaluationsRepository extends KeyedRepository<EvaluationDoc> {
  /** A page of reports in a read scope with the list's filters, in id order after the cursor. */
  pageInScope(scope: ScopeFilter, filters: EvaluationFilters, limit: number, after?: string): Promise<EvaluationDoc[]> {
    const query: Filter<EvaluationDoc> = { ...scope };
    if (filters.allocationNumber) query.allocationNumber = filters.allocationNumber;
    if (filters.status) query.status = filters.status;
    if (filters.periodFrom || filters.periodTo)
      query.periodEnd = {
        ...(filters.periodFrom ? { $gte: filters.periodFrom } : {}),
        ...(filters.periodTo ? { $lte: filters.periodTo } : {}),
      };
    return this.page(query, limit, after);
  }

  /** Marks a report corrected by a later revision. */
  markSuperseded(id: string, by: string): Promise<EvaluationDoc | null> {
    return this.updateById(id, { $set: { status: 'superseded', supersededBy: by } });
  }

  /** Clears a report's pending mark: its follow-ups are done. */
  clearPending(id: string): Promise<EvaluationDoc | null> {
    return this.updateById(id, PENDING_CLEARED);
  }

  /** The reports a crash left pending (the daily sweep resumes them): id and allocation. */
  streamPending(): AsyncIterable<Pick<EvaluationDoc, '_id' | 'allocationNumber'>> {
    return this.dangerousStreamWhere('evaluations left pending', PENDING, { _id: 1, allocationNumber: 1 });
  }
}
