/**
 * HMAC-SHA256 over raw bytes with WebCrypto (Node and Workers alike). Verification goes through
 * `crypto.subtle.verify`, which compares in constant time, so a forged signature learns nothing
 * from timing. Decoders answer null for malformed input instead of throwing.
 */
const encoder = new TextEncoder();

export const importHmacKey = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

// Copies into a fresh ArrayBuffer-backed view: WebCrypto's types reject SharedArrayBuffer-backed arrays.
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export async function hmacSha256(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, own(data)));
}

export function verifyHmacSha256(key: CryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify('HMAC', key, own(signature), own(data));
}

export function decodeHex(value: string): Uint8Array | null {
  if (value.length === 0 || value.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(value)) return null;
  const bytes = new Uint8Array(value.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(value.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export const encodeHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function decodeBase64(value: string): Uint8Array | null {
  if (value.length === 0 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export const encodeBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
