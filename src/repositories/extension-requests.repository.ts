import type { Filter, UpdateFilter } from 'mongodb';
import type { ExtensionEvent, ExtensionRequestDoc } from '../records';
import { PENDING, PENDING_CLEARED, type ScopeFilter } from './cursor-filter';
import { KeyedRepository } from './keyed.repository';

/** Filters for listing extension requests. */
export interface ExtensionRequestFilters {
  allocationNumber?: string;
  status?: ExtensionRequestDoc['status'];
  withoutEvaluation?: boolean;
}

/** The providers' extension requests (`extension_requests`), keyed by `er_<allocation>_<n>`. */
export class ExtensionRequestsRepository extends KeyedRepository<ExtensionRequestDoc> {
  /** A page of requests in a read scope with the list's filters, in id order after the cursor. */
  pageInScope(
    scope: ScopeFilter,
    filters: ExtensionRequestFilters,
    limit: number,
    after?: string,
  ): Promise<ExtensionRequestDoc[]> {
    const query: Filter<ExtensionRequestDoc> = { ...scope };
    if (filters.allocationNumber) query.allocationNumber = filters.allocationNumber;
    if (filters.status) query.status = filters.status;
    if (filters.withoutEvaluation !== undefined) query.withoutEvaluation = filters.withoutEvaluation;
    return this.page(query, limit, after);
  }

  /**
   * One step in a request's life, in one write: its changed fields, the fields it
   * drops, its event appended to the history, and the pending mark its follow-ups clear.
   */
  async recordStep(
    id: string,
    set: Partial<ExtensionRequestDoc>,
    event: ExtensionEvent,
    unset: readonly (keyof ExtensionRequestDoc)[] = [],
  ): Promise<ExtensionRequestDoc> {
    const update: UpdateFilter<ExtensionRequestDoc> = {
      $set: { ...set, pending: 'update' },
      $push: { events: event },
    };
    // never an empty $unset: MongoDB refuses it
    if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((field) => [field, '']));
    const doc = await this.updateById(id, update);
    if (!doc) throw new Error(`extension request ${id} vanished under its allocation's lock`);
    return doc;
  }

  /** Clears a request's pending mark: its follow-ups are done. */
  clearPending(id: string): Promise<ExtensionRequestDoc | null> {
    return this.updateById(id, PENDING_CLEARED);
  }

  /** The requests a crash left pending (the daily sweep resumes them): id and allocation. */
  streamPending(): AsyncIterable<Pick<ExtensionRequestDoc, '_id' | 'allocationNumber'>> {
    return this.dangerousStreamWhere('requests left pending', PENDING, { _id: 1, allocationNumber: 1 });
  }
}
