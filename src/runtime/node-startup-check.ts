import type { ConfigProblems, EnvLookup } from '../../config/parse-config';
import type { GatewayConfig } from '../../config/schema';
import type { ValueEncryption } from '../crypto/value-encryption';
import { loadConfigFromFile } from './load-config-node';
import { readNodeEnv, type NodeEnv } from './node-env';
import { valueEncryptionFromEnv } from './value-encryption-from-env';

type RawEnv = Readonly<Record<string, string | undefined>>;

const ENCRYPTION_REQUIRED =
  'CACHE_ENCRYPTION_KEY is required in production when Redis is configured (REDIS_URL / REDIS_CLUSTER_NODES): ' +
  'cached records hold PHI. Set it to base64 of 32 random bytes (e.g. `openssl rand -base64 32`); ' +
  'rotate with "newKey,oldKey" (or CACHE_ENCRYPTION_KEYS).';

/** The environment and the config file, each problem of both collected (start-up and `npm run config:check` alike). */
export function readNodeEnvAndConfig(env: RawEnv, problems: ConfigProblems, configPath?: string): { nodeEnv: NodeEnv | undefined; config: GatewayConfig | undefined } {
  const nodeEnv = readNodeEnv(env, problems);
  const config = problems.attempt(() => loadConfigFromFile(configPath ?? (env['CAREGATE_CONFIG'] || undefined)).config);
  return { nodeEnv, config };
}

/**
 * The value-sealing codec from CACHE_ENCRYPTION_KEY(S), when set; in production with Redis a
 * missing key is a problem (added to `problems`), as is a key that does not parse.
 */
export function nodeValueEncryption(env: RawEnv, mode: GatewayConfig['mode'], problems: ConfigProblems): Promise<ValueEncryption | undefined> {
  const redisConfigured = Boolean(env['REDIS_URL'] || env['REDIS_CLUSTER_NODES']);
  const lookup: EnvLookup = (name) => env[name] || undefined;
  return valueEncryptionFromEnv(lookup, redisConfigured && mode === 'production' ? ENCRYPTION_REQUIRED : undefined, problems);
}
