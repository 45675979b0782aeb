import type { Role } from '../records';
import { errors } from '../errors';
import { personOf, requireSubject, roleOf, type Subject } from './principal';

/** The roles that may perform an action of a resource; the system principal may perform every action. */
export interface Permission {
  resource: string;
  action: string;
  roles: readonly Role[];
  /** Also a provider's administrator: a signed-in provider person with `canManageOrganisation` (its own organisation's records). */
  providerAdministrator?: true;
}

/** An action's rule: roles, optionally with a provider's administrator beside them. */
export type ActionRule = readonly Role[] | { roles: readonly Role[]; providerAdministrator: true };

/** A resource's policy: for each action, the roles that may perform it. */
export interface Policy<A extends string> {
  resource: string;
  /** The permission of one action, as a route declares it. */
  allow(action: A): Permission;
}

/** Declares the roles of each action of a resource (Outline's `allow(User, [...], Model)`, one table per resource). */
export function definePolicy<A extends string>(resource: string, actions: Record<A, ActionRule>): Policy<A> {
  return {
    resource,
    allow: (action) => {
      const rule = actions[action];
      return 'providerAdministrator' in rule
        ? { resource, action, roles: rule.roles, providerAdministrator: true }
        : { resource, action, roles: rule };
    },
  };
}

/** True when the subject may perform the permission's action (the system always, no subject never). */
export function allows(subject: Subject | null | undefined, permission: Permission): boolean {
  if (!subject) return false;
  const role = roleOf(subject);
  if (role === null || permission.roles.includes(role)) return true;
  return Boolean(permission.providerAdministrator && role === 'provider' && personOf(subject)?.canManageOrganisation);
}

/** Throws 403 unless the subject may perform the permission's action. */
export function authorize(subject: Subject | null | undefined, permission: Permission): void {
  requireSubject(subject);
  if (!allows(subject, permission)) throw errors.forbidden();
}

/** A read scope: the equality conditions a record must meet to be visible (empty: all). */
export type Scope = Readonly<Record<string, string>>;

/** True when a record has every field of a scope (checked in code after an `_id` read). */
export function isInScope(doc: object, scope: Scope): boolean {
  return Object.entries(scope).every(([key, value]) => (doc as Record<string, unknown>)[key] === value);
}

/** All roles: what every token holder may do. */
export const ANY_ROLE: readonly Role[] = ['admin', 'contract_manager', 'consultant', 'provider'];

/**
 * A record-level rule (Outline's `allow(User, "update", Document, (actor, doc) => …)`):
 * may this subject do this to this record. Rules may throw 403 for a role that has no
 * business with the resource at all (a scope's rule), as the read scopes do.
 */
export type RecordRule<R> = (subject: Subject | null | undefined, record: R) => boolean;

/** A resource's record-level rules: `can(subject, action, record)`, and every action's answer at once. */
export interface RecordPolicy<A extends string, R> {
  can(subject: Subject | null | undefined, action: A, record: R): boolean;
  /** What the subject may do with the record, per action (for a client that shows only what may be done). */
  abilities(subject: Subject | null | undefined, record: R): Record<A, boolean>;
}

/** Declares a resource's record-level rules, one per action. */
export function defineRecordPolicy<R, A extends string>(rules: Record<A, RecordRule<R>>): RecordPolicy<A, R> {
  const actions = Object.keys(rules) as A[];
  return {
    can: (subject, action, record) => rules[action](subject, record),
    abilities: (subject, record) =>
      Object.fromEntries(actions.map((a) => [a, rules[a](subject, record)])) as Record<A, boolean>,
  };
}
