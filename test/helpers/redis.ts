import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, it } from 'vitest';

/** The Redis the suites use: REDIS_URL, or the conventional local server. */
export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The URL fit for a log line or an error message: any password masked. */
export const displayRedisUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable REDIS_URL>';
  }
};

/** One quick PING, no retries: is a Redis server answering at `url`? */
export const redisAvailable = async (url = redisUrl(), timeoutMs = 500): Promise<boolean> => {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // the answer is the boolean; a refused connection is not news here
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
};

/** Deletes every key starting with `prefix` (SCAN + DEL: other files share the server, so never FLUSHALL). */
export const deleteKeysWithPrefix = async (url: string, prefix: string): Promise<number> => {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
};

export interface RedisTestContext {
  url: string;
  /** Unique to this suite and run (`test:<random>`); every key a test writes must start with it. */
  namespace: string;
}

let skipNoticeShown = false;

/**
 * Registers a suite that needs a real Redis. Reachable: the suite runs in its own namespace,
 * whose keys are deleted afterwards. Unreachable in CI: one failing test, since a silently
 * skipped Redis suite would let a broken adapter ship. Unreachable locally: the suite is
 * skipped with one loud line saying how to run it. Await it at the top level of the test file.
 */
export const describeWithRedis = async (name: string, fn: (ctx: RedisTestContext) => void): Promise<void> => {
  const url = redisUrl();
  if (await redisAvailable(url)) {
    const ctx: RedisTestContext = { url, namespace: `test:${randomBytes(6).toString('hex')}` };
    describe(name, () => {
      afterAll(async () => {
        await deleteKeysWithPrefix(url, ctx.namespace);
      });
      fn(ctx);
    });
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a Redis server', () => {
        throw new Error(`Redis required in CI at ${displayRedisUrl(url)}`);
      });
    });
    return;
  }
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    console.warn(
      `\n*** REDIS SUITES SKIPPED: no Redis answering at ${displayRedisUrl(url)}. ` +
        'Start one (`redis-server`) or set REDIS_URL=redis://host:port to run them. ***\n',
    );
  }
  describe.skip(name, () => fn({ url, namespace: 'test:skipped' }));
};
