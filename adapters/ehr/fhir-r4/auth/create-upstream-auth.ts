import { createBearerAuth } from './bearer-auth';
import { createNoAuth } from './no-auth';
import { createSmartBackendAuth, type SmartBackendAuthDeps } from './smart-backend-auth';
import type { FhirAuthConfig, UpstreamAuth } from './upstream-auth';

/** Picks the strategy for a configured auth mode. */
export function createUpstreamAuth(config: FhirAuthConfig, deps: SmartBackendAuthDeps): UpstreamAuth {
  switch (config.type) {
    case 'none':
      return createNoAuth();
    case 'bearer':
      return createBearerAuth(config.token);
    case 'smart-backend':
      return createSmartBackendAuth(config, deps);
  }
}
