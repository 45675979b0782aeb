/** The rules of a reassessment step: order, reasons for passing steps over, dates, and what each step names. */
import type {
  AllocationDoc,
  EvaluationDoc,
  ExtensionRequestDoc,
  ReassessmentDoc,
  ReassessmentItemDoc,
  ReassessmentStepEntry,
} from '../../records';
import { REASSESSMENT_STEPS, type ReassessmentStep } from '../../records/reassessments';
import { dateInAmsterdam } from '../../domain/dates';
import { errors, type FieldError } from '../../errors';
import { isDecision } from './facts';
import type { Actor } from '../actor';
import type { Payload } from '../../payloads/payloads';

/** A step as recorded (reassessment-step.v1.json; the type is generated from the schema). */
export type StepInput = Payload<'reassessment-step.v1.json'>;

/** What the rules read besides the item: the allocation as stored, and the evaluation a talk rests on. */
export interface StepEvidence {
  allocation: AllocationDoc;
  evaluation: EvaluationDoc | null;
  /** The extension request a decision rests on (basedOn kind extension_decision). */
  request?: ExtensionRequestDoc | null;
}

const PARTICIPANT_KEYS = ['youth', 'parents', 'network', 'otherProfessionals'] as const;
const ONLY_FOR: [keyof StepInput, ReassessmentStep][] = [
  ['participants', 'talked'],
  ['goals', 'planUpdated'],
  ['decision', 'decided'],
];

function basedOnErrors(
  campaign: Pick<ReassessmentDoc, 'startDate'>,
  input: StepInput,
  evidence: StepEvidence,
): { problems: FieldError[]; basedOn?: ReassessmentStepEntry['basedOn']; participants?: string[] } {
  const b = input.basedOn;
  if (!b) return { problems: [] };
  if (input.step !== (b.kind === 'evaluation' ? 'talked' : 'decided'))
    return {
      problems: [
        {
          path: '/basedOn/kind',
          message: 'an evaluation counts as the talk, an allocation change or an extension decision as the decision',
        },
      ],
    };
  if (b.kind === 'extension_decision') {
    const r = evidence.request;
    const decided = r?.decidedAt ? dateInAmsterdam(r.decidedAt) : undefined;
    if (!r || r.allocationNumber !== evidence.allocation._id || !decided || decided < campaign.startDate)
      return {
        problems: [
          { path: '/basedOn/id', message: 'names no extension request of this case decided since the campaign began' },
        ],
      };
    return { problems: [], basedOn: { kind: b.kind, id: r._id, date: decided } };
  }
  if (b.kind === 'evaluation') {
    const ev = evidence.evaluation;
    if (!ev || ev.allocationNumber !== evidence.allocation._id || ev.status !== 'current')
      return {
        problems: [{ path: '/basedOn/id', message: "is not a current evaluation report of this case's allocation" }],
      };
    if (ev.meetingDate < campaign.startDate)
      return {
        problems: [{ path: '/basedOn/id', message: `its meeting (${ev.meetingDate}) was before the campaign began` }],
      };
    if (!ev.participants.youth && !ev.participants.parents)
      return {
        problems: [{ path: '/basedOn/id', message: 'neither the youth nor the parents took part in that meeting' }],
      };
    const participants = ['provider', ...PARTICIPANT_KEYS.filter((k) => ev.participants[k])];
    return { problems: [], basedOn: { kind: b.kind, id: ev._id, date: ev.meetingDate }, participants };
  }
  const entry = evidence.allocation.history.find(
    (h) => h.at.toISOString() === b.id && isDecision(h, campaign.startDate),
  );
  if (!entry)
    return {
      problems: [
        { path: '/basedOn/id', message: "names no decision in the allocation's history since the campaign began" },
      ],
    };
  return { problems: [], basedOn: { kind: b.kind, id: b.id, date: dateInAmsterdam(entry.at) } };
}

/**
 * Checks a step against the item and campaign (409 for a step out of order, 422 for
 * every broken rule, each at its field) and returns the entry to record.
 */
