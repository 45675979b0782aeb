/** Stored records: the waiting monitor's figures, computed by the daily sweep (counts and days only). */

/** Median days from allocation start to care start, for the care that started in one month. */
export interface WaitingTrendPoint {
  month: string;
  /** Null under the small-number rule. */
  started: number | null;
  medianDaysToStart: number | null;
}

/** How timely a provider's start and stop messages were in one quarter (iJw OP271/OP272: within 5 working days). */
export interface MessageTimeliness {
  quarter: string;
  messages: number;
  onTime: number;
  onTimeShare: number | null;
  medianDelayDays: number | null;
}

/** The waiting figures of one group of youths (all, or those under a protection measure); null under the small-number rule. */
export interface WaitingCounts {
  waitingNow: number | null;
  medianWaitDays: number | null;
  longestWaitDays: number | null;
  over6Weeks: number | null;
  over3Months: number | null;
  /** Of those waiting: in bridging care (a second-best place) meanwhile. */
  inBridgingCare: number | null;
}

/**
 * One row of the waiting monitor: a provider and product category (and municipality,
 * or `*` for all of them) on the day the sweep computed it. `_id` is
 * `asOf|municipality|provider|category`, so a page is an `_id` range.
 */
export interface WaitingFigureDoc extends WaitingCounts {
  _id: string;
  asOf: string;
  providerAgbCode: string;
  productCategory: string;
  /** `*` for the provider's row over every municipality. */
  municipalityCode: string;
  /** Suppressed under the small-number rule (a municipality row): the figures are null. */
  suppressed: boolean;
  trend: WaitingTrendPoint[];
  messageTimeliness: MessageTimeliness[];
  /** Youths referred by a certified institution or a judge (iJw referrer 04, 08): the breakthrough norm's headline. */
  protectionMeasure: WaitingCounts;
  /** The provider's own count from its latest quarterly report, beside the count measured on that quarter's last day. */
  reportedWaitingList: { quarter: string; reported: number; measured: number; difference: number } | null;
}

/**
 * A waiting figure as stored: its 12-month trend and its quarters of message timeliness
 * packed in one string each (`month,started,median;…`, `quarter,messages,onTime,share,median;…`,
 * an empty field for null), as a page of 180 rows of a dozen small documents each cost the
 * engine a quarter of a millisecond a row to decode. Rows of an earlier build hold the arrays.
 */
export type StoredWaitingFigure = Omit<WaitingFigureDoc, 'trend' | 'messageTimeliness'> &
  ({ trendPacked: string; timelinessPacked: string } | Pick<WaitingFigureDoc, 'trend' | 'messageTimeliness'>);

/** A complete computation of the waiting figures (the rows of `asOf` are read once this says so). */
export interface WaitingSnapshotDoc {
  _id: string;
  asOf: string;
  status: 'computing' | 'complete';
  computedAt: Date;
  rows: number;
  /** The protection-measure counts of the day, per referrer and municipality (the region's monthly report). */
  protection?: {
    month: string;
    asOf: string;
    referrerType: string;
    municipalityCode: string;
    waiting: number;
    over6Weeks: number;
    over3Months: number;
    inBridgingCare: number;
  }[];
}

/** One youth on a team's call list. */
export interface WaitingCase {
  allocationNumber: string;
  providerAgbCode: string;
  product: { category: string; code: string };
  municipalityCode: string;
  startDate: string;
  waitingDays: number;
  /** Waiting for care of this category (the allocation's own, or the one its bridging care stands in for). */
  waitingFor: string;
  /** In bridging care: since when, and how many days (both days shown). */
  bridging: { since: string; days: number } | null;
  protectionMeasure: boolean;
  openFlags: string[];
}
