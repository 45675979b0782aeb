import { errors } from '../errors';
import { definePolicy, type Scope } from './policy';
import { tokenHolder, type Subject } from './principal';

/** Who may do what with reassessment campaigns: the team's consultants run them, contract managers read progress. */
export const reassessmentsPolicy = definePolicy('reassessments', {
  create: ['admin', 'consultant'],
  list: ['admin', 'consultant', 'contract_manager'],
  read: ['admin', 'consultant', 'contract_manager'],
  listItems: ['admin', 'consultant'],
  recordStep: ['admin', 'consultant'],
});

/** The campaigns a subject reads: a consultant its own team's, admins and contract managers every team's. Deny by default. */
export function reassessmentReadScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'admin' || p.role === 'contract_manager') return {};
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  throw errors.forbidden('Your role reads no reassessment campaigns.');
}

/**
 * The campaigns whose cases a subject works on (items, steps): a consultant its own
 * team's, an admin every team's; contract managers steer on progress and see no case.
 */
export function reassessmentCaseScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'admin') return {};
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  throw errors.forbidden('Your role sees no cases of a reassessment campaign.');
}

/** 403 unless the subject may start a campaign for this team (a consultant only for its own). */
export function assertMayStartFor(subject: Subject | null | undefined, teamCode: string): void {
  const p = tokenHolder(subject);
  if (p?.role === 'consultant' && p.teamCode !== teamCode)
    throw errors.forbidden("You start reassessment campaigns for your own team's cases only.");
}
