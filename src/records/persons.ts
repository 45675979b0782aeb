/** Stored records: members of staff who sign in, and the identity-provider subjects linked to them. */
import type { Role } from './tokens';

/** A professional registration on record: SKJ (youth professionals) or BIG (care professionals). */
export interface Registration {
  register: 'SKJ' | 'BIG';
  number: string;
}

/** A member of staff who signs in through an identity provider (OpenID Connect). */
export interface PersonDoc {
  /** `per_` and 16 hex characters. */
  _id: string;
  name: string;
  /** Lower case; unique. The first sign-in links the person by this address when the identity provider verified it. */
  email: string;
  role: Role;
  teamCode?: string;
  providerAgbCode?: string;
  registration: Registration | null;
  /** Four eyes: this person's extension decisions are proposals that the supervisor confirms. */
  supervisedBy: string | null;
  /** A provider's staff member who manages its own staff and API tokens. */
  canManageOrganisation: boolean;
  active: boolean;
  /** The identity this person signs in with, once linked (`issuer` and `sub` of the ID token). */
  identity?: { issuer: string; sub: string };
  /** Counts every change: PATCH needs `If-Match` with it. */
  revision: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
}

/** The link from an identity provider's subject to a person: `_id` is `<issuer> <sub>` (unique by construction). */
export interface PersonIdentityDoc {
  _id: string;
  personId: string;
  linkedAt: Date;
}
