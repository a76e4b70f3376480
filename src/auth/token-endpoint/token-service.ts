import type { PartnerConfig } from '../../../config/schema';
import type { AccessTokenIssuer } from '../access-token-issuer';
import type { ClientAssertionVerifier } from './client-assertion';
import { OAuthError } from './oauth-error';
import { grantScopes } from './token-scope';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

export interface TokenGrant {
  body: TokenResponse;
  partner: PartnerConfig;
}

export interface TokenService {
  /** A form-encoded token request -> an access token, or OAuthError. */
  exchange(form: URLSearchParams): Promise<TokenGrant>;
}

/** The client_credentials grant of SMART Backend Services: assertion in, short-lived gateway token out. */
export function createTokenService(deps: { assertions: ClientAssertionVerifier; issuer: AccessTokenIssuer }): TokenService {
  return {
    async exchange(form) {
      if (form.get('grant_type') !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'grant_type must be client_credentials');
      if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
        throw new OAuthError('invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
      }
      const assertion = form.get('client_assertion');
      if (!assertion) throw new OAuthError('invalid_request', 'client_assertion required');
      if (form.getAll('client_assertion').length > 1 || form.getAll('scope').length > 1) {
        throw new OAuthError('invalid_request', 'parameters must not repeat');
      }
      const partner = await deps.assertions.verify(assertion, form.get('client_id'));
      const { scopes, scope } = grantScopes(form.get('scope'), partner.scopes);
      const { token, expiresIn } = await deps.issuer.issue({ partnerId: partner.id, scopes });
      return { partner, body: { access_token: token, token_type: 'bearer', expires_in: expiresIn, scope } };
    },
  };
}
