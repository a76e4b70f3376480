import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/parse-config';
import { DEFAULT_HTTP_SERVER_TIMEOUTS, httpServerOptions, httpServerTimeoutsFromEnv } from './http-server-timeouts';

describe('HTTP server timeouts from env', () => {
  it('defaults to 10 s headers, 30 s request, 5 s keep-alive', () => {
    expect(httpServerTimeoutsFromEnv({})).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
  });

  it('reads the three variables', () => {
    expect(httpServerTimeoutsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '9000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' })).toEqual({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 9000,
      keepAliveTimeoutMs: 65_000,
    });
  });

  it('refuses non-numbers, zero, and headers longer than the request', () => {
    expect(() => httpServerTimeoutsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: 'ten' })).toThrow(ConfigError);
    expect(() => httpServerTimeoutsFromEnv({ HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => httpServerTimeoutsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/must not exceed/);
  });

  it('checks for expired requests often enough that the limit holds (not Node’s 30 s default)', () => {
    expect(httpServerOptions(DEFAULT_HTTP_SERVER_TIMEOUTS).connectionsCheckingInterval).toBe(1000);
    expect(httpServerOptions({ ...DEFAULT_HTTP_SERVER_TIMEOUTS, headersTimeoutMs: 400 }).connectionsCheckingInterval).toBe(100);
  });
});
