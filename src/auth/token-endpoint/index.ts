export { createClientAssertionVerifier, MAX_ASSERTION_BYTES, MAX_ASSERTION_LIFETIME_SECONDS, type ClientAssertionVerifier } from './client-assertion';
export { AUTHORIZATION_SERVER_METADATA_PATH, issuerOf, JWKS_PATH, SMART_CONFIGURATION_PATH, smartConfiguration, TOKEN_PATH, tokenUrlOf } from './discovery';
export { noStoreHeaders, OAuthError, oauthErrorResponse, type OAuthErrorCode } from './oauth-error';
export { ASSERTION_ALGS, createPartnerKeyResolver, type PartnerKeyResolver } from './partner-keys';
export { createRemoteJwks, maxAgeOf, type RemoteJwks, type RemoteJwksOptions } from './remote-jwks';
export { CLIENT_ASSERTION_TYPE, createTokenService, type TokenResponse, type TokenService } from './token-service';
export { grantScopes, type ScopeGrant } from './token-scope';
