import type { JWK } from 'jose';
import { sandboxGatewaySigningJwk } from '../../config/sandbox/sandbox-keys';
import { ConfigError, resolveSecret, type EnvLookup } from '../../config/parse-config';
import type { GatewayConfig } from '../../config/schema';
import { createGatewayKeyRing, type GatewayKeyRing } from '../auth/gateway-signing-keys';

/** Reads the gateway's signing keys from config: the sandbox key, or JWK JSON in environment variables. */
export async function gatewayKeysFromConfig(config: GatewayConfig, env: EnvLookup): Promise<GatewayKeyRing> {
  const keys = config.signingKeys.map((key, index) => {
    if ('sandboxKey' in key.privateJwk) return { jwk: sandboxGatewaySigningJwk, retired: key.retired };
    const raw = resolveSecret(key.privateJwk, env, `signingKeys[${index}].privateJwk`);
    try {
      return { jwk: JSON.parse(raw) as JWK, retired: key.retired };
    } catch {
      throw new ConfigError(`Invalid config:\n  signingKeys[${index}].privateJwk: ${key.privateJwk.env} does not hold JWK JSON`);
    }
  });
  return createGatewayKeyRing(keys);
}
