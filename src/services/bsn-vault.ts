import crypto from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts BSNs (AES-256-GCM, random 96-bit IV) and computes their keyed lookup
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

  /** Encrypts a (normalised) BSN for storage. */
  encrypt(bsn: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from('bsn'));
    const ciphertext = Buffer.concat([cipher.update(bsn, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** Decrypts a stored BSN; throws when the data or key is wrong (GCM authentication). */
  decrypt(stored: string): string {
    const [version, payload] = stored.split('.');
    if (version !== VERSION || !payload) throw new Error('unknown BSN encryption format');
    const raw = Buffer.from(payload, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from('bsn'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  /** The keyed hash that finds a client's records and names the client in the audit trail. */
  clientRef(bsn: string): string {
    return crypto.createHmac('sha256', this.macKey).update(bsn).digest('hex');
  }
}
