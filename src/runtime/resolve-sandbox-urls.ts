import type { GatewayConfig } from '../../config/schema';

/** Replaces `sandbox://<name>` base URLs with the loopback URLs of the simulators that were started. */
export function resolveSandboxUrls(config: GatewayConfig, urls: Readonly<Record<string, string>>): GatewayConfig {
  return {
    ...config,
    sources: config.sources.map((source) => {
      if (!source.baseUrl.startsWith('sandbox://')) return source;
      const name = source.baseUrl.slice('sandbox://'.length);
      const url = urls[name];
      if (!url) throw new Error(`no sandbox simulator named "${name}" (source ${source.id})`);
      return { ...source, baseUrl: url };
    }),
  };
}
