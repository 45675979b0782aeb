import type { ReviewDoc } from '../records';
import { KeyedRepository } from './keyed.repository';

/** The contract managers' reviews with providers (`reviews`), with their agreed actions. */
export class ReviewsRepository extends KeyedRepository<ReviewDoc> {
  /** A provider's reviews. */
  ofProvider(providerAgbCode: string): AsyncIterable<ReviewDoc> {
    return this.stream({ providerAgbCode });
  }

  /** Replaces a review's agreed actions (one marked done) and returns the review as it is now. */
  setActions(id: string, actions: ReviewDoc['actions']): Promise<ReviewDoc | null> {
    return this.updateById(id, { $set: { actions } });
  }
}
