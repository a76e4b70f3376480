/**
 * Encryption at rest for values the gateway keeps in Redis (cache entries, store records):
 * AES-256-GCM with WebCrypto, so it runs on Node and Workers alike. Each value is sealed as
 * `g1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts). The key id picks the decryption key,
 * which is what makes rotation work: new values use the first key, older ones still open with
 * the key that sealed them. The Redis key name is bound in as additional data, so a value
 * copied under another key name fails to open instead of being served as that record.
 * Structurally a ValueCodec of adapters/state/redis.
 */
export interface ValueEncryption {
  encode(plain: string, context?: string): Promise<string>;
  decode(stored: string, context?: string): Promise<string>;
  /** Ids of the configured keys, first = the one that seals (for logs: no key material). */
  readonly keyIds: readonly string[];
}

export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

const PREFIX = 'g1';
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const toBase64Url = (bytes: Uint8Array): string => {
  let binary = '';
  // In chunks: String.fromCharCode(...bytes) overflows the call stack on large values.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => {
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(normalized + '='.repeat((4 - (normalized.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

interface SealingKey {
  id: string;
  key: CryptoKey;
}

/** Key id = first 6 bytes of SHA-256("caregate-cache-key-id" || key): stable, and says nothing usable about the key. */
const keyIdOf = async (raw: Uint8Array<ArrayBuffer>): Promise<string> => {
  const label = encoder.encode('caregate-cache-key-id');
  const input = new Uint8Array(label.length + raw.length);
  input.set(label);
  input.set(raw, label.length);
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', input)).subarray(0, 6));
};

/**
 * Parses `CACHE_ENCRYPTION_KEY` / `CACHE_ENCRYPTION_KEYS`: base64 (or base64url) of 32 random
 * bytes, several comma-separated for rotation (`new,old`). Errors name the position, never the key.
 */
export async function importEncryptionKeys(text: string): Promise<SealingKey[]> {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (parts.length === 0) throw new EncryptionKeyError('no encryption key given');
  const keys: SealingKey[] = [];
  for (const [index, part] of parts.entries()) {
    let raw: Uint8Array<ArrayBuffer>;
    try {
      if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(part)) throw new Error('not base64');
      raw = fromBase64(part);
    } catch {
      throw new EncryptionKeyError(`encryption key #${index + 1} is not base64`);
    }
    if (raw.length !== 32) throw new EncryptionKeyError(`encryption key #${index + 1} must be 32 bytes (AES-256), got ${raw.length}`);
    const id = await keyIdOf(raw);
    if (keys.some((key) => key.id === id)) continue;
    keys.push({ id, key: await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']) });
  }
  return keys;
}

export async function createValueEncryption(keyText: string): Promise<ValueEncryption> {
  const keys = await importEncryptionKeys(keyText);
  const sealing = keys[0] as SealingKey;
  const byId = new Map(keys.map((key) => [key.id, key.key]));
  const params = (iv: Uint8Array<ArrayBuffer>, context: string | undefined): AesGcmParams =>
    context === undefined ? { name: 'AES-GCM', iv } : { name: 'AES-GCM', iv, additionalData: encoder.encode(context) };

  return {
    keyIds: keys.map((key) => key.id),
    async encode(plain, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = new Uint8Array(await crypto.subtle.encrypt(params(iv, context), sealing.key, encoder.encode(plain)));
      return `${PREFIX}.${sealing.id}.${toBase64Url(iv)}.${toBase64Url(sealed)}`;
    },
    async decode(stored, context) {
      const [prefix, keyId, iv, sealed, extra] = stored.split('.');
      // Plaintext is refused, not passed through: whoever can write Redis must not be able to plant values.
      if (prefix !== PREFIX || !keyId || !iv || !sealed || extra !== undefined) throw new EncryptionKeyError('value is not sealed');
      const key = byId.get(keyId);
      if (!key) throw new EncryptionKeyError('value sealed with a key that is not configured');
      try {
        return decoder.decode(await crypto.subtle.decrypt(params(fromBase64(iv), context), key, fromBase64(sealed)));
      } catch {
        throw new EncryptionKeyError('value failed authentication');
      }
    },
  };
}
