import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, createRedisStore, type RedisClient } from '../../adapters/state/redis';
import type { PartnerConfig } from '../../config/schema';
import { createClientAssertionVerifier, createPartnerKeyResolver, createRemoteJwks, OAuthError } from '../../src/auth/token-endpoint';
import { systemClock } from '../../src/ports/clock';
import { createTestPartner, partnerEntry, type TestPartner } from '../helpers/partner-client';

/**
 * Without its replay record the token endpoint cannot tell a replay from a first use: with the
 * shared Store (Redis) unreachable it refuses, retryably, instead of issuing a token.
 */
const TOKEN_URL = 'https://gateway.test/oauth/token';
let down: RedisClient;
let partner: TestPartner;

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  down = createRedisConnection(`redis://127.0.0.1:${port}`, { maxReconnectDelayMs: 100 });
  partner = await createTestPartner('store-down-partner');
});
afterAll(() => down.disconnect());

describe('token endpoint with the Store down', () => {
  it('answers temporarily_unavailable (503) for a valid assertion', async () => {
    const verifier = createClientAssertionVerifier({
      partners: new Map<string, PartnerConfig>([[partner.id, partnerEntry(partner)]]),
      keys: createPartnerKeyResolver(createRemoteJwks({ fetch: (input, init) => fetch(input, init), clock: systemClock })),
      store: createRedisStore({ redis: down, namespace: 'caregate' }),
      clock: systemClock,
      tokenUrl: TOKEN_URL,
      issuer: 'https://gateway.test',
    });
    const error = await verifier.verify(await partner.assertion(TOKEN_URL)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).error).toBe('temporarily_unavailable');
    expect((error as OAuthError).status).toBe(503);
  });
});
