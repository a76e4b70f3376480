import type { Hono } from 'hono';
import type { Plugin } from 'graphql-yoga';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import type { GatewayConfig, PartnerConfig } from '../../config/schema';
import type { AccessTokenIssuer } from '../auth/access-token-issuer';
import type { GatewayKeyRing } from '../auth/gateway-signing-keys';
import type { PartnerContext } from '../auth/partner';
import {
  createClientAssertionVerifier,
  createPartnerKeyResolver,
  createRemoteJwks,
  createTokenService,
  tokenUrlOf,
} from '../auth/token-endpoint';
import { partnerRateLimit } from '../graphql/plugins/partner-rate-limit';
import { useBodyLimit } from '../graphql/plugins/use-body-limit';
import { useGraphqlLimits } from '../graphql/plugins/use-graphql-limits';
import { useSchemaExposure } from '../graphql/plugins/use-schema-exposure';
import { useTrustedDocuments } from '../graphql/plugins/use-trusted-documents';
import { mountPartnerAuthRoutes } from '../http/partner-auth-routes';
import type { Clock } from '../ports/clock';
import type { FetchFn } from '../ports/fetch';
import type { Logger } from '../ports/logger';
import type { RateLimiter } from '../ports/rate-limiter';
import type { Store } from '../ports/store';

export interface PartnerAccess {
  /** usePartnerAuth's afterAuthenticate: the per-partner rate limit. */
  afterAuthenticate: (partner: PartnerContext, request: Request) => Promise<void>;
  /** Yoga plugins: body size, trusted documents, graphql-armor limits, schema exposure. */
  plugins: Plugin[];
  /** Hono routes: POST /oauth/token, /.well-known/smart-configuration, /.well-known/jwks.json. */
  mount: (app: Hono) => void;
}

/** Partner access (issue 3) in one place: token endpoint, rate limits, GraphQL limits. */
export function buildPartnerAccess(deps: {
  config: GatewayConfig;
  partners: ReadonlyMap<string, PartnerConfig>;
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
  store: Store;
  issuer: AccessTokenIssuer;
  keyRing: GatewayKeyRing;
  /** Shared limiter (Redis) when the runtime has one; per-process memory otherwise. */
  rateLimiter?: RateLimiter;
}): PartnerAccess {
  const { config, clock, logger } = deps;
  const limiter = deps.rateLimiter ?? createMemoryRateLimiter({ clock });
  const keys = createPartnerKeyResolver(createRemoteJwks({ fetch: deps.fetch, clock }));
  const assertions = createClientAssertionVerifier({ partners: deps.partners, keys, store: deps.store, clock, tokenUrl: tokenUrlOf(config.publicUrl) });
  const tokens = createTokenService({ assertions, issuer: deps.issuer });
  return {
    afterAuthenticate: partnerRateLimit(limiter),
    plugins: [useBodyLimit(), useTrustedDocuments(), useGraphqlLimits(), useSchemaExposure({ sandbox: config.mode === 'sandbox' })],
    mount: (app) => mountPartnerAuthRoutes(app, { publicUrl: config.publicUrl, tokens, jwks: deps.keyRing.jwks, logger }),
  };
}
