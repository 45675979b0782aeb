/** The shield (iJw OP003) applied to records about a case: its reports, requests and the like. */
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import { shieldedHidden } from '../../policies/allocations.policy';
import type { Subject } from '../../policies/principal';

/** A record about one case, paged by `_id`. */
interface CaseRecord {
  _id: string;
  allocationNumber: string;
}

/**
 * Hides the records of shielded cases from the subjects the shield concerns
 * (`shieldedHidden`), by the allocation as it is now: a case shielded or unshielded
 * later is hidden or shown from then on, with no copy of the mark to keep in step.
 * Subjects it does not concern cost nothing; for the others it looks up a page's cases.
 */
export class CaseShield {
  constructor(private readonly allocations: Pick<AllocationsRepository, 'shieldedAmong'>) {}

  /** True when the subject may not see this case's records. */
  async hides(subject: Subject | null | undefined, allocationNumber: string): Promise<boolean> {
    if (!shieldedHidden(subject)) return false;
    return (await this.allocations.shieldedAmong([allocationNumber])).has(allocationNumber);
  }

  /** The records whose case the subject may see, in their order. */
  async visible<T extends { allocationNumber: string }>(subject: Subject | null | undefined, docs: T[]): Promise<T[]> {
    if (!shieldedHidden(subject) || docs.length === 0) return docs;
    const hidden = await this.allocations.shieldedAmong(docs.map((d) => d.allocationNumber));
    return hidden.size === 0 ? docs : docs.filter((d) => !hidden.has(d.allocationNumber));
  }

  /**
   * Up to `want` records the subject may see after the cursor, in `_id` order: pages on
   * past hidden ones, so a page is as full as the records allow and its cursor never
   * lands on a hidden record.
   */
  async page<T extends CaseRecord>(
    subject: Subject | null | undefined,
    fetch: (limit: number, after?: string) => Promise<T[]>,
    want: number,
    after?: string,
  ): Promise<T[]> {
    if (!shieldedHidden(subject)) return fetch(want, after);
    const out: T[] = [];
    for (let cursor = after; ;) {
      const batch = await fetch(want, cursor);
      for (const doc of await this.visible(subject, batch)) {
        out.push(doc);
        if (out.length === want) return out;
      }
      if (batch.length < want) return out;
      cursor = batch[batch.length - 1]!._id;
    }
  }
}
