import { errors } from '../errors';
import type { Scope } from './policy';
import { tokenHolder, type Subject } from './principal';

/**
 * Which client reports (evaluations, extension requests) a subject may read: admins
 * and the system all; a consultant its team's; a provider its own. Contract managers
 * read aggregates, not reports about clients.
 */
export function clientReportScope(subject: Subject | null | undefined): Scope {
  const p = tokenHolder(subject);
  if (!p || p.role === 'admin') return {};
  if (p.role === 'consultant' && p.teamCode) return { teamCode: p.teamCode };
  if (p.role === 'provider' && p.providerAgbCode) return { providerAgbCode: p.providerAgbCode };
  throw errors.forbidden('Your role does not read client reports.');
}

/** The provider a provider's token stands for; undefined for every other subject (403 for none). */
export function ownProvider(subject: Subject | null | undefined): string | undefined {
  const p = tokenHolder(subject);
  return p?.role === 'provider' ? p.providerAgbCode : undefined;
}
