import { fromBase64, toBase64Url } from './value-encryption';

/** What a page cursor carries: the source paged and that source's own continuation (for FHIR, the upstream next link). */
export interface PageCursor {
  sourceId: string;
  continuation: string;
}

/**
 * Page cursors partners hold, sealed: AES-256-GCM over the source id and its continuation, so a
 * partner sees neither the EHR's host nor what that EHR puts in its links, and cannot forge one
 * (e.g. a bare `Patient?_count=100` continuation that lists every patient). The partner id is the
 * additional data: a cursor handed to another partner does not open. The GCM tag is the MAC.
 * WebCrypto, so Node and Workers alike.
 */
export interface CursorSeal {
  seal(partnerId: string, cursor: PageCursor): Promise<string>;
  /** null for anything this gateway did not seal for this partner: tampered, foreign, malformed, or sealed under another secret. */
  open(partnerId: string, sealed: string): Promise<PageCursor | null>;
}

/** First byte of every sealed cursor: a later format (or key) can be told apart. */
const VERSION = 1;
const IV_BYTES = 12;
/** Version + IV + the 16-byte tag of an empty plaintext: shorter is not a cursor. */
const MIN_BYTES = 1 + IV_BYTES + 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The cursor key comes from the key-hash secret by HKDF with its own label, so it is never the HMAC key itself. */
async function cursorKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('caregate page cursor v1') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

const additionalData = (partnerId: string) => encoder.encode(`cursor\u001f${partnerId}`);

const isPageCursor = (value: unknown): value is [string, string] =>
  Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');

export async function createCursorSeal(secret: string): Promise<CursorSeal> {
  const key = await cursorKey(secret);
  return {
    async seal(partnerId, { sourceId, continuation }) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const plain = encoder.encode(JSON.stringify([sourceId, continuation]));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(partnerId) }, key, plain));
      const bytes = new Uint8Array(1 + IV_BYTES + sealed.length);
      bytes[0] = VERSION;
      bytes.set(iv, 1);
      bytes.set(sealed, 1 + IV_BYTES);
      return toBase64Url(bytes);
    },
    async open(partnerId, text) {
      if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
      try {
        const bytes = fromBase64(text);
        if (bytes.length < MIN_BYTES || bytes[0] !== VERSION) return null;
        const iv = bytes.subarray(1, 1 + IV_BYTES);
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: additionalData(partnerId) }, key, bytes.subarray(1 + IV_BYTES));
        const parsed: unknown = JSON.parse(decoder.decode(plain));
        return isPageCursor(parsed) ? { sourceId: parsed[0], continuation: parsed[1] } : null;
      } catch {
        // Not base64, wrong tag (tampered, another partner's, another secret) or not our JSON: not a cursor.
        return null;
      }
    },
  };
}
