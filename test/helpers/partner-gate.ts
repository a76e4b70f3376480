import { createMemoryRateLimiter } from '../../adapters/state/memory';
import { sandboxGatewaySigningJwk } from '../../config/sandbox/sandbox-keys';
import type { PartnerConfig } from '../../config/schema';
import { createAccessTokenIssuer } from '../../src/auth/access-token-issuer';
import { createAccessTokenVerifier } from '../../src/auth/access-token-verifier';
import { createGatewayKeyRing } from '../../src/auth/gateway-signing-keys';
import type { Scope } from '../../src/auth/scopes';
import { createJsonLogger } from '../../src/observability/json-logger';
import { createPartnerGate, type PartnerGate } from '../../src/pipeline/partner-gate';
import { systemClock } from '../../src/ports/clock';
import { loadConfigFromFile } from '../../src/runtime/load-config-node';

export interface TestGate {
  gate: PartnerGate;
  /** A real gateway access token (sandbox signing key) for a configured partner, with its scopes unless given. */
  token(partnerId: string, scopes?: Scope[]): Promise<string>;
  /** `authorization` header with such a token. */
  bearer(partnerId: string, scopes?: Scope[]): Promise<{ authorization: string }>;
  partners: ReadonlyMap<string, PartnerConfig>;
  /** JSON log lines the gate wrote. */
  logs: Record<string, unknown>[];
  rateLimited: string[];
}

/**
 * A PartnerGate as the container builds one, in-process: real ES256 tokens (sandbox key) through
 * the real issuer and verifier, the sandbox partners (plus `extraPartners`) and memory buckets.
 */
export async function createTestGate(options: { extraPartners?: (base: PartnerConfig) => PartnerConfig[] } = {}): Promise<TestGate> {
  const { config } = loadConfigFromFile(undefined);
  const base = config.partners[0]!;
  const all = [...config.partners, ...(options.extraPartners?.(base) ?? [])];
  const partners = new Map(all.map((partner) => [partner.id, partner]));
  const keys = await createGatewayKeyRing([{ jwk: sandboxGatewaySigningJwk, retired: false }]);
  const issuerUrl = 'http://gateway.test';
  const issuer = createAccessTokenIssuer({ keys, issuer: issuerUrl, audience: config.audience, ttlSeconds: 120, clock: systemClock });
  const verifier = createAccessTokenVerifier({ keys, issuer: issuerUrl, audience: config.audience, clock: systemClock, maxLifetimeSeconds: 120 });
  const logs: Record<string, unknown>[] = [];
  const rateLimited: string[] = [];
  const logger = createJsonLogger({ level: 'debug', write: (line) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const gate = createPartnerGate({
    verifier,
    partners,
    rateLimiter: createMemoryRateLimiter({ clock: systemClock }),
    logger,
    onRateLimited: (partnerId) => void rateLimited.push(partnerId),
  });
  const token = async (partnerId: string, scopes?: Scope[]) =>
    (await issuer.issue({ partnerId, scopes: scopes ?? partners.get(partnerId)?.scopes ?? [] })).token;
  return { gate, token, bearer: async (partnerId, scopes) => ({ authorization: `Bearer ${await token(partnerId, scopes)}` }), partners, logs, rateLimited };
}
