import { parseArgs } from 'node:util';
import { ConfigError } from '../config/parse-config';
import { createAccessTokenIssuer } from '../src/auth/access-token-issuer';
import { systemClock } from '../src/ports/clock';
import { gatewayKeysFromConfig } from '../src/runtime/gateway-keys-from-config';
import { loadConfigFromFile, withSandboxPublicUrl } from '../src/runtime/load-config-node';
import { sandboxAuthorizationHeader } from '../src/runtime/sandbox-token';

/**
 * `npm run token -- --partner sandbox-payer [--scope "coverage.read"]` prints a ready
 * Authorization header value for a sandbox partner, signed with the sandbox-only key that
 * `npm start` trusts. Refused for any non-sandbox config.
 */
try {
  const { values } = parseArgs({ options: { partner: { type: 'string', default: 'sandbox-internal' }, scope: { type: 'string' } } });
  const loaded = loadConfigFromFile(process.env['CAREGATE_CONFIG']);
  const config = withSandboxPublicUrl(loaded.config, Number(process.env['PORT'] ?? 8787));
  if (config.mode !== 'sandbox') throw new ConfigError('npm run token works only with a sandbox config; real partners use POST /oauth/token');
  const keys = await gatewayKeysFromConfig(config, (name) => process.env[name]);
  const issuer = createAccessTokenIssuer({ keys, issuer: config.publicUrl, audience: config.audience, ttlSeconds: config.accessTokenTtlSeconds, clock: systemClock });
  console.log(await sandboxAuthorizationHeader({ config, issuer }, values.partner ?? 'sandbox-internal', values.scope));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
