/** A caseload row and the summary's counts, computed from the row the hub keeps per active allocation. */
import type { CaseloadRowDoc, ExtensionRequestDoc } from '../../records';
import { daysBetween } from '../../domain/dates';
import { obligationStatus } from '../../domain/obligations';

/** How the next evaluation stands: `overdue` wins over `never` (a first report that is late is late). */
export type EvaluationStatus = 'on_time' | 'due' | 'overdue' | 'never';

/** The extension request a row shows and the summary counts: the allocation's latest. */
export type LatestRequest = Pick<
  ExtensionRequestDoc,
  '_id' | 'allocationNumber' | 'status' | 'source' | 'withoutEvaluation' | 'decisionDeadline'
>;

/** An extension request still waiting for the municipality. */
export const OPEN_REQUEST_STATUSES: readonly ExtensionRequestDoc['status'][] = ['submitted', 'info_requested'];

/** One row of a caseload: the inspection's questions about one active allocation. */
export interface CaseloadRow {
  allocationNumber: string;
  teamCode: string;
  providerAgbCode: string;
  municipalityCode: string;
  clientRef: string;
  productCode: string;
  startDate: string;
  endDate: string;
  careStartDate: string | null;
  waitingDays: number | null;
  lastEvaluation: { id: string; periodEnd: string | null; meetingDate: string | null } | null;
  evaluationStatus: EvaluationStatus;
  nextEvaluationDueDate: string | null;
  residence: string | null;
  caseDirection: string | null;
  openFlags: string[];
  openExtensionRequest: { id: string; status: string; decisionDeadline: string } | null;
}

/** The row of one allocation on `today`, with its open flag types. */
export function caseloadRow(r: CaseloadRowDoc, today: string, openFlags: readonly string[]): CaseloadRow {
  const status = r.nextEvaluationDueDate ? obligationStatus(r.nextEvaluationDueDate, today, r) : 'upcoming';
  const evaluationStatus: EvaluationStatus =
    status === 'overdue' ? 'overdue' : !r.lastEvaluation ? 'never' : status === 'due' ? 'due' : 'on_time';
  const latest = r.latestRequest;
  return {
    allocationNumber: r._id,
    teamCode: r.teamCode,
    providerAgbCode: r.providerAgbCode,
    municipalityCode: r.municipalityCode,
    clientRef: r.clientRef,
    productCode: r.product.code,
    startDate: r.startDate,
    endDate: r.endDate,
    careStartDate: r.careStartDate,
    waitingDays: r.careStartDate ? null : Math.max(0, daysBetween(r.startDate, today)),
    lastEvaluation: r.lastEvaluation,
    evaluationStatus,
    nextEvaluationDueDate: r.nextEvaluationDueDate,
    residence: r.residence,
    caseDirection: r.caseDirection,
    openFlags: [...new Set(openFlags)].sort(),
    openExtensionRequest:
      latest && (OPEN_REQUEST_STATUSES as readonly string[]).includes(latest.status)
        ? { id: latest.id, status: latest.status, decisionDeadline: latest.decisionDeadline }
        : null,
  };
}

/** Filters of a caseload list (query parameters). */
export interface CaseloadFilters {
  teamCode?: string;
  providerAgbCode?: string;
  waiting?: 'true' | 'false';
  evaluationStatus?: EvaluationStatus;
  /** A residence type, `unknown`, or `not_reported` (no evaluation says). */
  residence?: string;
  /** A case-direction holder, `none`, or `not_reported`. */
  caseDirection?: string;
}

/** The filters the kept rows answer by plain equality (the others are computed per row on `today`). */
export function rowKeyFilter(f: CaseloadFilters): Record<string, string> {
  return {
    ...(f.waiting ? { waitingKey: f.waiting } : {}),
    ...(f.residence ? { residenceKey: f.residence } : {}),
    ...(f.caseDirection ? { caseDirectionKey: f.caseDirection } : {}),
  };
}

/** The counts of `GET /v1/caseload/summary`. */
export interface CaseloadSummary {
  asOf: string;
  activeAllocations: number;
  youths: number;
  byProvider: { providerAgbCode: string; activeAllocations: number; youths: number }[];
  careStarted: number;
  waiting: { total: number; over6Weeks: number; over3Months: number };
  residence: Record<string, number>;
  caseDirection: Record<string, number>;
  evaluations: { withinInterval: number; overdue: number; never: number };
  extensions: { withRecentEvaluation: number; withoutEvaluation: number; bulk: number };
}

/** Counts rows into a summary, one at a time (a team's rows are never all held at once). */
export class SummaryCounter {
  private readonly youths = new Set<string>();
  private readonly providers = new Map<string, { n: number; youths: Set<string> }>();
  private readonly s: CaseloadSummary;

