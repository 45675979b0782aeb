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
