import type { AllocationDoc, EvaluationDoc, ExtensionRequestDoc } from '../records';
import { addDays, addMonths, daysBetween, type IsoDate } from '../domain/dates';
import { isOnTime, nextEvaluation } from '../domain/obligations';
import { fictionalBsn } from '../domain/test-bsns';
import { evaluationFact, withFact } from '../kpis/facts';
import { form11, generateForm } from './forms';
import type { AllocationInput } from '../services/allocations/allocations.service';
import { evaluationId } from '../services/evaluations/evaluations.service';
import { extensionRequestId } from '../domain/extension-requests';
import { caseRoutingOf } from '../domain/case-routing';

/** A provider of a generated region; `quality` (0-1) steers how well it reports and how its clients fare. */
export interface HistoryProvider {
  agbCode: string;
  contractNumber: string;
  contractEndDate: IsoDate;
  quality: number;
  /** Relative share of the allocations. */
  weight: number;
  products: AllocationInput['product'][];
}

/** A team of a generated region and the municipalities it serves. */
export interface HistoryTeam {
  teamCode: string;
  municipalityCodes: string[];
}

/** What to generate: `allocations` trajectories starting between `from` and `today`. */
export interface HistorySpec {
  providers: HistoryProvider[];
  teams: HistoryTeam[];
  allocations: number;
  from: IsoDate;
  today: IsoDate;
  seed: number;
  numberPrefix: string;
  graceDays: number;
}

/** One generated trajectory: the allocation as stored, its evaluation reports and its extension, if any. */
export interface Trajectory {
  allocation: AllocationDoc;
  evaluations: EvaluationDoc[];
  extension: ExtensionRequestDoc | null;
}

/** Builds the stored allocation from its input (BSN encrypted): the allocations service's `buildDoc`. */
export type BuildAllocation = (input: AllocationInput, endReason?: string) => AllocationDoc;

/** A small deterministic random generator (mulberry32), so a seed always gives the same region. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at10 = (date: IsoDate) => new Date(`${date}T10:00:00Z`);
/** The open safety concerns each team has at least (its active cases' latest reports), on any date. */
const SAFETY_CONCERNS_PER_TEAM = 3;
const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/**
 * Generates allocation trajectories the way they happen: a start, a wait for care, an
 * evaluation every three months (on time, late or missing, and the provider's quality
 * decides how often), an extension now and then, an end (as planned, by agreement,
 * or a drop-out, iJw end reason 32) with a closing evaluation. Pure and deterministic
 * for a seed; BSNs come from the reserved test range.
 */
