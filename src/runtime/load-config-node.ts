import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, parseConfig } from '../../config/parse-config';
import type { GatewayConfig } from '../../config/schema';

export const SANDBOX_CONFIG_PATH = new URL('../../config/sandbox.json', import.meta.url);

/** CAREGATE_CONFIG names a JSON file; without it, the sandbox config. Throws ConfigError naming the bad field. */
export function loadConfigFromFile(path: string | undefined): { config: GatewayConfig; source: string } {
  const source = path ? resolve(path) : SANDBOX_CONFIG_PATH.pathname;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path ? resolve(path) : SANDBOX_CONFIG_PATH, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read config ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { config: parseConfig(raw), source };
}

/** Sandbox only: the public URL follows PORT so token `iss`/`aud` match where the gateway listens. */
export function withSandboxPublicUrl(config: GatewayConfig, port: number): GatewayConfig {
  return config.mode === 'sandbox' ? { ...config, publicUrl: `http://localhost:${port}` } : config;
}
