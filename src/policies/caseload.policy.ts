import { errors } from '../errors';
import { definePolicy, type Scope } from './policy';
import { tokenHolder, type Subject } from './principal';

/** Who may read a caseload: consultants their own team's, admins every team's. */
export const caseloadPolicy = definePolicy('caseload', {
  list: ['admin', 'consultant'],
  summary: ['admin', 'consultant'],
});

/**
 * The allocations a caseload covers: a consultant's own team (a `teamCode` of another
 * team is 403, not an empty list: it is never a caseload of theirs), an admin's chosen
 * team or every team. Deny by default.
 */
export function caseloadScope(subject: Subject | null | undefined, teamCode?: string): Scope {
  const p = tokenHolder(subject);
  if (p?.role === 'admin') return teamCode ? { teamCode } : {};
  if (p?.role === 'consultant' && p.teamCode) {
    if (teamCode && teamCode !== p.teamCode) throw errors.forbidden("You read your own team's caseload only.");
    return { teamCode: p.teamCode };
  }
  throw errors.forbidden('Your role reads no caseload.');
}
