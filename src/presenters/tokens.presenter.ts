import type { TokenDoc } from '../records';

/** A token as the API shows it: never its secret or hash. */
export function presentToken(doc: TokenDoc) {
  return {
    id: doc._id,
    role: doc.role,
    providerAgbCode: doc.providerAgbCode ?? null,
    teamCode: doc.teamCode ?? null,
    label: doc.label,
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
    lastUsedAt: doc.lastUsedAt?.toISOString() ?? null,
    revokedAt: doc.revokedAt?.toISOString() ?? null,
    expiresAt: doc.expiresAt?.toISOString() ?? null,
  };
}
