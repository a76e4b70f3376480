import { json, randomString } from '../common/simulator-kit';
import { uberScopeOf, type UberEnvironment } from './wire';

/**
 * The Uber OAuth host (auth.uber.com) of the simulator, served apart from its API host as Uber
 * does: "This endpoint requires https://auth.uber.com as a base URL"
 * (https://developer.uber.com/docs/riders/references/api/v2/token-post). Client credentials only
 * (https://developer.uber.com/docs/health/guides/authentication): form-encoded or multipart
 * bodies ("JSON encoding is not supported"), `invalid_client` for wrong credentials, and
 * `invalid_scope` for a scope the app is not granted — here, the other environment's: the
 * sandbox API wants `health.sandbox`, production `health`
 * (https://developer.uber.com/docs/health/guides/sandbox).
 */
export interface UberAuthHostOptions {
  clientId: string;
  clientSecret: string;
  environment: UberEnvironment;
  random: () => number;
  tokenTtlSeconds: number;
}

export interface UberAuthHost {
  fetch(request: Request): Promise<Response>;
  /** Whether the API host should accept this bearer token. */
  isIssued(token: string): boolean;
  revokeAll(): void;
  /** Token requests answered (granted or not): Uber allows 100 an hour. */
  readonly requests: number;
}

const oauthError = (status: number, error: string) => json(status, { error });
const isFormBody = (contentType: string) => /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType);

export function createUberAuthHost(options: UberAuthHostOptions): UberAuthHost {
  const issued = new Set<string>();
  let requests = 0;

  const token = async (request: Request): Promise<Response> => {
    requests++;
    if (!isFormBody(request.headers.get('content-type') ?? '')) return oauthError(400, 'invalid_request');
    const form = await request.formData().catch(() => null);
    if (!form) return oauthError(400, 'invalid_request');
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : null;
    };
    if (field('client_id') !== options.clientId || field('client_secret') !== options.clientSecret) return oauthError(401, 'invalid_client');
    if (field('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');
    const scopes = (field('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0) return oauthError(400, 'invalid_request');
    const granted = uberScopeOf[options.environment];
    if (scopes.some((scope) => scope !== granted)) return oauthError(400, 'invalid_scope');
    const accessToken = `uber-sim-${randomString(options.random, 24)}`;
    issued.add(accessToken);
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: options.tokenTtlSeconds, scope: granted });
  };

  return {
    async fetch(request) {
      const path = new URL(request.url).pathname.replace(/\/+$/, '');
      if (request.method === 'POST' && path === '/oauth/v2/token') return token(request);
      return oauthError(404, 'not_found');
    },
    isIssued: (accessToken) => issued.has(accessToken),
    revokeAll: () => issued.clear(),
    get requests() {
      return requests;
    },
  };
}
