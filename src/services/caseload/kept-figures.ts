/**
 * Figures computed from a team's caseload rows (its summary, its call list's order),
 * kept for the day while the team's rows are unchanged: each write of a row counts a
 * change for its team after the row is written (CaseloadRowsService), and a kept figure
 * holds the count read before it was computed, so it is used only while no row of the
 * team has been written since it was computed. A crash between a row and its count
 * leaves a figure at most until the day ends (figures are kept per day).
 */
import type { Filter } from 'mongodb';
import type { CaseloadRowDoc } from '../../records';
import type { CaseloadSnapshotsRepository } from '../../repositories/caseload-snapshots.repository';

export class KeptFigures {
  constructor(
    private readonly snapshots: CaseloadSnapshotsRepository,
    private readonly clock: () => Date,
  ) {}

  /**
   * The figure `kind` of the rows in `scope` on `today`: the kept one while its team's
   * rows are as they were, else computed (and kept). A scope of no single team (an
   * admin's) is computed each time.
   */
  async of<T>(kind: string, scope: Filter<CaseloadRowDoc>, today: string, compute: () => Promise<T>): Promise<T> {
    const team = typeof scope.teamCode === 'string' ? scope.teamCode : null;
    if (!team) return compute();
    const variant = Object.entries(scope)
      .filter(([k]) => k !== 'teamCode')
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .sort();
    const key = [kind, team, ...variant].join('|');
    const [version, kept] = await Promise.all([this.snapshots.versionOf(team), this.snapshots.find(key)]);
    if (kept && kept.version === version && kept.asOf === today) return kept.payload as T;
    const payload = await compute();
    await this.snapshots.put({ _id: key, teamCode: team, version, asOf: today, computedAt: this.clock(), payload });
    return payload;
  }
}
