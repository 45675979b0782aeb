import type { Collection } from 'mongodb';
import type { CaseloadSnapshotDoc, CaseloadVersionDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';

/** A part of a team's caseload rows (CaseloadRowDoc.bucketKey). */
export interface RowPart {
  teamCode: string;
  bucketKey: string;
}

/**
 * The count of changes to each part of each team's caseload rows, and the figures kept
 * from those parts (a summary, the call list's order), each valid while its part's
 * count is unchanged.
 */
export class CaseloadSnapshotsRepository {
  constructor(
    private readonly versions: Collection<CaseloadVersionDoc>,
    private readonly snapshots: Collection<CaseloadSnapshotDoc>,
  ) {}

  /** Adds one to the count of each part (one atomic write each, after the rows were written). */
  async bump(parts: readonly RowPart[]): Promise<void> {
    const seen = new Set<string>();
    for (const { teamCode, bucketKey } of parts) {
      const _id = `${teamCode}|${bucketKey}`;
      if (seen.has(_id)) continue;
      seen.add(_id);
      try {
        await this.versions.updateOne(
          { _id },
          { $inc: { v: 1 }, $setOnInsert: { teamCode, bucketKey } },
          { upsert: true },
        );
      } catch (err) {
        // two first writes of a part at once: one inserted it, the other adds to it now
        if (!isDuplicateKeyError(err)) throw err;
        await this.versions.updateOne({ _id }, { $inc: { v: 1 } });
      }
    }
  }

  /** The counts of a team's parts now, by part (a part never written is absent: 0). */
  async versionsOf(teamCode: string): Promise<Map<string, number>> {
    const docs = await this.versions.find({ teamCode }).toArray();
    return new Map(docs.map((d) => [d.bucketKey, d.v]));
  }

  /** The kept parts of one figure of a team. */
  partsOf(teamCode: string, figure: string): Promise<CaseloadSnapshotDoc[]> {
    return this.snapshots.find({ teamCode, figure }).toArray();
  }

  /** Keeps a part of a figure (whole, by its key; of two computations at once, either is right for its count). */
  async put(doc: CaseloadSnapshotDoc): Promise<void> {
    try {
      await this.snapshots.replaceOne({ _id: doc._id }, doc, { upsert: true });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // another computation inserted it first: it holds the same
    }
  }
}
