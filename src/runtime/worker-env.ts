import { z } from 'zod';
import type { ConfigProblems } from '../../config/parse-config';
import type { CaregateState } from '../../adapters/state/durable-object';
import { logLevelEnv, namespaceEnv, optionalEnv, parseEnv, sandboxUrlsEnv } from './env-fields';

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

/** The non-secret bindings, parsed like Node's variables of the same meaning (env-fields.ts); problems named by binding. */
const workerEnvSchema = z.object({
  LOG_LEVEL: logLevelEnv,
  STATE_NAMESPACE: namespaceEnv,
  CONFIG_KEY: optionalEnv(z.string().min(1).max(512, 'must be a KV key (at most 512 bytes)')),
  SANDBOX_URLS: sandboxUrlsEnv,
});

export const checkWorkerEnv = (env: WorkerEnv, problems: ConfigProblems): void => void parseEnv(workerEnvSchema, env, problems);