export function* generateHistory(spec: HistorySpec, build: BuildAllocation): Generator<Trajectory> {
  const rnd = seededRandom(spec.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const totalWeight = spec.providers.reduce((s, p) => s + p.weight, 0);
  const pickProvider = () => {
    let x = rnd() * totalWeight;
    for (const p of spec.providers) if ((x -= p.weight) < 0) return p;
    return spec.providers[spec.providers.length - 1]!;
  };
  const span = daysBetween(spec.from, spec.today) - 14;
  const concernsPerTeam = new Map<string, number>();

  for (let i = 1; i <= spec.allocations; i += 1) {
    const provider = pickProvider();
    const q = provider.quality;
    const team = pick(spec.teams);
    const product = pick(provider.products);
    const start = addDays(spec.from, Math.floor(rnd() * span));
    const months = pick([3, 6, 6, 9, 12, 12, 18]);
    const planned = minDate(addDays(addMonths(start, months), -1), provider.contractEndDate);
    const wait = 3 + Math.floor(rnd() * rnd() * 110);
    const careStart = addDays(start, wait);
    const neverStarts = rnd() < 0.02 + (1 - q) * 0.05; // still waiting (care_not_started after three months)

    // an extension for one in five longer trajectories, decided three weeks before the planned end
    const extended = months >= 6 && rnd() < 0.2 && addDays(planned, -21) < spec.today;
    const finalPlanned = extended ? minDate(addMonths(planned, 6), provider.contractEndDate) : planned;
    const r = rnd();
    const dropoutP = 0.04 + (1 - q) * 0.3;
    const endReason = r < dropoutP ? '32' : r < dropoutP + 0.08 ? '34' : r < dropoutP + 0.11 ? '38' : '31';
    const early =
      endReason !== '31'
        ? addDays(start, Math.max(wait + 7, Math.floor(daysBetween(start, finalPlanned) * (0.25 + 0.6 * rnd()))))
        : finalPlanned;
    const endDate = minDate(early, finalPlanned);
    const ended = endDate < spec.today;

    const input: AllocationInput = {
      allocationNumber: `${spec.numberPrefix}${String(i).padStart(6, '0')}`,
      client: { bsn: fictionalBsn(spec.seed + i), birthDate: addDays('2006-01-01', Math.floor(rnd() * 4000)) },
      municipalityCode: pick(team.municipalityCodes),
      teamCode: team.teamCode,
      providerAgbCode: provider.agbCode,
      contractNumber: provider.contractNumber,
      product,
      startDate: start,
      endDate: ended ? endDate : finalPlanned,
      volume: { amount: 10 + Math.floor(rnd() * 90), unit: '04', frequency: '6' },
      referrerType: pick(['01', '01', '02', '03', '04', '08']),
    };
    if (!neverStarts && careStart <= spec.today && careStart <= input.endDate) input.careStartDate = careStart;
    const allocation = build(input, ended ? endReason : undefined);
    // the day its JW305 arrived: most within the 5 working days (OP271), a weaker provider's often later
    if (allocation.careStartDate)
      allocation.careStartReceivedOn = addDays(allocation.careStartDate, (i * 7919) % (q < 0.6 ? 23 : 9));

    const evaluations: EvaluationDoc[] = [];
    if (input.careStartDate) {
      const pMissing = 0.02 + (1 - q) * 0.15;
      const pLate = 0.05 + (1 - q) * 0.5;
      for (;;) {
        // the schedule as it ran while the allocation was active (once ended, only the closing evaluation is owed)
        const due = nextEvaluation({ ...allocation, status: 'active' }, { evaluationIntervalMonths: 3 });
        if (!due || (due.kind === 'closing_evaluation' && !ended) || due.dueDate > spec.today) break;
        const closing = due.kind === 'closing_evaluation';
        const x = rnd();
        if (x < pMissing * (closing && endReason === '32' ? 4 : 1)) break; // never sent: the sweep flags it
        const submitted =
          x < pMissing + pLate
            ? addDays(due.dueDate, spec.graceDays + 1 + Math.floor(rnd() * 40))
            : addDays(due.dueDate, -3 + Math.floor(rnd() * (spec.graceDays + 3)));
        if (submitted > spec.today) break;
        const periodEnd = closing ? allocation.endDate : due.dueDate;
        const meetingDate = maxDate(due.periodStart, addDays(minDate(periodEnd, submitted), -Math.floor(rnd() * 6)));
        const form = generateForm(rnd, q, product.category, closing);
        const ev: EvaluationDoc = {
          ...form,
          _id: evaluationId(allocation._id, due.periodStart, periodEnd, 0),
          allocationNumber: allocation._id,
          revision: 0,
          status: 'current',
          periodStart: due.periodStart,
          periodEnd,
          meetingDate,
          ...form11(allocation._id, submitted, closing, q),
          dueDate: due.dueDate,
          onTime: isOnTime(due.dueDate, submitted, spec.graceDays),
          ...caseRoutingOf(allocation),
          submittedAt: at10(submitted),
          submittedBy: 'demo',
        };
        evaluations.push(ev);
        allocation.evaluationFacts = withFact(allocation.evaluationFacts, evaluationFact(ev));
        allocation.evaluations = {
          count: evaluations.length,
          latestId: ev._id,
          latestPeriodStart: ev.periodStart,
          latestPeriodEnd: ev.periodEnd,
          latestMeetingDate: ev.meetingDate,
          latestIsClosing: ev.isClosing,
          latestResidence: ev.residence.type,
          latestResidenceSince: ev.residence.since ?? allocation.startDate,
          latestCaseDirection: ev.caseDirection.holder,
          latestSafetyConcern: ev.safety.concerns || ev.safety.veiligThuisReport,
        };
        if (closing) break;
      }
    }

    // every team has a few open safety concerns whatever today is: the draw alone left a team without one on some days
    const latest = evaluations.at(-1);
    if (latest && !ended && allocation.evaluations) {
      const concerns = concernsPerTeam.get(team.teamCode) ?? 0;
      if (!allocation.evaluations.latestSafetyConcern && concerns < SAFETY_CONCERNS_PER_TEAM) {
        latest.safety = { concerns: true, veiligThuisReport: false, safetyPlan: true };
        allocation.evaluationFacts = withFact(allocation.evaluationFacts, evaluationFact(latest));
        allocation.evaluations.latestSafetyConcern = true;
      }
      if (allocation.evaluations.latestSafetyConcern) concernsPerTeam.set(team.teamCode, concerns + 1);
    }

    let extension: ExtensionRequestDoc | null = null;
    if (extended && finalPlanned > planned) {
      const decided = addDays(planned, -21);
      const basis = [...evaluations]
        .reverse()
        .find((e) => e.meetingDate <= decided && e.meetingDate >= addDays(decided, -90));
      const bulk = rnd() < 0.1;
      extension = {
        _id: extensionRequestId(allocation._id, 1),
        allocationNumber: allocation._id,
        ...caseRoutingOf(allocation),
        source: bulk ? 'bulk' : 'provider',
        requestedEndDate: finalPlanned,
        previousEndDate: planned,
        reasoning: bulk ? 'Ambtshalve verlenging.' : 'Doelen nog niet behaald; voortzetten.',
        ...(basis && !bulk
          ? { evaluationId: basis._id, evaluationMeetingDate: basis.meetingDate, withoutEvaluation: false }
          : { withoutEvaluation: true, withoutEvaluationReason: 'none' as const }),
        status: 'approved',
        submittedAt: at10(addDays(decided, -7)),
        decisionDeadline: addDays(decided, 7),
        decision: { decision: 'approved', decidedAt: at10(decided), decidedBy: 'demo' },
        decidedAt: at10(decided),
        events: [
          { at: at10(addDays(decided, -7)), by: 'demo', role: 'provider', action: 'submitted' },
          { at: at10(decided), by: 'demo', role: 'consultant', action: 'approved' },
        ],
      };
      allocation.extensionRequestCount = 1;
      allocation.history.push({
        at: at10(decided),
        by: 'demo',
        role: 'consultant',
        source: bulk ? 'bulk-extension' : 'extension-decision',
        reason: '04',
        changes: { endDate: { from: planned, to: finalPlanned } },
      });
    }
    yield { allocation, evaluations, extension };
  }
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** The contents of one evaluation report, better on the whole for a better provider. */