  constructor(asOf: string) {
    this.s = {
      asOf,
      activeAllocations: 0,
      youths: 0,
      byProvider: [],
      careStarted: 0,
      waiting: { total: 0, over6Weeks: 0, over3Months: 0 },
      residence: {},
      caseDirection: {},
      evaluations: { withinInterval: 0, overdue: 0, never: 0 },
      extensions: { withRecentEvaluation: 0, withoutEvaluation: 0, bulk: 0 },
    };
  }

  /** Adds one row and its allocation's latest extension request (an approved one counts as an extension decided). */
  add(row: CaseloadRow, latest: CaseloadRowDoc['latestRequest']): void {
    const s = this.s;
    s.activeAllocations++;
    this.youths.add(row.clientRef);
    const p = this.providers.get(row.providerAgbCode) ?? { n: 0, youths: new Set<string>() };
    p.n++;
    p.youths.add(row.clientRef);
    this.providers.set(row.providerAgbCode, p);
    if (row.waitingDays === null) s.careStarted++;
    else {
      s.waiting.total++;
      if (row.waitingDays > 42) s.waiting.over6Weeks++;
      if (row.waitingDays > 91) s.waiting.over3Months++;
    }
    const residence = row.residence ?? 'notReported';
    s.residence[residence] = (s.residence[residence] ?? 0) + 1;
    const holder = row.caseDirection ?? 'notReported';
    s.caseDirection[holder] = (s.caseDirection[holder] ?? 0) + 1;
    if (row.evaluationStatus === 'overdue') s.evaluations.overdue++;
    else if (row.evaluationStatus === 'never') s.evaluations.never++;
    else s.evaluations.withinInterval++;
    if (latest?.status === 'approved') {
      if (latest.withoutEvaluation) s.extensions.withoutEvaluation++;
      else s.extensions.withRecentEvaluation++;
      if (latest.source === 'bulk') s.extensions.bulk++;
    }
  }

  /** The summary so far, with every residence type and holder named (0 when none). */
  result(residenceTypes: readonly string[], holders: readonly string[]): CaseloadSummary {
    const zeroed = (keys: readonly string[], counts: Record<string, number>) =>
      Object.fromEntries([...keys, 'notReported'].map((k) => [k, counts[k] ?? 0]));
    return {
      ...this.s,
      youths: this.youths.size,
      byProvider: [...this.providers]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([providerAgbCode, p]) => ({ providerAgbCode, activeAllocations: p.n, youths: p.youths.size })),
      residence: zeroed(residenceTypes, this.s.residence),
      caseDirection: zeroed(holders, this.s.caseDirection),
    };
  }
}

/**
 * A summary of one part of a team's rows as kept (KeptFigures): its providers packed in one
 * string (`agb:allocations:youths;…`), as a team's rows reach a part at a hundred providers
 * and the parts are read whole (64 documents of a hundred provider entries each took the
 * engine 25-45 ms at 430,000 allocations; one string each, a few).
 */
export type SummaryPart = Omit<CaseloadSummary, 'byProvider'> & { providers: string };

/** Packs a part's summary to keep. */
export function packPart(s: CaseloadSummary): SummaryPart {
  const { byProvider, ...rest } = s;
  return {
    ...rest,
    providers: byProvider.map((p) => `${p.providerAgbCode}:${p.activeAllocations}:${p.youths}`).join(';'),
  };
}

/**
 * The summary of rows counted in parts (KeptFigures): every count added up. A youth's
 * rows are all in one part, so its distinct youths add up too, per provider as well.
 */
export function addSummaries(asOf: string, parts: readonly SummaryPart[]): CaseloadSummary {
  const sum = new SummaryCounter(asOf).result([], []);
  const providers = new Map<string, { activeAllocations: number; youths: number }>();
  const addInto = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  };
  for (const p of parts) {
    sum.activeAllocations += p.activeAllocations;
    sum.youths += p.youths;
    sum.careStarted += p.careStarted;
    addInto(sum.waiting, p.waiting);
    addInto(sum.residence, p.residence);
    addInto(sum.caseDirection, p.caseDirection);
    addInto(sum.evaluations, p.evaluations);
    addInto(sum.extensions, p.extensions);
    for (const entry of p.providers ? p.providers.split(';') : []) {
      const [agb, n, youths] = entry.split(':') as [string, string, string];
      const had = providers.get(agb) ?? { activeAllocations: 0, youths: 0 };
      providers.set(agb, {
        activeAllocations: had.activeAllocations + Number(n),
        youths: had.youths + Number(youths),
      });
    }
  }
  sum.byProvider = [...providers]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([providerAgbCode, p]) => ({ providerAgbCode, ...p }));
  return sum;
}
