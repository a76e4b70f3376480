/**
 * Why a Redis URL (REDIS_URL, or one REDIS_CLUSTER_NODES entry) cannot be used, or null. Checked
 * before ioredis sees it, because ioredis quietly fills an empty host with 127.0.0.1 and says only
 * "Invalid URL" for `redis://:9310`. Never echoes the text: it may hold a password.
 */
export function redisUrlProblem(text: string): string | null {
  if (text.startsWith('/')) return null; // a unix socket path, as ioredis accepts
  if (!/^rediss?:\/\//i.test(text)) return 'must be redis://host[:port][/db] or rediss:// (TLS), or a unix socket path';
  const noHost = 'has no host: write redis://HOST[:PORT] (e.g. redis://127.0.0.1:6379); without one the client would quietly use 127.0.0.1';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    if (/^rediss?:\/\/([^@/]*@)?:\d*([/?]|$)/i.test(text)) return 'has a port but no host: write redis://HOST:PORT (e.g. redis://127.0.0.1:9310)';
    if (/^rediss?:\/\/([^@/]*@)?([/?]|$)/i.test(text)) return noHost;
    return 'is not a valid URL (percent-encode special characters in the user name and password)';
  }
  if (url.hostname === '') return noHost;
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d+$/.test(url.pathname)) return 'has a path that is not a database number (redis://host:port/0)';
  return null;
}

/** REDIS_CLUSTER_NODES entries: `host:port` or a redis[s]:// URL each, comma-separated. */
export function clusterNodesProblem(text: string): string | null {
  const parts = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) return 'lists no node (host:port,host:port,...)';
  for (const [index, part] of parts.entries()) {
    const problem = redisUrlProblem(part.includes('://') ? part : `redis://${part}`);
    if (problem) return `node #${index + 1} ${problem}`;
  }
  return null;
}
