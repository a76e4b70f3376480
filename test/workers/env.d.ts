import type { CaregateState } from '../../adapters/state/durable-object';
import type { WorkerEnv } from '../../src/runtime/worker-env';

declare global {
  namespace Cloudflare {
    /** The runner's bindings in the workerd test run: wrangler.toml's top level plus vitest.workers.config.ts. */
    interface Env extends WorkerEnv {
      CACHE: KVNamespace;
      STATE: DurableObjectNamespace<CaregateState>;
      CONFIG_UNDER_TEST: KVNamespace;
      /** The deployed-shape gateway worker (the wrangler bundle). */
      GATEWAY: Fetcher;
      /** The gateway worker's own KV cache and Durable Object namespace, to look inside. */
      GATEWAY_CACHE: KVNamespace;
      GATEWAY_STATE: DurableObjectNamespace<CaregateState>;
    }
  }
}
