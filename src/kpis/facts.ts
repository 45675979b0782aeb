import type { EvaluationDoc, EvaluationFact } from '../records';

/** True when at least half of the goals an evaluation assesses (new goals not counted) are achieved. */
export function goalsMostlyAchieved(goals: { status: string }[]): boolean {
  const assessed = goals.filter((g) => g.status !== 'new');
  return assessed.length > 0 && assessed.filter((g) => g.status === 'achieved').length * 2 >= assessed.length;
}

/** What the KPIs need of one evaluation report, kept on its allocation when the report is stored. */
export function evaluationFact(
  ev: Pick<
    EvaluationDoc,
    | 'periodStart'
    | 'periodEnd'
    | 'meetingDate'
    | 'dueDate'
    | 'onTime'
    | 'isClosing'
    | 'goals'
    | 'satisfaction'
    | 'participants'
    | 'residence'
    | 'caseDirection'
    | 'outcome'
  >,
): EvaluationFact {
  return {
    periodStart: ev.periodStart,
    periodEnd: ev.periodEnd,
    meetingDate: ev.meetingDate,
    dueDate: ev.dueDate,
    onTime: ev.onTime,
    closing: ev.isClosing,
    goalsAttained: goalsMostlyAchieved(ev.goals),
    youthScore: ev.satisfaction.youth,
    parentScore: ev.satisfaction.parents,
    bothParticipated: ev.participants.youth && ev.participants.parents,
    residenceKnown: ev.residence.type !== 'unknown',
    caseDirectionHeld: ev.caseDirection.holder !== 'none',
    continuation: ev.outcome?.continuation ?? null,
  };
}

/** The facts with `fact` added, replacing the one of the same period (a correction), in period order. */
export function withFact(facts: EvaluationFact[] | undefined, fact: EvaluationFact): EvaluationFact[] {
  return [
    ...(facts ?? []).filter((f) => f.periodStart !== fact.periodStart || f.periodEnd !== fact.periodEnd),
    fact,
  ].sort((a, b) => a.periodStart.localeCompare(b.periodStart));
}
