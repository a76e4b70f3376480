import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway } from '../helpers/gateway';
import { freePort } from '../helpers/redis-server';

/**
 * REDIS_URL mistakes are refused at start naming the variable (ioredis would quietly use
 * 127.0.0.1:6379 for `redis://`), and a Redis that is down is logged with host, port and code,
 * one line per 10 s per connection kind, never with the password.
 */
let simulators: SandboxSimulators;
beforeAll(async () => {
  simulators = await startSandboxSimulators();
});
afterAll(async () => {
  await simulators?.close();
});

interface LogLine {
  msg: string;
  error?: string;
  code?: string;
  host?: string;
  port?: number;
  suppressed?: number;
}

describe('REDIS_URL', () => {
  it('refuses a URL without a host instead of connecting to 127.0.0.1:6379, naming REDIS_URL', async () => {
    await expect(startTestGateway({ simulators, env: { REDIS_URL: 'redis://' } })).rejects.toThrow(/REDIS_URL: has no host: write redis:\/\/HOST/);
    await expect(startTestGateway({ simulators, env: { REDIS_URL: 'redis://:hunter2@' } })).rejects.toThrow(/REDIS_URL: has no host/);
  });

  it('says what is wrong with redis://:9310, not just "Invalid URL", and never echoes the URL', async () => {
    const error = await startTestGateway({ simulators, env: { REDIS_URL: 'redis://:hunter2@:9310' } }).then(
      () => new Error('started'),
      (caught: unknown) => caught as Error,
    );
    expect(error).toMatchObject({ name: 'ConfigError' });
    expect(error.message).toContain('REDIS_URL: has a port but no host: write redis://HOST:PORT');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('Invalid URL');
  });
});

describe('Redis down', () => {
  it('logs host, port and error code, throttled (pub/sub too), and never the password', async () => {
    const port = await freePort();
    const gateway = await startTestGateway({ simulators, env: { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`, REDIS_START_WAIT_MS: '100' } });
    try {
      // Three connections (commands, publish, subscribe) retry with backoff up to every 2 s: a dozen errors each in 3.5 s.
      await new Promise((resolve) => setTimeout(resolve, 3500));
    } finally {
      await gateway.close();
    }
    const lines = gateway.logs.map((line) => JSON.parse(line) as LogLine);
    const connection = lines.filter((line) => line.msg === 'redis error');
    const pubsub = lines.filter((line) => line.msg === 'redis pub/sub error');
    expect(connection).toHaveLength(1);
    expect(pubsub).toHaveLength(1);
    for (const line of [...connection, ...pubsub]) {
      expect(line).toMatchObject({ error: 'Error', code: 'ECONNREFUSED', host: '127.0.0.1', port, suppressed: 0 });
    }
    expect(gateway.logs.join('\n')).not.toContain('hunter2');
  }, 15_000);
});
