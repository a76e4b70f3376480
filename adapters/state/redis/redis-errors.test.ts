import { describe, expect, it } from 'vitest';
import { redisErrorFields } from './redis-errors';

describe('redisErrorFields', () => {
  it('takes code, host and port from a socket error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6380'), { code: 'ECONNREFUSED', address: '10.0.0.7', port: 6380 });
    expect(redisErrorFields(refused, { host: 'redis.internal', port: 6379 })).toEqual({ error: 'Error', code: 'ECONNREFUSED', host: '10.0.0.7', port: 6380 });
  });

  it('names a reply error by its first word and the endpoint by config, never the rest of the message', () => {
    const reply = Object.assign(new Error('WRONGPASS invalid username-password pair or user is disabled.'), { name: 'ReplyError' });
    const fields = redisErrorFields(reply, { host: 'redis.internal', port: 6379 });
    expect(fields).toEqual({ error: 'ReplyError', code: 'WRONGPASS', host: 'redis.internal', port: 6379 });
    expect(JSON.stringify(fields)).not.toContain('username-password');
  });

  it('reports the node error a Cluster wraps, and unknown for anything else', () => {
    const nodeError = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT', address: '10.0.0.9', port: 7001 });
    const wrapped = Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError', lastNodeError: nodeError });
    expect(redisErrorFields(wrapped)).toEqual({ error: 'ClusterAllFailedError', code: 'ETIMEDOUT', host: '10.0.0.9', port: 7001 });
    expect(redisErrorFields('boom')).toEqual({ error: 'unknown', code: 'unknown' });
  });
});
