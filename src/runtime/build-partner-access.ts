import type { Hono } from 'hono';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import type { GatewayConfig, PartnerConfig } from '../../config/schema';
import type { AccessTokenIssuer } from '../auth/access-token-issuer';
import type { AccessTokenVerifier } from '../auth/access-token-verifier';
import type { GatewayKeyRing } from '../auth/gateway-signing-keys';
import {
  createClientAssertionVerifier,
  createPartnerKeyResolver,
  createRemoteJwks,
  createTokenService,
  issuerOf,
  tokenUrlOf,
} from '../auth/token-endpoint';
import { mountPartnerAuthRoutes } from '../http/partner-auth-routes';
import { createPartnerGate, type PartnerGate } from '../pipeline/partner-gate';
import type { Clock } from '../ports/clock';
import type { FetchFn } from '../ports/fetch';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Store } from '../ports/store';

export interface PartnerAccess {
  /** Bearer token and per-partner rate limit, for the yoga plugin and Hono middleware alike. */
  gate: PartnerGate;
  /** Hono routes: POST /oauth/token, /.well-known/smart-configuration, /.well-known/jwks.json. */
  mount: (app: Hono) => void;
}

/** Partner access (issue 3) in one place: token endpoint, bearer tokens, rate limits. */
export function buildPartnerAccess(deps: {
  config: GatewayConfig;
  partners: ReadonlyMap<string, PartnerConfig>;
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
  store: Store;
  issuer: AccessTokenIssuer;
  verifier: AccessTokenVerifier;
  keyRing: GatewayKeyRing;
  /** Shared limiter (Redis) when the runtime has one; per-process memory otherwise. */
  rateLimiter?: RateLimiter;
  /** Told of each request the rate limit refuses (metrics). */
  onRateLimited?: (partnerId: string) => void;
}): PartnerAccess {
  const { config, clock, logger } = deps;
  const limiter = deps.rateLimiter ?? createMemoryRateLimiter({ clock });
  const keys = createPartnerKeyResolver(createRemoteJwks({ fetch: deps.fetch, clock }));
  const assertions = createClientAssertionVerifier({
    partners: deps.partners,
    keys,
    store: deps.store,
    clock,
    tokenUrl: tokenUrlOf(config.publicUrl),
    issuer: issuerOf(config.publicUrl),
    clockToleranceSeconds: config.clockToleranceSeconds,
  });
  const tokens = createTokenService({ assertions, issuer: deps.issuer });
  return {
    gate: createPartnerGate({
      verifier: deps.verifier,
      partners: deps.partners,
      rateLimiter: limiter,
      logger,
      ...(deps.onRateLimited ? { onRateLimited: deps.onRateLimited } : {}),
    }),
    mount: (app) => mountPartnerAuthRoutes(app, { publicUrl: config.publicUrl, tokens, jwks: deps.keyRing.jwks, logger }),
  };
}
