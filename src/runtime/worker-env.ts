import type { CaregateState } from '../../adapters/state/durable-object';

/**
 * The bindings the Worker reads (wrangler.toml declares them per environment). Every other
 * string binding is a secret or var the config may name (`{"env": "NAME"}`), set with
 * `wrangler secret put NAME`.
 */
export interface WorkerEnv {
  /** Gateway config as JSON text. Wins over CONFIG. Neither: the bundled sandbox config. */
  CAREGATE_CONFIG?: string;
  /** KV namespace holding the config JSON under CONFIG_KEY (default "caregate.json"). */
  CONFIG?: KVNamespace;
  CONFIG_KEY?: string;
  /** Workers KV for the Cache port. Absent: per-isolate memory. */
  CACHE?: KVNamespace;
  /** CaregateState Durable Object for the Store and RateLimiter ports. Required in production. */
  STATE?: DurableObjectNamespace<CaregateState>;
  /** First segment of state keys and object names (default "caregate"). */
  STATE_NAMESPACE?: string;
  /** Sandbox only: JSON map of simulator name -> URL for `sandbox://<name>` sources. */
  SANDBOX_URLS?: string;
  LOG_LEVEL?: string;
  [binding: string]: unknown;
}
