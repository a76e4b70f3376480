import { ConfigError, parseConfig } from '../../config/parse-config';
import sandboxConfig from '../../config/sandbox.json';
import type { GatewayConfig } from '../../config/schema';
import { resolveSandboxUrls } from './resolve-sandbox-urls';
import type { WorkerEnv } from './worker-env';

export const DEFAULT_CONFIG_KEY = 'caregate.json';

const parseJson = (text: string, where: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a secret-bearing config.
    throw new ConfigError(`Cannot read config ${where}: not valid JSON`);
  }
};

/**
 * The Worker's config, read once per isolate: the CAREGATE_CONFIG var, else the CONFIG KV
 * namespace, else the bundled sandbox config. A CONFIG binding without the key is an error,
 * not a silent fall-back to the sandbox. An isolate reads the config once, and KV may serve a
 * location its previous copy for up to a minute, so write a changed config, wait a minute,
 * then deploy (a deploy starts fresh isolates everywhere).
 */
export async function loadWorkerConfig(env: WorkerEnv): Promise<GatewayConfig> {
  let raw: unknown = sandboxConfig;
  if (typeof env.CAREGATE_CONFIG === 'string' && env.CAREGATE_CONFIG.trim() !== '') {
    raw = parseJson(env.CAREGATE_CONFIG, 'CAREGATE_CONFIG');
  } else if (env.CONFIG) {
    const key = env.CONFIG_KEY ?? DEFAULT_CONFIG_KEY;
    const text = await env.CONFIG.get(key, 'text');
    if (text === null) throw new ConfigError(`Cannot read config: KV namespace CONFIG has no key "${key}"`);
    raw = parseJson(text, `CONFIG/${key}`);
  }
  const config = parseConfig(raw);
  if (typeof env.SANDBOX_URLS === 'string' && config.mode === 'sandbox') {
    return resolveSandboxUrls(config, parseJson(env.SANDBOX_URLS, 'SANDBOX_URLS') as Record<string, string>);
  }
  return config;
}
