import { errors } from '../errors';
import { definePolicy, type Scope } from './policy';
import { tokenHolder, type Subject } from './principal';

/** Who may read what is due. */
export const obligationsPolicy = definePolicy('obligations', {
  list: ['provider', 'consultant', 'contract_manager', 'admin'],
});

/**
 * The allocations whose obligations a subject sees: a provider its own, a consultant
 * its team's, admins, contract managers and the system all.
 */
export function obligationAllocationScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'admin' || p.role === 'contract_manager') return {};
  if (p.role === 'provider' && p.providerAgbCode) return { providerAgbCode: p.providerAgbCode };
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  throw errors.forbidden();
}

/** True when the subject sees quarterly-report obligations (contract-level: not consultants). */
export function seesContractObligations(subject: Subject | null | undefined): boolean {
  return tokenHolder(subject)?.role !== 'consultant';
}

/** True when the subject sees obligations only counted per provider and contract (contract managers). */
export function seesObligationsAggregated(subject: Subject | null | undefined): boolean {
  return tokenHolder(subject)?.role === 'contract_manager';
}
