import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + IV_BYTES + TAG_BYTES;

/** A sealed value could not be opened: wrong key (SLUICE_SECRET_KEY changed), tampering, or wrong context. */
export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

/**
 * AES-256-GCM encryption of small secrets at rest. Layout: version byte, 12-byte random IV,
 * 16-byte auth tag, ciphertext. `context` is bound as additional authenticated data, so a sealed
 * value copied to another row (another job, another parameter) fails to open instead of leaking
 * into the wrong place.
 *
 * @example
 * const box = new SecretBox(key32);
 * const sealed = box.seal('s3cret', 'job:7:db_pass');
 * box.open(sealed, 'job:7:db_pass'); // 's3cret'
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`AES-256 needs a 32-byte key (got ${key.length} bytes)`);
    this.#key = Buffer.from(key);
  }

  /** Short fingerprint of the key (not reversible) to tell keys apart in diagnostics. */
  get keyId(): string {
    return createHash('sha256').update(this.#key).digest('hex').slice(0, 8);
  }

  seal(plaintext: string, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context: string): string {
    if (sealed.length < HEADER || sealed[0] !== VERSION) {
      throw new SecretDecryptError('stored secret has an unknown format');
    }
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, HEADER);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptError(
        'stored secret cannot be decrypted: SLUICE_SECRET_KEY differs from the key it was stored with, or the value was altered',
      );
    }
  }

  toJSON(): string {
    return '[SecretBox]';
  }
}
