import { errors } from '../errors';
import type { Principal } from '../services/tokens.service';

/**
 * Which evaluations and extension requests a principal may read: admins (and the
 * CLI and jobs) all; a consultant its team's; a provider its own. Contract managers
 * read aggregates, not reports about clients.
 */
export function intakeReadScope(principal: Principal | null): Record<string, string> {
  if (!principal || principal.role === 'admin') return {};
  if (principal.role === 'consultant' && principal.teamCode) return { teamCode: principal.teamCode };
  if (principal.role === 'provider' && principal.providerAgbCode) return { providerAgbCode: principal.providerAgbCode };
  throw errors.forbidden('Your role does not read client reports.');
}
