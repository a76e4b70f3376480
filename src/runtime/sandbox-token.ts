import { GatewayError } from '../domain/errors';
import { parseScopes, type Scope } from '../auth/scopes';
import type { GatewayConfig } from '../../config/schema';
import type { AccessTokenIssuer } from '../auth/access-token-issuer';

/** A ready `Bearer ...` header for a sandbox partner. Refused outside the sandbox. */
export async function sandboxAuthorizationHeader(
  { config, issuer }: { config: GatewayConfig; issuer: AccessTokenIssuer },
  partnerId: string,
  scope?: string,
): Promise<string> {
  if (config.mode !== 'sandbox') throw new GatewayError('FORBIDDEN', 'Tokens are printed only in the sandbox; use /oauth/token');
  const partner = config.partners.find((candidate) => candidate.id === partnerId);
  if (!partner) throw new GatewayError('NOT_FOUND', `No sandbox partner "${partnerId}" (have: ${config.partners.map((p) => p.id).join(', ')})`);
  const wanted: Scope[] = scope === undefined ? partner.scopes : parseScopes(scope).filter((s) => partner.scopes.includes(s));
  const { token } = await issuer.issue({ partnerId, scopes: wanted });
  return `Bearer ${token}`;
}
