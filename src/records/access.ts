/** Stored records: tokens and the roles they carry. */

/** A role a bearer token carries. */
export type Role = 'admin' | 'contract_manager' | 'consultant' | 'provider';

/** An API credential; only the hash of its secret is stored. */
export interface TokenDoc {
  _id: string;
  secretHash: string;
  role: Role;
  providerAgbCode?: string;
  teamCode?: string;
  label: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt?: Date;
  revokedAt?: Date;
  revokedBy?: string;
  /** When set, the token stops working at this moment. */
  expiresAt?: Date;
}

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

/** A signed-in person's web session. `_id` is the SHA-256 of the cookie's secret (the secret itself is never stored). */
export interface SessionDoc {
  _id: string;
  personId: string;
  issuer: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Idle timeout: moves with use. */
  idleUntil: Date;
  /** Absolute lifetime: never moves. */
  expiresAt: Date;
  /** For RP-initiated logout (`id_token_hint`); sealed with the hub's key. */
  idTokenSealed?: string;
}

/** A sign-in under way: what the callback checks (state is `_id`). Deleted when used: a state works once. */
export interface LoginStateDoc {
  _id: string;
  issuer: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  createdAt: Date;
  expiresAt: Date;
}
