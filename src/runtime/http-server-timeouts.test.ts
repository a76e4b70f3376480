import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_SERVER_TIMEOUTS, httpServerOptions } from './http-server-timeouts';

// Reading HTTP_*_TIMEOUT_MS from the environment: node-env.test.ts.
describe('HTTP server timeouts', () => {
  it('checks for expired requests often enough that the limit holds (not Node’s 30 s default)', () => {
    expect(httpServerOptions(DEFAULT_HTTP_SERVER_TIMEOUTS).connectionsCheckingInterval).toBe(1000);
    expect(httpServerOptions({ ...DEFAULT_HTTP_SERVER_TIMEOUTS, headersTimeoutMs: 400 }).connectionsCheckingInterval).toBe(100);
  });
});
