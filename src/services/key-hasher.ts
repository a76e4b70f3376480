/**
 * Turns identifying parts (source, resource type, id, member id...) into a keyed HMAC so
 * cache and store key names never carry PHI, yet every instance sharing the secret derives
 * the same key. WebCrypto, so it runs on Workers too.
 */
export interface KeyHasher {
  key(namespace: string, parts: readonly string[]): Promise<string>;
}

const toBase64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export async function createKeyHasher(secret: string): Promise<KeyHasher> {
  const hmacKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return {
    async key(namespace, parts) {
      // Unit separator between parts so ("ab","c") and ("a","bc") never collide.
      const mac = await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(parts.join('\u001f')));
      return `${namespace}:${toBase64Url(new Uint8Array(mac).subarray(0, 18))}`;
    },
  };
}
