/**
 * Transforms the JSON text of a value on its way into and out of Redis. The seam for
 * encryption at rest (AES-GCM via WebCrypto): the codec sees only the serialised value,
 * never the key, and the identity codec stores JSON as is.
 */
export interface ValueCodec {
  /** `context` is the value's Redis key name: an encrypting codec binds it in (AEAD), so values cannot be swapped between keys. */
  encode(plain: string, context?: string): Promise<string>;
  decode(stored: string, context?: string): Promise<string>;
}

export const identityCodec: ValueCodec = {
  encode: async (plain) => plain,
  decode: async (stored) => stored,
};
