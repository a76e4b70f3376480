import type { JWK } from 'jose';
import { sandboxGatewaySigningJwk } from '../../config/sandbox/sandbox-keys';
import { ConfigProblems, type EnvLookup } from '../../config/parse-config';
import type { GatewayConfig } from '../../config/schema';
import { gatewaySigningJwkProblem } from '../auth/gateway-signing-jwk';
import { createGatewayKeyRing, type GatewayKeyRing } from '../auth/gateway-signing-keys';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The gateway's signing keys as JWKs: the sandbox key, or JWK JSON in environment variables.
 * Every unset variable and every unusable key (not JSON, not ES256) is added to `problems`,
 * naming the key's path and variable; those keys are left out of the result.
 */
export function readGatewaySigningJwks(config: GatewayConfig, env: EnvLookup, problems: ConfigProblems): { jwk: JWK; retired: boolean }[] {
  return config.signingKeys.flatMap((key, index): { jwk: JWK; retired: boolean }[] => {
    if ('sandboxKey' in key.privateJwk) return [{ jwk: sandboxGatewaySigningJwk, retired: key.retired }];
    const path = `signingKeys[${index}].privateJwk`;
    const raw = problems.secret(key.privateJwk, path, env);
    if (raw === '') return [];
    const jwk = parseJson(raw);
    const problem = jwk === undefined ? 'does not hold JWK JSON' : gatewaySigningJwkProblem(jwk);
    if (problem) {
      problems.add(path, `${key.privateJwk.env} ${problem}`);
      return [];
    }
    return [{ jwk: jwk as JWK, retired: key.retired }];
  });
}

/** Reads the gateway's signing keys from config; throws one ConfigError naming every bad key. */
export async function gatewayKeysFromConfig(config: GatewayConfig, env: EnvLookup): Promise<GatewayKeyRing> {
  const problems = new ConfigProblems();
  const keys = readGatewaySigningJwks(config, env, problems);
  problems.throwIfAny();
  return createGatewayKeyRing(keys);
}
