import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/ports/audit-sink';
import { describeWithRedis } from '../../../test/helpers/redis';
import { createRedisStreamAuditSink } from './redis-stream-audit-sink';

const event = (n: number): AuditEvent => ({
  time: `2030-01-15T09:00:${String(n % 60).padStart(2, '0')}.000Z`,
  requestId: `req-0000000${n}`,
  partnerId: 'sandbox-rides',
  operationName: n % 2 ? 'ReadAppointment' : null,
  action: 'read',
  resourceType: 'Appointment',
  resourceIds: [`QXBwb2ludG1lbnQ6c2FuZGJveC1laHI6${n}`],
  sourceId: n % 2 ? 'sandbox-ehr' : null,
  outcome: 'success',
});

await describeWithRedis('Redis Stream audit sink', ({ url, namespace }) => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(url);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('appends each event as flat fields, ids only, null fields omitted', async () => {
    const stream = `${namespace}:audit:fields`;
    const sink = createRedisStreamAuditSink({ redis, stream, maxLength: 1000 });
    await sink.write(event(1));
    await sink.write(event(2));
    const entries = await redis.xrange(stream, '-', '+');
    expect(entries).toHaveLength(2);
    const fields = entries.map(([, flat]) => Object.fromEntries(flat.flatMap((value, i) => (i % 2 === 0 ? [[value, flat[i + 1]]] : []))));
    expect(fields[0]).toEqual({
      time: '2030-01-15T09:00:01.000Z',
      requestId: 'req-00000001',
      partnerId: 'sandbox-rides',
      operationName: 'ReadAppointment',
      action: 'read',
      resourceType: 'Appointment',
      resourceIds: JSON.stringify(['QXBwb2ludG1lbnQ6c2FuZGJveC1laHI61']),
      sourceId: 'sandbox-ehr',
      outcome: 'success',
    });
    expect(fields[1]).not.toHaveProperty('operationName');
    expect(fields[1]).not.toHaveProperty('sourceId');
  });

  it('caps the stream near maxLength (MAXLEN ~)', async () => {
    const stream = `${namespace}:audit:cap`;
    const sink = createRedisStreamAuditSink({ redis, stream, maxLength: 100 });
    for (let n = 0; n < 1000; n++) await sink.write(event(n));
    const length = await redis.xlen(stream);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(1000);
  });

  it('rejects when Redis cannot take the write, so the PHI read fails', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = new Redis(`redis://127.0.0.1:${port}`, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    down.on('error', () => {});
    try {
      await expect(createRedisStreamAuditSink({ redis: down, stream: `${namespace}:audit:down`, maxLength: 10 }).write(event(1))).rejects.toThrow();
    } finally {
      down.disconnect();
    }
  });
});
