import { GatewayError } from './errors';

/**
 * Opaque global IDs: base64url("<Type>:<sourceId>:<localId>"). They carry the source so
 * `node(id:)` can route any of them, and they are opaque so partners do not build them.
 */
export interface GlobalIdParts {
  type: string;
  sourceId: string;
  localId: string;
}

// One encoder/decoder for the module: ids are built and read on every field of every request.
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

const toBase64Url = (text: string): string =>
  btoa(String.fromCharCode(...utf8Encoder.encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const fromBase64Url = (encoded: string): string => {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return utf8Decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

export const encodeGlobalId = ({ type, sourceId, localId }: GlobalIdParts): string =>
  toBase64Url(`${type}:${sourceId}:${localId}`);

export const decodeGlobalId = (id: string, expectedType?: string): GlobalIdParts => {
  let parts: GlobalIdParts | undefined;
  if (/^[A-Za-z0-9_-]{1,512}$/.test(id)) {
    try {
      const [type, sourceId, ...rest] = fromBase64Url(id).split(':');
      const localId = rest.join(':');
      if (type && sourceId && localId) parts = { type, sourceId, localId };
    } catch {
      parts = undefined;
    }
  }
  if (!parts) throw new GatewayError('BAD_INPUT', 'Malformed id', { details: { field: 'id' } });
  if (expectedType && parts.type !== expectedType) {
    throw new GatewayError('BAD_INPUT', `Id is not a ${expectedType} id`, { details: { field: 'id' } });
  }
  return parts;
};
