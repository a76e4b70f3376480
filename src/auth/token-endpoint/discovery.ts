import { smartScopeExamples } from '../smart-scopes';
import { scopeNames } from '../scopes';
import { ASSERTION_ALGS } from './partner-keys';

export const TOKEN_PATH = '/oauth/token';
export const JWKS_PATH = '/.well-known/jwks.json';
export const SMART_CONFIGURATION_PATH = '/.well-known/smart-configuration';
/** RFC 8414 section 3 (what openid-client's `discovery(..., { algorithm: 'oauth2' })` reads). */
export const AUTHORIZATION_SERVER_METADATA_PATH = '/.well-known/oauth-authorization-server';

/** The issuer identifier: the public URL without a trailing slash (the `iss` of our access tokens). */
export const issuerOf = (publicUrl: string): string => publicUrl.replace(/\/+$/, '');
export const tokenUrlOf = (publicUrl: string): string => `${issuerOf(publicUrl)}${TOKEN_PATH}`;

/**
 * SMART App Launch v2 discovery document, limited to what Backend Services clients need. Its
 * fields are RFC 8414 names, so the same document answers at both well-known paths.
 */
export function smartConfiguration(publicUrl: string) {
  const base = issuerOf(publicUrl);
  return {
    issuer: base,
    jwks_uri: `${base}${JWKS_PATH}`,
    token_endpoint: tokenUrlOf(base),
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...scopeNames, ...smartScopeExamples(), 'system/*.read'],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  };
}
