import { type Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRedisCache, createRedisConnection, createRedisRateLimiter, createRedisStore, waitForRedisReady, type RedisClient } from '../../adapters/state/redis';
import { createMemoryRateLimiter } from '../../adapters/state/memory';
import { encodeGlobalId } from '../../src/domain/global-id';
import { systemClock } from '../../src/ports/clock';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { parseClusterNodes } from '../../src/runtime/node-state';
import { createValueEncryption } from '../../src/crypto/value-encryption';
import { cacheContract } from '../contract/cache.contract';
import { storeContract } from '../contract/store.contract';
import { startTestGateway } from '../helpers/gateway';
import { startThrowawayCluster, type ThrowawayCluster } from '../helpers/redis-server';

/**
 * Redis Cluster: three local masters (redis-server --cluster-enabled, redis-cli --cluster
 * create). The Cache and Store contracts pass over an ioredis Cluster client, and the gateway
 * runs on it via REDIS_CLUSTER_NODES. Every command we send is single-key: compare-and-set is a
 * Lua script on the record's own key, an ordered index one sorted set under a {hash tag} of its
 * name, the rate limiter's bucket one hash under a {hash tag}; so no operation needs two slots,
 * and the tags keep any later companion key of an index or bucket on its slot.
 */
let cluster: ThrowawayCluster;
let a: RedisClient;
let b: RedisClient;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  const { target } = parseClusterNodes(cluster.seeds);
  a = createRedisConnection(target, { keyPrefix: 'cluster-test:' });
  b = createRedisConnection(target, { keyPrefix: 'cluster-test:' });
  expect(await waitForRedisReady(a, 5000)).toBe(true);
  expect(await waitForRedisReady(b, 5000)).toBe(true);
}, 30_000);
afterAll(async () => {
  a?.disconnect();
  b?.disconnect();
  await cluster?.stop();
});

describe('Redis Cluster state', () => {
  cacheContract('redis cluster', async () => ({ cache: createRedisCache({ redis: a, clock: systemClock, namespace: 'caregate' }), clock: systemClock, advance: sleep }));

  storeContract('redis cluster (two connections)', async () => {
    const store = createRedisStore({ redis: a, namespace: 'caregate' });
    return { store, instances: [store, createRedisStore({ redis: b, namespace: 'caregate' })], advance: sleep };
  });

  it('spreads keys over the masters and runs the rate-limit script on its hash-tagged bucket', async () => {
    const codec = await createValueEncryption(Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'));
    const cache = createRedisCache({ redis: a, clock: systemClock, namespace: 'spread', codec });
    for (let i = 0; i < 60; i++) await cache.set(`k${i}`, { i }, { ttlSeconds: 60 });
    expect((await cache.get('k7', z.object({ i: z.number() }))).entry?.value).toEqual({ i: 7 });
    const perNode = await Promise.all((a as Cluster).nodes('master').map(async (node) => (await node.keys('cluster-test:spread:*')).length));
    expect(perNode.filter((count) => count > 0).length).toBe(3);

    const limiter = createRedisRateLimiter({ redis: a, namespace: 'cluster-test-rl', fallback: createMemoryRateLimiter({ clock: systemClock }) });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.take('partner:p1', { perSecond: 0.01, burst: 3 }));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);

    // An index is one sorted set whose slot is its name's hash tag.
    const store = createRedisStore({ redis: a, namespace: 'spread' });
    await store.indexAdd('ride-index:active:src', 'ride:1', 1);
    const indexKey = 'cluster-test:spread:index:{ride-index:active:src}';
    expect(await (a as Cluster).cluster('KEYSLOT', indexKey)).toBe(await (a as Cluster).cluster('KEYSLOT', 'ride-index:active:src'));
    const holders = await Promise.all((a as Cluster).nodes('master').map(async (node) => node.keys('cluster-test:spread:index:*')));
    expect(holders.flat()).toEqual([indexKey]);
  });
});

describe('the gateway on Redis Cluster', () => {
  let simulators: SandboxSimulators;
  beforeAll(async () => {
    simulators = await startSandboxSimulators();
  });
  afterAll(async () => {
    await simulators?.close();
  });

  it('caches records in the cluster (encrypted) and is ready', async () => {
    const gateway = await startTestGateway({
      simulators,
      env: {
        REDIS_CLUSTER_NODES: cluster.seeds,
        REDIS_NAMESPACE: 'gw-cluster',
        CACHE_ENCRYPTION_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'),
      },
    });
    try {
      const bundle = (await (await fetch(`${simulators.urls['fhir']}/Patient?_count=1`)).json()) as { entry: { resource: { id: string } }[] };
      const id = encodeGlobalId({ type: 'Patient', sourceId: 'sandbox-ehr', localId: bundle.entry[0]?.resource.id as string });
      const query = `query P($id: ID!) { patient(id: $id) { id freshness { state } } }`;
      expect((await gateway.graphql<{ patient: { freshness: { state: string } } }>(query, { variables: { id } })).body.data?.patient.freshness.state).toBe('FRESH');
      expect((await gateway.graphql<{ patient: { freshness: { state: string } } }>(query, { variables: { id } })).body.data?.patient.freshness.state).toBe('CACHED');
      const readiness = (await (await fetch(`${gateway.url}/readyz`)).json()) as { status: string; checks: Record<string, string> };
      expect(readiness.checks['redis']).toBe('up');
      const keys = (await Promise.all((a as Cluster).nodes('master').map((node) => node.keys('gw-cluster:*')))).flat();
      expect(keys.some((key) => key.startsWith('gw-cluster:cache:ehr:'))).toBe(true);
      expect(keys).toContain('gw-cluster:audit');
    } finally {
      await gateway.close();
    }
  });
});
