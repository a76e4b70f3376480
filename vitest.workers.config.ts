import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { defineConfig } from 'vitest/config';
import type {} from './test/shared/provided-context';

/** Miniflare ids shared by the gateway worker and the test runner, so tests can look inside the gateway's state. */
const GATEWAY_CACHE_ID = 'caregate-gateway-cache';

/**
 * The second half of `npm test`: the Worker inside workerd (Miniflare, local, no network).
 *
 * Two workers run. "caregate" is the gateway exactly as deployed: the bundle `wrangler deploy`
 * would upload (built by the global setup) with wrangler.toml's bindings (KV CACHE, Durable
 * Object STATE); tests reach it through the GATEWAY service binding. The runner worker (main =
 * src/runtime/worker.ts, same bindings) runs the test files themselves, so the port contract
 * suites can drive the KV and Durable Object adapters directly. The gateway runs as its own
 * worker because the runner evaluates imported modules inside a request, which workerd does not
 * do in production: module-level objects (cockatiel's AbortSignal) would then be bound to that
 * request and break every later one.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => {
      const { workerOptions } = unstable_getMiniflareWorkerOptions('./wrangler.toml');
      return {
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // The sandbox bindings, also for tests that build a gateway container in the runner.
          bindings: { LOG_LEVEL: 'warn', SANDBOX_URLS: JSON.stringify(inject('sandboxUrls')), ...inject('sandboxSecrets') },
          // The runner's test-only bindings: a KV namespace for config-from-KV tests, and views of the gateway's state.
          kvNamespaces: { CONFIG_UNDER_TEST: 'config-under-test', GATEWAY_CACHE: GATEWAY_CACHE_ID },
          durableObjects: { GATEWAY_STATE: { className: 'CaregateState', scriptName: 'caregate', useSQLite: true } },
          serviceBindings: { GATEWAY: 'caregate' },
          workers: [
            {
              ...workerOptions,
              name: 'caregate',
              modules: true,
              scriptPath: inject('workerBundlePath'),
              bindings: { ...workerOptions.bindings, LOG_LEVEL: 'warn', SANDBOX_URLS: JSON.stringify(inject('sandboxUrls')), ...inject('sandboxSecrets') },
              kvNamespaces: { CACHE: GATEWAY_CACHE_ID },
            },
          ],
        },
      };
    }),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    isolate: false,
    globalSetup: ['test/helpers/workers-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
