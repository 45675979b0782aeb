import type { Principal } from '../policies/principal';
import type { PersonDoc } from '../records';

/** A person as the API shows it (never the identity provider's subject: whether it is linked is enough). */
export function presentPerson(doc: PersonDoc) {
  return {
    id: doc._id,
    name: doc.name,
    email: doc.email,
    role: doc.role,
    teamCode: doc.teamCode ?? null,
    providerAgbCode: doc.providerAgbCode ?? null,
    registration: doc.registration,
    supervisedBy: doc.supervisedBy,
    canManageOrganisation: doc.canManageOrganisation,
    active: doc.active,
    linked: Boolean(doc.identity),
    revision: doc.revision,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/**
 * The caller as GET /v1/me shows it: a signed-in person (with its session's anti-CSRF
 * token) or a token, and whether it reaches case-level data (`mayReadCases`).
 */
export function presentMe(p: Principal, mayReadCases: boolean, csrfToken?: string) {
  return {
    kind: p.person ? 'person' : 'token',
    id: p.tokenId,
    name: p.label,
    role: p.role,
    teamCode: p.teamCode ?? null,
    providerAgbCode: p.providerAgbCode ?? null,
    registration: p.person?.registration ?? null,
    supervisedBy: p.person?.supervisedBy ?? null,
    canManageOrganisation: p.person?.canManageOrganisation ?? false,
    mayReadCases,
    ...(csrfToken ? { csrfToken } : {}),
  };
}
