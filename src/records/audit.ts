/** Stored records: the audit trail. */

/** Who did something, as the audit trail records it. */
export interface AuditActor {
  tokenId: string | null;
  role: string;
  /** AGB code (provider) or team code (consultant); null for region-wide roles. */
  organisation: string | null;
  label: string;
  /** For a token: who issued it (a person's id, `cli`, `bootstrap`, ...), so an event leads to a responsible person. */
  createdBy?: string;
}

/**
 * One NEN 7513 style audit event. `_id` is its position in the hash chain as a
 * 12-digit zero-padded string: sortable, and looked up without a scan on FerretDB.
 */
export interface AuditEventDoc {
  _id: string;
  at: Date;
  action: string;
  objectType: string;
  objectId: string;
  clientRef: string | null;
  actor: AuditActor;
  requestId: string | null;
  sourceIp: string | null;
  prevHash: string;
  /** `hmac`: keyed with the audit key (derived from the BSN key, outside the database); absent on events from before keying. */
  alg?: 'hmac';
  hash: string;
}
