import type { AuditActor } from '../records';
import { SYSTEM, type Principal, type Subject } from '../policies/principal';

/** Who performs an operation, and from where: what services need for scope and audit. */
export interface Actor {
  /** The authenticated API principal, or `SYSTEM` for the CLI and jobs (policies deny a missing one). */
  principal: Subject;
  audit: AuditActor;
  requestId: string | null;
  sourceIp: string | null;
  /**
   * True when this request took over an Idempotency-Key claim whose first attempt was
   * cut short (a crash): a record that attempt stored is this request's own, and is
   * answered (its follow-ups completed) instead of refused as a duplicate.
   */
  resuming?: boolean;
}

/** The actor of an API request. */
export function apiActor(principal: Principal, requestId: string, sourceIp: string): Actor {
  return {
    principal,
    requestId,
    sourceIp,
    audit: {
      tokenId: principal.tokenId,
      role: principal.role,
      organisation: principal.providerAgbCode ?? principal.teamCode ?? null,
      label: principal.label,
      ...(principal.issuedBy ? { createdBy: principal.issuedBy } : {}),
    },
  };
}

/** The actor of a CLI command or scheduled job (runs with full rights, recorded by name). */
export function systemActor(kind: 'cli' | 'job', label: string): Actor {
  return {
    principal: SYSTEM,
    requestId: null,
    sourceIp: null,
    audit: { tokenId: null, role: kind, organisation: null, label },
  };
}
