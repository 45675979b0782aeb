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