export function planStep(
  actor: Actor,
  campaign: Pick<ReassessmentDoc, 'startDate' | 'receivingTeamCode'>,
  item: Pick<ReassessmentItemDoc, 'step' | 'steps' | 'decision'>,
  input: StepInput,
  evidence: StepEvidence,
  today: string,
  now: Date,
): ReassessmentStepEntry {
  const from = item.step === null ? -1 : REASSESSMENT_STEPS.indexOf(item.step);
  const to = REASSESSMENT_STEPS.indexOf(input.step);
  if (to <= from)
    throw errors.conflict(
      'step-order',
      `The case has reached ${item.step} already; ${input.step} ${to === from ? 'is recorded' : 'comes before it'}.`,
      { step: item.step },
    );
  if (input.step === 'handedOver') {
    if (!campaign.receivingTeamCode)
      throw errors.unprocessable('step-rules', 'The campaign has no receiving team.', [
        { path: '/step', message: 'handedOver needs a campaign with a receiving team' },
      ]);
    if (from < REASSESSMENT_STEPS.indexOf('decided'))
      throw errors.unprocessable('step-rules', 'A case is handed over once it is decided.', [
        { path: '/step', message: 'record the decision first; a handover cannot pass over it' },
      ]);
    if (item.decision === 'close')
      throw errors.conflict('case-closed', 'The decision was to close the case: nothing to hand over.');
    if (evidence.allocation.status === 'ended')
      throw errors.conflict(
        'allocation-ended',
        `Allocation ${evidence.allocation._id} has ended: nothing to hand over.`,
      );
  }
  const skipped = REASSESSMENT_STEPS.slice(from + 1, to);
  const problems: FieldError[] = [];
  if (skipped.length > 0 && !input.skipReason)
    problems.push({
      path: '/skipReason',
      message: `required: ${skipped.join(', ')} ${skipped.length === 1 ? 'is' : 'are'} passed over`,
    });
  if (skipped.length === 0 && input.skipReason)
    problems.push({ path: '/skipReason', message: 'no step is passed over' });
  const last = item.steps.at(-1)?.date;
  if (input.date < campaign.startDate)
    problems.push({ path: '/date', message: `must not be before the campaign began (${campaign.startDate})` });
  if (last && input.date < last)
    problems.push({ path: '/date', message: `must not be before the previous step (${last})` });
  if (input.date > today) problems.push({ path: '/date', message: `must not be in the future (today is ${today})` });
  for (const [field, step] of ONLY_FOR)
    if (input[field] !== undefined && input.step !== step)
      problems.push({ path: `/${field}`, message: `is for the ${step} step only` });
  const based = basedOnErrors(campaign, input, evidence);
  problems.push(...based.problems);
  const participants = input.participants ?? based.participants;
  if (input.step === 'decided' && !input.decision)
    problems.push({ path: '/decision', message: 'required: continue, change, close or transfer' });
  if (input.step === 'planUpdated' && !input.goals)
    problems.push({ path: '/goals', message: "required: the care plan's concrete goals" });
  if (input.step === 'talked' && !participants && !input.basedOn)
    problems.push({ path: '/participants', message: 'required: who took part (or basedOn an evaluation report)' });
  if (problems.length > 0)
    throw errors.unprocessable('step-rules', 'The step breaks the reassessment rules.', problems);
  return {
    step: input.step,
    date: input.date,
    at: now,
    by: actor.audit.tokenId ?? actor.audit.label,
    role: actor.audit.role,
    ...(input.note ? { note: input.note } : {}),
    ...(skipped.length > 0 ? { skipped, skipReason: input.skipReason } : {}),
    ...(participants ? { participants } : {}),
    ...(input.goals ? { goals: input.goals } : {}),
    ...(input.decision ? { decision: input.decision } : {}),
    ...(based.basedOn ? { basedOn: based.basedOn } : {}),
    ...(input.step === 'handedOver' ? { toTeamCode: campaign.receivingTeamCode } : {}),
  };
}
