import type { Collection, Filter } from 'mongodb';
import type { StoredWaitingFigure, WaitingFigureDoc, WaitingSnapshotDoc } from '../records';
import { afterCursor, type ScopeFilter } from './cursor-filter';
import { isDuplicateKeyError } from '../db/errors';

/** The waiting monitor's rows (one day's at a time) and the record of each day's computation. */
export class WaitingRepository {
  constructor(
    private readonly figures: Collection<StoredWaitingFigure>,
    private readonly snapshots: Collection<WaitingSnapshotDoc>,
  ) {}

  /** The latest complete computation, or null before the first. */
  async latest(): Promise<WaitingSnapshotDoc | null> {
    const [last] = await this.snapshots
      .find(
        { status: 'complete' },
        { sort: { _id: -1 }, limit: 1, comment: 'dangerous: the latest of the daily snapshots (one a day)' },
      )
      .toArray();
    return last ?? null;
  }

  /** The last complete computation of each month, oldest first (one a day is kept, small). */
  async lastOfEachMonth(): Promise<WaitingSnapshotDoc[]> {
    const byMonth = new Map<string, WaitingSnapshotDoc>();
    for await (const s of this.snapshots.find(
      { status: 'complete' },
      { sort: { _id: 1 }, comment: 'dangerous: every daily snapshot (one a day)' },
    ))
      byMonth.set(s.asOf.slice(0, 7), s);
    return [...byMonth.values()];
  }

  /** Records that a day's computation started (a day already complete stays readable meanwhile). */
  async begin(snapshot: WaitingSnapshotDoc): Promise<void> {
    const { _id, ...fields } = snapshot;
    await this.snapshots.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
  }

  /**
   * Writes a day's rows, each whole by its id: a run cut short, or two at once, leave
   * each row written once. New rows go in one insert; a row there already (a day
   * computed again) is replaced on its own: one `update` command carrying many upserts
   * of existing documents never answered on the embedded engine.
   */
  async putRows(figures: WaitingFigureDoc[]): Promise<void> {
    if (figures.length === 0) return;
    const rows = figures.map(packFigure);
    try {
      await this.figures.insertMany(rows, { ordered: false });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      for (const row of rows) await this.figures.replaceOne({ _id: row._id }, row, { upsert: true });
    }
  }

  /** Marks the day complete (its rows are read from then on) and drops the rows of the days before. */
  async complete(snapshot: WaitingSnapshotDoc): Promise<void> {
    await this.snapshots.replaceOne({ _id: snapshot._id }, snapshot, { upsert: true });
    await this.figures.deleteMany({ asOf: { $lt: snapshot.asOf } });
  }

  /** A page of one day's rows in `_id` order (municipality, provider, category) after the cursor. */
  async pageOf(asOf: string, where: ScopeFilter, limit: number, after?: string): Promise<WaitingFigureDoc[]> {
    const filter: Filter<WaitingFigureDoc> = { asOf, ...where };
    const rows = await this.figures
      .find(afterCursor(filter as Filter<StoredWaitingFigure>, after), { sort: { _id: 1 }, limit })
      .toArray();
    return rows.map(unpackFigure);
  }
}

const num = (v: number | null) => (v === null ? '' : String(v));
const numOrNull = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

/** A figure as stored (StoredWaitingFigure): its trend and timeliness packed. */
function packFigure(f: WaitingFigureDoc): StoredWaitingFigure {
  const { trend, messageTimeliness, ...rest } = f;
  return {
    ...rest,
    trendPacked: trend.map((t) => [t.month, num(t.started), num(t.medianDaysToStart)].join(',')).join(';'),
    timelinessPacked: messageTimeliness
      .map((m) => [m.quarter, m.messages, m.onTime, num(m.onTimeShare), num(m.medianDelayDays)].join(','))
      .join(';'),
  };
}

/** A stored figure as the hub works with it (a row of an earlier build holds the arrays). */
function unpackFigure(row: StoredWaitingFigure): WaitingFigureDoc {
  if (!('trendPacked' in row)) return row;
  const { trendPacked, timelinessPacked, ...rest } = row;
  const entries = (packed: string) => (packed ? packed.split(';').map((e) => e.split(',')) : []);
  return {
    ...rest,
    trend: entries(trendPacked).map(([month, started, median]) => ({
      month: month!,
      started: numOrNull(started),
      medianDaysToStart: numOrNull(median),
    })),
    messageTimeliness: entries(timelinessPacked).map(([quarter, messages, onTime, share, median]) => ({
      quarter: quarter!,
      messages: Number(messages),
      onTime: Number(onTime),
      onTimeShare: numOrNull(share),
      medianDelayDays: numOrNull(median),
    })),
  };
}
