/** Stored records: signed-in people's web sessions and the sign-in states in flight. */

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
