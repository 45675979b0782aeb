import type { Collection } from 'mongodb';
import type { CaseloadSnapshotDoc, CaseloadVersionDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';

/**
 * The count of changes to each team's caseload rows, and the figures kept from them
 * (a summary, the call list's order), each valid while its team's count is unchanged.
 */
export class CaseloadSnapshotsRepository {
  constructor(
    private readonly versions: Collection<CaseloadVersionDoc>,
    private readonly snapshots: Collection<CaseloadSnapshotDoc>,
  ) {}

  /** Adds one to the count of each team (one atomic write per team, after the rows were written). */
  async bump(teamCodes: Iterable<string>): Promise<void> {
    for (const team of new Set(teamCodes)) {
      try {
        await this.versions.updateOne({ _id: team }, { $inc: { v: 1 } }, { upsert: true });
      } catch (err) {
        // two first writes of a team at once: one inserted it, the other adds to it now
        if (!isDuplicateKeyError(err)) throw err;
        await this.versions.updateOne({ _id: team }, { $inc: { v: 1 } });
      }
    }
  }

  /** A team's count now (0 before its first change). */
  async versionOf(teamCode: string): Promise<number> {
    return (await this.versions.findOne({ _id: teamCode }))?.v ?? 0;
  }

  /** A kept figure by its key. */
  find(key: string): Promise<CaseloadSnapshotDoc | null> {
    return this.snapshots.findOne({ _id: key });
  }

  /** Keeps a figure (whole, by its key; of two computations at once, either is right for its count). */
  async put(doc: CaseloadSnapshotDoc): Promise<void> {
    try {
      await this.snapshots.replaceOne({ _id: doc._id }, doc, { upsert: true });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // another computation inserted it first: it holds the same
    }
  }
}
