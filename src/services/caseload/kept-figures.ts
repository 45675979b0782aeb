/**
 * Figures computed from a team's caseload rows (its summary, its call list's order),
 * kept per part of the team's rows (CaseloadRowDoc.bucketKey: all rows of a youth are
 * in one part) for the day. Each write of a row counts a change for its part after the
 * row is written (CaseloadRowsService), and a kept part holds the count read before it
 * was computed, so it is used only while none of the part's rows has been written
 * since. A read counts again only the parts changed since (one, after one change) and
 * adds the parts up. A crash between a row and its count leaves a part at most until
 * the day ends (parts are kept per day).
 */
import type { CaseloadRowDoc } from '../../records';
import { ROW_BUCKETS } from '../../domain/caseload-row';
import type { CaseloadRowsRepository } from '../../repositories/caseload-rows.repository';
import type { CaseloadSnapshotsRepository } from '../../repositories/caseload-snapshots.repository';
import type { Scope } from '../../policies/policy';

const PARTS = Array.from({ length: ROW_BUCKETS }, (_, i) => String(i).padStart(2, '0'));

/** Up to this many changed parts are read one query each; more (a day's first read) in one pass over the scope. */
const PART_QUERIES = 8;

export class KeptFigures {
  constructor(
    private readonly rows: CaseloadRowsRepository,
    private readonly snapshots: CaseloadSnapshotsRepository,
    private readonly clock: () => Date,
  ) {}

  /**
   * The figure `kind` (its name and the format of its parts, `summary/2`: a part kept in
   * another format is not read) of the rows in `scope` on `today`: each part of the
   * team's rows as kept while it is unchanged, else counted from its rows (`count`) and
   * kept; the parts `add`ed up. A scope of no single team (an admin's) is counted whole.
   */
  async of<P, R>(
    kind: string,
    scope: Scope,
    today: string,
    count: (rows: AsyncIterable<CaseloadRowDoc> | readonly CaseloadRowDoc[]) => Promise<P>,
    add: (parts: P[]) => R,
  ): Promise<R> {
    const team = typeof scope.teamCode === 'string' ? scope.teamCode : null;
    if (!team) return add([await count(this.rows.streamInScope(scope))]); // streamed: an admin's scope may be the region
    const figure = [
      kind,
      ...Object.entries(scope)
        .filter(([k]) => k !== 'teamCode')
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .sort(),
    ].join('|');
    // the counts first: a part counted below holds at least every write counted here
    const [versions, kept] = await Promise.all([this.snapshots.versionsOf(team), this.snapshots.partsOf(team, figure)]);
    const byPart = new Map(kept.map((d) => [d.bucketKey, d]));
    const parts = new Map<string, P>();
    const stale: string[] = [];
    for (const part of PARTS) {
      const k = byPart.get(part);
      if (k && k.version === (versions.get(part) ?? 0) && k.asOf === today) parts.set(part, k.payload as P);
      else stale.push(part);
    }
    const rowsOf = new Map<string, CaseloadRowDoc[]>(stale.map((p) => [p, []]));
    if (stale.length > PART_QUERIES) {
      for (const r of await this.read(scope)) rowsOf.get(r.bucketKey)?.push(r);
    } else {
      for (const part of stale) rowsOf.set(part, await this.read({ ...scope, bucketKey: part }));
    }
    for (const part of stale) {
      const payload = await count(rowsOf.get(part)!);
      parts.set(part, payload);
      await this.snapshots.put({
        _id: `${figure}|${team}|${part}`,
        teamCode: team,
        figure,
        bucketKey: part,
        version: versions.get(part) ?? 0,
        asOf: today,
        computedAt: this.clock(),
        payload,
      });
    }
    return add(PARTS.map((p) => parts.get(p)!));
  }

  private async read(scope: Scope): Promise<CaseloadRowDoc[]> {
    const rows: CaseloadRowDoc[] = [];
    for await (const r of this.rows.streamInScope(scope)) rows.push(r);
    return rows;
  }
}
