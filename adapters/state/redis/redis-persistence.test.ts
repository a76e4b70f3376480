import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis } from '../../../test/helpers/redis';
import { redisPersistence } from './redis-persistence';

/** Against the real test Redis: what it says about its append-only file, and "unknown" when it will not say. */
await describeWithRedis('Redis persistence probe', ({ url, namespace }) => {
  const user = `${namespace.replace(/:/g, '-')}-no-admin`;
  let admin: Redis;
  beforeAll(async () => {
    admin = new Redis(url);
    // A managed-Redis stand-in: this user may run data commands but neither INFO nor CONFIG.
    await admin.call('ACL', 'SETUSER', user, 'on', '>probe-pass', '~*', '&*', '+@all', '-info', '-config');
  });
  afterAll(async () => {
    await admin.call('ACL', 'DELUSER', user);
    await admin.quit();
  });

  it('reports aof or none as the server itself says', async () => {
    const info = await admin.info('persistence');
    const expected = /^aof_enabled:1/m.test(info) ? 'aof' : 'none';
    expect(await redisPersistence(admin)).toBe(expected);
  });

  it('reports unknown, without failing, when INFO and CONFIG are refused', async () => {
    const restricted = new Redis(url, { username: user, password: 'probe-pass' });
    try {
      await expect(restricted.info('persistence')).rejects.toThrow(/NOPERM/);
      expect(await redisPersistence(restricted)).toBe('unknown');
    } finally {
      await restricted.quit();
    }
  });
});
