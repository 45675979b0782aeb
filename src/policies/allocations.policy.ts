import type { Filter } from 'mongodb';
import type { AllocationDoc } from '../db/documents';
import { errors } from '../errors';
import type { Principal } from '../services/tokens.service';

/**
 * Which allocations a principal may read: deny by default. Admins (and the CLI and
 * jobs, which have no principal) see all; a consultant its team's; a provider its
 * own AGB code's. Contract managers work on aggregates and read no allocation.
 */
export function allocationReadScope(principal: Principal | null): Filter<AllocationDoc> {
  if (!principal || principal.role === 'admin') return {};
  if (principal.role === 'consultant' && principal.teamCode) return { teamCode: principal.teamCode };
  if (principal.role === 'provider' && principal.providerAgbCode) return { providerAgbCode: principal.providerAgbCode };
  throw errors.forbidden('Your role does not read allocations.');
}

/** True when a record has every field of a scope filter (checked in code after an `_id` read). */
export function isInScope(doc: object, scope: Filter<AllocationDoc> | Record<string, unknown>): boolean {
  return Object.entries(scope).every(([key, value]) => (doc as Record<string, unknown>)[key] === value);
}

/** Which allocations a principal may change: admins all, consultants their team's, nobody else. */
export function allocationWriteScope(principal: Principal | null): Filter<AllocationDoc> {
  if (!principal || principal.role === 'admin') return {};
  if (principal.role === 'consultant' && principal.teamCode) return { teamCode: principal.teamCode };
  throw errors.forbidden('Your role does not change allocations.');
}

/**
 * The one team whose allocations the principal may change, or undefined when it may
 * change all (admins, the CLI, jobs); 403 for roles that change none.
 */
export function writableTeam(principal: Principal | null): string | undefined {
  allocationWriteScope(principal);
  return principal?.role === 'consultant' ? principal.teamCode : undefined;
}

/** Throws 403 unless the principal may register an allocation for this team. */
export function assertMayRegisterForTeam(principal: Principal | null, teamCode: string): void {
  const own = writableTeam(principal);
  if (own !== undefined && own !== teamCode)
    throw errors.forbidden(`Consultants register allocations for their own team (${own}) only.`);
}

/** True when the principal has a need to see a client's BSN (never contract managers). */
export function maySeeBsn(principal: Principal | null): boolean {
  return !principal || principal.role !== 'contract_manager';
}
