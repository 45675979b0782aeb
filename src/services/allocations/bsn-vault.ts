import crypto from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts BSNs (and other secrets: webhook signing keys) with AES-256-GCM (random
 * 96-bit IV, the purpose as associated data) and computes BSNs' keyed lookup
 * reference (HMAC-SHA256). Both subkeys are derived from the one configured key
 * with HKDF, so the lookup reference reveals nothing about the encryption key.
 */
export class BsnVault {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the BSN key must be 32 bytes');
    this.encKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, 'youthcare-hub', 'bsn-encryption-v1', 32));
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, 'youthcare-hub', 'bsn-lookup-v1', 32));
  }

  private seal(plaintext: string, purpose: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(purpose));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url')}`;
  }

  private open(stored: string, purpose: string): string {
    const [version, payload] = stored.split('.');
    if (version !== VERSION || !payload) throw new Error('unknown encryption format');
    const raw = Buffer.from(payload, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  /**
   * Encrypts a (normalised) BSN for storage in one record: the record's id is the
   * associated data, so the ciphertext cannot be copied into another record.
   */
  encrypt(bsn: string, recordId: string): string {
    return `b.${this.seal(bsn, `bsn:${recordId}`)}`;
  }

  /**
   * Decrypts a stored BSN of a record; throws when the data, the key or the record is
   * wrong (GCM authentication). Ciphertexts from before the binding (no `b.` prefix)
   * are opened as they were written.
   */
  decrypt(stored: string, recordId: string): string {
    return stored.startsWith('b.') ? this.open(stored.slice(2), `bsn:${recordId}`) : this.open(stored, 'bsn');
  }

  /** Seals another secret (a webhook signing secret) with the same key, bound to its purpose. */
  sealSecret(secret: string): string {
    return this.seal(secret, 'secret');
  }

  /** Opens a sealed secret. */
  openSecret(sealed: string): string {
    return this.open(sealed, 'secret');
  }

  /** Seals a stored value (a stored response) bound to its purpose and record, e.g. `idempotency:<id>`. */
  sealFor(purpose: string, plaintext: string): string {
    return this.seal(plaintext, purpose);
  }

  /** Opens what `sealFor` sealed with the same purpose; throws for any other purpose or key. */
  openFor(purpose: string, sealed: string): string {
    return this.open(sealed, purpose);
  }

  /** A keyed hash of any text, bound to its purpose: tells two records apart without keeping them. */
  keyedHash(purpose: string, text: string): string {
    return crypto.createHmac('sha256', this.macKey).update(`${purpose}\0`).update(text).digest('hex');
  }

  /** The keyed hash that finds a client's records and names the client in the audit trail. */
  clientRef(bsn: string): string {
    return crypto.createHmac('sha256', this.macKey).update(bsn).digest('hex');
  }
}
