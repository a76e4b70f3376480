import { describe, expect, it } from 'vitest';
import { ConfigProblems } from '../../config/parse-config';
import { listenHost, readNodeEnv } from './node-env';

const read = (env: Record<string, string>) => {
  const problems = new ConfigProblems();
  const value = readNodeEnv(env, problems);
  return { value, problems: Object.fromEntries(problems.list.map((problem) => [problem.path, problem.message])) };
};

describe('the Node environment (one zod schema)', () => {
  it('has the documented defaults', () => {
    expect(read({}).value).toEqual({
      configPath: undefined,
      port: 8787,
      host: undefined,
      logLevel: 'info',
      publicUrl: undefined,
      redis: { url: undefined, clusterNodes: undefined, namespace: 'caregate', startWaitMs: 3000 },
      shutdown: { deadlineMs: 10_000, drainDelayMs: 0 },
      httpTimeouts: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 },
      sandboxUrls: undefined,
    });
  });

  it('reads every value, empty text counting as unset', () => {
    const { value } = read({
      PORT: '9000',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'https://gateway.example',
      REDIS_URL: 'rediss://user:pw@redis.internal:6380/2',
      REDIS_NAMESPACE: 'test:abc',
      REDIS_START_WAIT_MS: '0',
      SHUTDOWN_DEADLINE_MS: '25000',
      SHUTDOWN_DRAIN_DELAY_MS: '',
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '9000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      SANDBOX_URLS: '{"fhir":"http://127.0.0.1:4000"}',
    });
    expect(value).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      logLevel: 'warn',
      publicUrl: 'https://gateway.example',
      redis: { url: 'rediss://user:pw@redis.internal:6380/2', namespace: 'test:abc', startWaitMs: 0 },
      shutdown: { deadlineMs: 25_000, drainDelayMs: 0 },
      httpTimeouts: { headersTimeoutMs: 2000, requestTimeoutMs: 9000, keepAliveTimeoutMs: 65_000 },
      sandboxUrls: { fhir: 'http://127.0.0.1:4000' },
    });
  });

  it('names every bad variable at once', () => {
    const { value, problems } = read({
      PORT: '80a',
      HOST: 'not a host',
      LOG_LEVEL: 'loud',
      PUBLIC_URL: 'ftp://gateway.example',
      REDIS_START_WAIT_MS: '-1',
      SHUTDOWN_DEADLINE_MS: '10s',
      HTTP_REQUEST_TIMEOUT_MS: '0',
      HTTP_HEADERS_TIMEOUT_MS: 'ten',
      SANDBOX_URLS: '{not json',
    });
    expect(value).toBeUndefined();
    expect(Object.keys(problems).sort()).toEqual(
      ['HOST', 'HTTP_HEADERS_TIMEOUT_MS', 'HTTP_REQUEST_TIMEOUT_MS', 'LOG_LEVEL', 'PORT', 'PUBLIC_URL', 'REDIS_START_WAIT_MS', 'SANDBOX_URLS', 'SHUTDOWN_DEADLINE_MS'].sort(),
    );
    expect(problems['PORT']).toBe('must be a whole number (a TCP port)');
    expect(read({ PORT: '70000' }).problems['PORT']).toBe('must be a whole number (a TCP port) from 0 to 65535');
  });

  it('refuses HTTP headers timeouts longer than the request timeout, also beside other problems', () => {
    expect(read({ HTTP_HEADERS_TIMEOUT_MS: '40000' }).problems['HTTP_HEADERS_TIMEOUT_MS']).toBe('must not exceed HTTP_REQUEST_TIMEOUT_MS');
    expect(read({ HTTP_HEADERS_TIMEOUT_MS: '40000', PORT: 'x' }).problems).toHaveProperty('HTTP_HEADERS_TIMEOUT_MS');
  });

  it('refuses a Redis URL without a host, naming REDIS_URL and never echoing the URL', () => {
    expect(read({ REDIS_URL: 'redis://' }).problems['REDIS_URL']).toMatch(/^has no host: write redis:\/\/HOST/);
    expect(read({ REDIS_URL: 'redis://:s3cret@' }).problems['REDIS_URL']).toMatch(/^has no host/);
    expect(read({ REDIS_URL: 'redis://:9310' }).problems['REDIS_URL']).toBe('has a port but no host: write redis://HOST:PORT (e.g. redis://127.0.0.1:9310)');
    expect(read({ REDIS_URL: 'redis://:s3cret@:9310' }).problems['REDIS_URL']).toMatch(/^has a port but no host/);
    expect(read({ REDIS_URL: 'localhost:6379' }).problems['REDIS_URL']).toMatch(/^must be redis:\/\//);
    expect(read({ REDIS_URL: 'redis://cache/keys' }).problems['REDIS_URL']).toMatch(/not a database number/);
    expect(read({ REDIS_CLUSTER_NODES: 'redis-a:7000,:7001' }).problems['REDIS_CLUSTER_NODES']).toMatch(/^node #2 has a port but no host/);
    expect(JSON.stringify(read({ REDIS_URL: 'redis://:s3cret@:9310', REDIS_CLUSTER_NODES: 'redis://:s3cret@' }).problems)).not.toContain('s3cret');
    expect(read({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'a:7000, b:7001' }).problems).toEqual({});
    expect(read({ REDIS_URL: '/var/run/redis.sock' }).problems).toEqual({});
  });

  it('listens on every interface outside the sandbox and on loopback in it, unless HOST says', () => {
    expect(listenHost({ host: undefined }, 'production')).toBe('0.0.0.0');
    expect(listenHost({ host: undefined }, 'sandbox')).toBe('127.0.0.1');
    expect(listenHost({ host: '::' }, 'sandbox')).toBe('::');
    expect(read({ HOST: '::' }).problems).toEqual({});
  });
});
