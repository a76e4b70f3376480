import type { GatewayConfig } from '../../config/schema';

const SCHEME = 'sandbox://';

const hostName = (value: string): string => {
  const rest = value.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? rest : rest.slice(0, slash);
};

/** Every simulator host name the sources' `sandbox://` URL fields refer to. */
export const sandboxHostNames = (config: GatewayConfig): string[] => [
  ...new Set(config.sources.flatMap((source) => Object.values(source).flatMap((value) => (typeof value === 'string' && value.startsWith(SCHEME) ? [hostName(value)] : [])))),
];

/**
 * Replaces `sandbox://<name>[/path]` in the sources' URL fields (`baseUrl`, `tokenUrl`: any
 * top-level string) with the loopback URL of the simulator host of that name, path kept.
 */
export function resolveSandboxUrls(config: GatewayConfig, urls: Readonly<Record<string, string>>): GatewayConfig {
  return {
    ...config,
    sources: config.sources.map((source) => {
      const resolve = (value: string) => {
        const rest = value.slice(SCHEME.length);
        const slash = rest.indexOf('/');
        const name = slash === -1 ? rest : rest.slice(0, slash);
        const url = urls[name];
        if (!url) throw new Error(`no sandbox simulator named "${name}" (source ${source.id})`);
        return slash === -1 ? url : `${url}${rest.slice(slash)}`;
      };
      const resolved = Object.entries(source).flatMap(([field, value]) => (typeof value === 'string' && value.startsWith(SCHEME) ? [[field, resolve(value)]] : []));
      return resolved.length === 0 ? source : Object.assign({}, source, Object.fromEntries(resolved) as Record<string, string>);
    }),
  };
}
