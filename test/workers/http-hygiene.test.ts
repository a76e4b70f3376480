import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createWorkerContainer } from '../../src/runtime/worker-container';
import { sandboxAccessToken } from '../shared/sandbox-tokens';

/** CORS, no-store and compression on Workers, where /graphql goes through Hono to yoga. */
const quiet = { logger: { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet.logger } };

const container = () => createWorkerContainer(env, quiet);

const preflight = (origin: string, path = '/graphql') =>
  new Request(`http://localhost${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });

const LARGE_QUERY = `{ patients(search:{family:"Jast432"}) { edges { node { id birthDate name { family given } appointments { id start end status } } } } }`;

describe('HTTP hygiene on Workers', () => {
  it('grants loopback origins in the sandbox and nothing to others, on /graphql and /oauth/token', async () => {
    const gateway = await container();
    for (const path of ['/graphql', '/oauth/token']) {
      expect((await gateway.app.fetch(preflight('https://evil.example', path))).headers.get('access-control-allow-origin'), path).toBeNull();
      const granted = await gateway.app.fetch(preflight('http://localhost:5173', path));
      expect(granted.headers.get('access-control-allow-origin'), path).toBe('http://localhost:5173');
      expect(granted.headers.get('access-control-max-age'), path).toBe('600');
      expect(granted.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });

  it('answers /graphql with no-store, gzipped when asked', async () => {
    const gateway = await container();
    const token = await sandboxAccessToken(gateway.config.publicUrl, 'sandbox-internal', ['patient.read', 'appointment.read']);
    const ask = (headers: Record<string, string>) =>
      gateway.app.fetch(
        new Request('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
          body: JSON.stringify({ query: LARGE_QUERY }),
        }),
      );
    const plain = await ask({});
    expect(plain.headers.get('cache-control')).toBe('no-store');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(1024);

    const zipped = await ask({ 'accept-encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('cache-control')).toBe('no-store');
    const unzipped = await new Response(zipped.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(JSON.parse(unzipped)).toEqual(JSON.parse(text));
  });
});
