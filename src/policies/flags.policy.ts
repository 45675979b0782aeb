import type { FlagDoc } from '../records';
import { errors } from '../errors';
import { defineRecordPolicy, definePolicy, isInScope, type Scope } from './policy';
import { tokenHolder, type Subject } from './principal';

/** Who may do what with flags. */
export const flagsPolicy = definePolicy('flags', {
  list: ['consultant', 'contract_manager', 'provider'],
  acknowledge: ['consultant', 'contract_manager'],
  resolve: ['consultant', 'contract_manager'],
});

/** The flags a subject may see: the system and contract managers all, consultants their team's, providers their own; 403 for the rest. */
export function flagReadScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'contract_manager') return {};
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  if (p.role === 'provider' && p.providerAgbCode) return { providerAgbCode: p.providerAgbCode };
  throw errors.forbidden('Your role does not read flags.');
}

/** The flag types about a contract, provider, review or campaign, never about one youth's case (src/flags/rules). */
export const NON_CASE_FLAG_TYPES: readonly string[] = [
  'kpi_below_target',
  'quarterly_report_missing',
  'improvement_action_overdue',
  'reassessment_behind',
  'reassessment_overdue',
  'waiting_list_misreported',
];

/** A flag about one youth's case (its allocation or an extension request), as opposed to a contract, provider or review. */
export function isCaseLevel(flag: Pick<FlagDoc, 'subject'>): boolean {
  return flag.subject.kind === 'allocation' || flag.subject.kind === 'extension_request';
}

/**
 * Contract managers steer on aggregates: flags about one youth's case reach them as
 * counts only, never with case details.
 */
export function seesCaseFlags(subject: Subject | null | undefined): boolean {
  return tokenHolder(subject)?.role !== 'contract_manager';
}

/**
 * The flag record's rules: `read` (in the read scope; a case's flag not for a
 * contract manager, who counts them), `handle` (acknowledge, resolve: the flag goes to
 * the subject's role).
 */
export const flagRecords = defineRecordPolicy<FlagDoc, 'read' | 'handle'>({
  read: (subject, flag) => isInScope(flag, flagReadScope(subject)) && (seesCaseFlags(subject) || !isCaseLevel(flag)),
  handle: (subject, flag) => {
    const role = tokenHolder(subject)?.role;
    return !role || flag.owners.includes(role);
  },
});

/**
 * The notes on a flag: a provider reads only its own history notes and no resolution
 * note (the consultants' notes are internal); everyone else who reads the flag reads them all.
 */
export const flagNotes = defineRecordPolicy<{ kind: 'history' | 'resolution'; by?: string }, 'read'>({
  read: (subject, note) => {
    const p = tokenHolder(subject);
    if (p?.role !== 'provider') return true;
    return note.kind === 'history' && note.by === p.tokenId;
  },
});
