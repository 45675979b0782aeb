import type { Registration, Role } from '../records';
import { errors } from '../errors';

/** Who is calling: a system's token, or a person signed in through OpenID Connect. */
export interface Principal {
  /** The caller's id: the token's id (`yht_...`), or for a person its id (`per_...`). What the hub records as acting. */
  tokenId: string;
  role: Role;
  /** The token's label, or the person's name. */
  label: string;
  providerAgbCode?: string;
  teamCode?: string;
  /** Set for a person signed in with a session; absent for a token. */
  person?: PersonFacts;
  /** For a token: who issued it (the audit trail names it beside the token). */
  issuedBy?: string;
}

/** What the hub knows of a signed-in person that decides what it may see and do. */
export interface PersonFacts {
  sessionId: string;
  registration: Registration | null;
  supervisedBy: string | null;
  canManageOrganisation: boolean;
}

/** The hub acting on its own behalf (the CLI, scheduled jobs, resumed follow-ups): full rights, said out loud. */
export interface SystemPrincipal {
  readonly system: true;
  readonly label: 'system';
}

/** The one system principal. Jobs and the CLI act as it; no principal at all is denied. */
export const SYSTEM: SystemPrincipal = Object.freeze({ system: true, label: 'system' });

/** Whoever an operation runs for: a token's holder or the system. */
export type Subject = Principal | SystemPrincipal;

/** The signed-in person behind a subject, or undefined for a token or the system. */
export function personOf(subject: Subject | null | undefined): PersonFacts | undefined {
  return subject && 'person' in subject ? subject.person : undefined;
}

/** True for the system principal. */
export function isSystem(subject: Subject | null | undefined): subject is SystemPrincipal {
  return Boolean(subject && (subject as SystemPrincipal).system === true);
}

/** A token holder, or 403 for a missing principal: deny by default. The system principal passes as itself. */
export function requireSubject(subject: Subject | null | undefined): Subject {
  if (!subject) throw errors.forbidden('No principal: the hub denies what nobody asked for.');
  return subject;
}

/** The token holder's role, or null for the system principal (403 when there is no principal). */
export function roleOf(subject: Subject | null | undefined): Role | null {
  const s = requireSubject(subject);
  return isSystem(s) ? null : s.role;
}

/** The token holder behind a subject, or undefined for the system principal (403 when there is no principal). */
export function tokenHolder(subject: Subject | null | undefined): Principal | undefined {
  const s = requireSubject(subject);
  return isSystem(s) ? undefined : s;
}
