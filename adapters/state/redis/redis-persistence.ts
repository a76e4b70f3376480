import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis-connection';

/**
 * Whether the Redis holding the Store survives a restart with what it was told: `aof` when every
 * (master) node appends each write to its append-only file, `none` when one does not, `unknown`
 * when Redis will not say (managed services often disable CONFIG, some INFO too).
 */
export type RedisPersistence = 'aof' | 'none' | 'unknown';

const fromInfo = async (node: Redis): Promise<RedisPersistence> => {
  const enabled = /^aof_enabled:(\d)/m.exec(await node.info('persistence'))?.[1];
  if (enabled === undefined) return 'unknown';
  return enabled === '1' ? 'aof' : 'none';
};

const fromConfig = async (node: Redis): Promise<RedisPersistence> => {
  // CONFIG GET answers [name, value] pairs.
  const reply = await node.config('GET', 'appendonly');
  const value = Array.isArray(reply) ? (reply as unknown[])[1] : undefined;
  if (value === 'yes') return 'aof';
  return value === 'no' ? 'none' : 'unknown';
};

const nodePersistence = async (node: Redis): Promise<RedisPersistence> => {
  // INFO first: read-only, and allowed by more managed services than CONFIG.
  const info = await fromInfo(node).catch((): RedisPersistence => 'unknown');
  if (info !== 'unknown') return info;
  return fromConfig(node).catch((): RedisPersistence => 'unknown');
};

export async function redisPersistence(redis: RedisClient): Promise<RedisPersistence> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  if (nodes.length === 0) return 'unknown';
  const each = await Promise.all(nodes.map(nodePersistence));
  if (each.includes('none')) return 'none';
  return each.includes('unknown') ? 'unknown' : 'aof';
}
