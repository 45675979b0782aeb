import type { Collection } from 'mongodb';
import type { EvaluationDoc, ExtensionRequestDoc, FlagDoc, ReassessmentDoc, ReassessmentItemDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';
import { KeyedRepository } from './keyed.repository';
import { PENDING_CLEARED } from './cursor-filter';

/** The reassessment campaigns (`reassessments`): a team's planned reassessment of many allocations. */
export class ReassessmentCampaignsRepository extends KeyedRepository<ReassessmentDoc> {
  /** A team's campaigns. */
  ofTeam(teamCode: string): AsyncIterable<ReassessmentDoc> {
    return this.stream({ teamCode });
  }

  /** Records a campaign ended: every case decided and handed over. */
  complete(id: string, completedOn: string): Promise<ReassessmentDoc | null> {
    return this.updateById(id, { $set: { status: 'completed', completedOn } });
  }

  /** Keeps the day a campaign's forecast went past its deadline (null: no longer behind). */
  setBehindSince(id: string, day: string | null): Promise<ReassessmentDoc | null> {
    return this.updateById(id, day ? { $set: { behindSince: day } } : { $unset: { behindSince: '' } });
  }

  /** The campaigns a crash left pending (their cases not all stored). */
  streamPending(): AsyncIterable<ReassessmentDoc> {
    return this.dangerousStreamWhere('campaigns left pending', { pending: 'create' });
  }

  /** Clears a campaign's pending mark: its cases are stored. */
  clearPending(id: string): Promise<ReassessmentDoc | null> {
    return this.updateById(id, PENDING_CLEARED);
  }
}

/** The items of reassessment campaigns: one per allocation, `_id` `campaignId:allocationNumber`, read per campaign. */
export class ReassessmentItemsRepository {
  constructor(private readonly col: Collection<ReassessmentItemDoc>) {}

  /** Inserts the items not stored yet (a rerun after a crash writes only what is missing). */
  async insertMissing(docs: ReassessmentItemDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 500) {
      try {
        await this.col.insertMany(docs.slice(i, i + 500), { ordered: false });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
  }

  /** One item by id, or null. */
  findById(id: string): Promise<ReassessmentItemDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Every item of a campaign, in allocation-number order of their ids. */
  ofCampaign(campaignId: string): Promise<ReassessmentItemDoc[]> {
    return this.col.find({ campaignId }, { sort: { _id: 1 } }).toArray();
  }

  /** Replaces an item's facts (its allocation read again) and returns it as it is now. */
  setFacts(id: string, facts: ReassessmentItemDoc['facts']): Promise<ReassessmentItemDoc | null> {
    return this.col.findOneAndUpdate({ _id: id }, { $set: { facts } }, { returnDocument: 'after' });
  }

  /** Records a step of a case: appended to its steps, with what it changed; the item as it is now. */
  recordStep(
    id: string,
    step: ReassessmentItemDoc['steps'][number],
    set: Partial<ReassessmentItemDoc>,
  ): Promise<ReassessmentItemDoc | null> {
    return this.col.findOneAndUpdate({ _id: id }, { $push: { steps: step }, $set: set }, { returnDocument: 'after' });
  }

  /** Clears an item's handover mark: the allocation moved to the receiving team. */
  clearPendingHandover(id: string): Promise<ReassessmentItemDoc | null> {
    return this.col.findOneAndUpdate({ _id: id }, { $unset: { pendingHandover: '' } }, { returnDocument: 'after' });
  }
}

/**
 * The records of one case that a team reads by its `teamCode`, besides the
 * allocation: its flags, evaluation reports and extension requests. A handover
 * moves them all to the receiving team.
 */
export class CaseRecordsRepository {
  constructor(
    private readonly flags: Collection<FlagDoc>,
    private readonly evaluations: Collection<EvaluationDoc>,
    private readonly requests: Collection<ExtensionRequestDoc>,
  ) {}

  /** Gives the case's flags (by subject), reports (by allocation) and requests (by id) to another team. */
  async moveToTeam(allocationNumber: string, requestIds: string[], teamCode: string): Promise<void> {
    await this.flags.updateMany({ 'subject.id': { $in: [allocationNumber, ...requestIds] } }, { $set: { teamCode } });
    await this.evaluations.updateMany({ allocationNumber }, { $set: { teamCode } });
    if (requestIds.length > 0) await this.requests.updateMany({ _id: { $in: requestIds } }, { $set: { teamCode } });
  }
}
