import { LRUCache } from 'lru-cache';

/**
 * Turns identifying parts (source, resource type, id, member id...) into a keyed HMAC so
 * cache and store key names never carry PHI, yet every instance sharing the secret derives
 * the same key. WebCrypto, so it runs on Workers too.
 */
export interface KeyHasher {
  key(namespace: string, parts: readonly string[]): Promise<string>;
  /** Does `candidate` equal key(namespace, parts)? Constant-time, for MACs partners hand back. */
  matches(namespace: string, parts: readonly string[], candidate: string): Promise<boolean>;
}

const constantTimeEqual = (a: string, b: string): boolean => {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
};

const toBase64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Recently derived keys, in process memory only. WebCrypto's async HMAC was the largest single
 * cost of a cached read (profiled under `npm run bench`); hot records hash the same parts again
 * and again, so a bounded memo removes it from the hot path.
 */
const MEMO_ENTRIES = 20_000;

export async function createKeyHasher(secret: string): Promise<KeyHasher> {
  const hmacKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const memo = new LRUCache<string, string>({ max: MEMO_ENTRIES });
  const key = async (namespace: string, parts: readonly string[]) => {
    // Unit separator between parts so ("ab","c") and ("a","bc") never collide.
    const message = [namespace, ...parts].join('\u001f');
    const known = memo.get(message);
    if (known !== undefined) return known;
    const mac = await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(message));
    const derived = `${namespace}:${toBase64Url(new Uint8Array(mac).subarray(0, 18))}`;
    memo.set(message, derived);
    return derived;
  };
  return {
    key,
    matches: async (namespace, parts, candidate) => constantTimeEqual(await key(namespace, parts), candidate),
  };
}
