import { scopeNames } from '../scopes';
import { ASSERTION_ALGS } from './partner-keys';

export const TOKEN_PATH = '/oauth/token';
export const JWKS_PATH = '/.well-known/jwks.json';
export const SMART_CONFIGURATION_PATH = '/.well-known/smart-configuration';

export const tokenUrlOf = (publicUrl: string): string => `${publicUrl.replace(/\/+$/, '')}${TOKEN_PATH}`;

/** SMART App Launch v2 discovery document, limited to what Backend Services clients need. */
export function smartConfiguration(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    issuer: base,
    jwks_uri: `${base}${JWKS_PATH}`,
    token_endpoint: tokenUrlOf(base),
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...scopeNames],
    capabilities: ['client-confidential-asymmetric'],
  };
}
