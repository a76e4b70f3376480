import type { RedisClient } from './redis-connection';

export const sha1Hex = async (text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
};

/**
 * A Lua script run by SHA (EVALSHA), with its body sent once (EVAL) when the server does not
 * know it: a restarted or failed-over server forgets its script cache. Keys go as KEYS, so
 * ioredis prefixes them and routes the call to their slot on a Cluster.
 */
export const createLuaScript = (body: string) => {
  let shaPromise: Promise<string> | undefined;
  return async (redis: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> => {
    shaPromise ??= sha1Hex(body);
    const sha = await shaPromise;
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(body, keys.length, ...keys, ...args);
      throw error;
    }
  };
};
