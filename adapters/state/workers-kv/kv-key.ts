/** Workers KV refuses keys longer than 512 bytes (UTF-8). */
export const KV_MAX_KEY_BYTES = 512;

const encoder = new TextEncoder();

const sha256Hex = async (text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
};

/**
 * `<namespace>:<kind>:<key>`, or `<namespace>:<kind>:#<sha256 of key>` when that would exceed
 * KV's key limit: cache keys are built from request parts and may be long, and a refused key
 * would silently turn every lookup for it into a miss.
 */
export const kvKey = async (namespace: string, kind: string, key: string): Promise<string> => {
  const full = `${namespace}:${kind}:${key}`;
  return encoder.encode(full).length <= KV_MAX_KEY_BYTES ? full : `${namespace}:${kind}:#${await sha256Hex(key)}`;
};
