import { errors } from '../errors';
import type { AllocationDoc } from '../records';
import { defineRecordPolicy, definePolicy, isInScope, type Scope } from './policy';
import { tokenHolder, type Subject } from './principal';

/** Who may do what with allocations. */
export const allocationsPolicy = definePolicy('allocations', {
  create: ['admin', 'consultant'],
  list: ['admin', 'consultant', 'provider'],
  search: ['admin', 'consultant', 'provider'],
  import: ['admin', 'consultant'],
  bulkExtend: ['admin', 'consultant'],
  read: ['admin', 'consultant', 'provider'],
  change: ['admin', 'consultant'],
});

/**
 * Which allocations a subject may read: deny by default. Admins and the system see
 * all; a consultant its team's; a provider its own AGB code's. Contract managers work
 * on aggregates and read no allocation.
 */
export function allocationReadScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'admin') return {};
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  if (p.role === 'provider' && p.providerAgbCode) return { providerAgbCode: p.providerAgbCode };
  throw errors.forbidden('Your role does not read allocations.');
}

/**
 * True when shielded allocations are hidden from the subject: they are for their own
 * team and provider (and the system) only, so an admin does not see them.
 */
export function shieldedHidden(subject: Subject | null | undefined): boolean {
  return tokenHolder(subject)?.role === 'admin';
}

/**
 * The shield (iJw OP003) as one rule: true when this case is hidden from the subject.
 * Wherever a case is read, listed, counted by name or matched (its reports, requests,
 * obligations, campaign items, an import's rows), a hidden case is as if it were
 * another team's: not found, not listed, not compared.
 */
export function hidesCase(subject: Subject | null | undefined, allocation: { shielded?: boolean } | null): boolean {
  return allocation?.shielded === true && shieldedHidden(subject);
}

/** True when the subject may read this allocation: in its read scope, and not shielded from it. */
export function mayRead(doc: { shielded?: boolean }, subject: Subject | null | undefined): boolean {
  return isInScope(doc, allocationReadScope(subject)) && !hidesCase(subject, doc);
}

/** True when the subject may change this allocation: in its write scope, and not shielded from it. */
export function mayChange(doc: { shielded?: boolean }, subject: Subject | null | undefined): boolean {
  return isInScope(doc, allocationWriteScope(subject)) && !hidesCase(subject, doc);
}

/** Which allocations a subject may change: admins and the system all, consultants their team's, nobody else. */
export function allocationWriteScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'admin') return {};
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  throw errors.forbidden('Your role does not change allocations.');
}

/**
 * The one team whose allocations the subject may change, or undefined when it may
 * change all (admins, the system); 403 for roles that change none.
 */
export function writableTeam(subject: Subject | null | undefined): string | undefined {
  return allocationWriteScope(subject).teamCode;
}

/** Throws 403 unless the subject may register an allocation for this team. */
export function assertMayRegisterForTeam(subject: Subject | null | undefined, teamCode: string): void {
  const own = writableTeam(subject);
  if (own !== undefined && own !== teamCode)
    throw errors.forbidden(`Consultants register allocations for their own team (${own}) only.`);
}

/** True when the subject has a need to see a client's BSN (never contract managers, never nobody). */
export function maySeeBsn(subject: Subject | null | undefined): boolean {
  if (!subject) return false;
  return tokenHolder(subject)?.role !== 'contract_manager';
}

/**
 * The allocation record's rules, asked by the services with the record in hand (before
 * they take its lock): `inScope` (a submission's allocation: the read scope), `read`
 * (and not shielded from the subject), `change` (the write scope, not shielded),
 * `readBsn` (the client's BSN decrypted for the subject).
 */
export const allocationRecords = defineRecordPolicy<
  Pick<AllocationDoc, 'teamCode' | 'providerAgbCode' | 'municipalityCode' | 'shielded'>,
  'inScope' | 'read' | 'change' | 'readBsn'
>({
  inScope: (subject, doc) => isInScope(doc, allocationReadScope(subject)),
  read: (subject, doc) => mayRead(doc, subject),
  change: (subject, doc) => mayChange(doc, subject),
  readBsn: (subject) => maySeeBsn(subject),
});
