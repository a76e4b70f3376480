import { isIP } from 'node:net';
import { z } from 'zod';
import type { ConfigProblems } from '../../config/parse-config';
import type { LogLevel } from '../ports/logger';
import { logLevelEnv, namespaceEnv, optionalEnv, parseEnv, sandboxUrlsEnv } from './env-fields';
import { DEFAULT_HTTP_SERVER_TIMEOUTS, type HttpServerTimeouts } from './http-server-timeouts';
import { clusterNodesProblem, redisUrlProblem } from './redis-url';

/** Every environment value the Node gateway reads, parsed once (secrets the config names are read by the config check). */
export interface NodeEnv {
  /** CAREGATE_CONFIG: the config file; the sandbox config when absent. */
  configPath: string | undefined;
  /** PORT (default 8787; 0 = any free port). */
  port: number;
  /** HOST; absent = 0.0.0.0 outside the sandbox, 127.0.0.1 in it (see listenHost). */
  host: string | undefined;
  logLevel: LogLevel;
  /** PUBLIC_URL: where partners reach the gateway; overrides the config's publicUrl. */
  publicUrl: string | undefined;
  redis: {
    url: string | undefined;
    /** REDIS_CLUSTER_NODES text (already checked); wins over url. */
    clusterNodes: string | undefined;
    /** REDIS_NAMESPACE (default caregate). */
    namespace: string;
    /** REDIS_START_WAIT_MS (default 3000): how long the start waits for Redis before serving degraded. */
    startWaitMs: number;
  };
  shutdown: { deadlineMs: number; drainDelayMs: number };
  httpTimeouts: HttpServerTimeouts;
  /** SANDBOX_URLS: simulators already running elsewhere. */
  sandboxUrls: Record<string, string> | undefined;
}

const wholeNumber = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number ${what}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number ${what} from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}`);
const milliseconds = (min: number, fallback: number) => optionalEnv(wholeNumber('of milliseconds', min)).transform((value) => value ?? fallback);

const checked = (problemOf: (text: string) => string | null) =>
  optionalEnv(
    z.string().superRefine((text, ctx) => {
      const problem = problemOf(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );

const hostProblem = (text: string): string | null =>
  isIP(text) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(text)
    ? null
    : 'must be an IP address or host name to listen on (0.0.0.0 = every IPv4 interface, :: = every interface)';

const bothTimeoutsParsed = (value: unknown): boolean => {
  const env = value as Partial<Record<'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS', unknown>>;
  return typeof env.HTTP_HEADERS_TIMEOUT_MS === 'number' && typeof env.HTTP_REQUEST_TIMEOUT_MS === 'number';
};

const nodeEnvSchema = z
  .object({
    CAREGATE_CONFIG: optionalEnv(z.string()),
    PORT: optionalEnv(wholeNumber('(a TCP port)', 0, 65_535)).transform((value) => value ?? 8787),
    HOST: checked(hostProblem),
    LOG_LEVEL: logLevelEnv.transform((value) => value ?? 'info'),
    PUBLIC_URL: optionalEnv(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
    REDIS_URL: checked(redisUrlProblem),
    REDIS_CLUSTER_NODES: checked(clusterNodesProblem),
    REDIS_NAMESPACE: namespaceEnv.transform((value) => value ?? 'caregate'),
    REDIS_START_WAIT_MS: milliseconds(0, 3000),
    SHUTDOWN_DEADLINE_MS: milliseconds(0, 10_000),
    SHUTDOWN_DRAIN_DELAY_MS: milliseconds(0, 0),
    HTTP_HEADERS_TIMEOUT_MS: milliseconds(1, DEFAULT_HTTP_SERVER_TIMEOUTS.headersTimeoutMs),
    HTTP_REQUEST_TIMEOUT_MS: milliseconds(1, DEFAULT_HTTP_SERVER_TIMEOUTS.requestTimeoutMs),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(1, DEFAULT_HTTP_SERVER_TIMEOUTS.keepAliveTimeoutMs),
    SANDBOX_URLS: sandboxUrlsEnv,
  })
  // Node refuses the reverse too; say it in the env's own words, even while other variables are wrong.
  .refine((env) => env.HTTP_HEADERS_TIMEOUT_MS <= env.HTTP_REQUEST_TIMEOUT_MS, {
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
    message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS',
    when: ({ value }) => bothTimeoutsParsed(value),
  })
  .transform(
    (env): NodeEnv => ({
      configPath: env.CAREGATE_CONFIG,
      port: env.PORT,
      host: env.HOST,
      logLevel: env.LOG_LEVEL,
      publicUrl: env.PUBLIC_URL,
      redis: { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES, namespace: env.REDIS_NAMESPACE, startWaitMs: env.REDIS_START_WAIT_MS },
      shutdown: { deadlineMs: env.SHUTDOWN_DEADLINE_MS, drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS },
      httpTimeouts: {
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
      sandboxUrls: env.SANDBOX_URLS,
    }),
  );

/** The Node gateway's environment; every bad value is added to `problems` (named by its variable), and then undefined is returned. */
export const readNodeEnv = (env: Readonly<Record<string, string | undefined>>, problems: ConfigProblems): NodeEnv | undefined =>
  parseEnv(nodeEnvSchema, env, problems);

/** HOST, else every interface in production (a container must be reachable) and loopback in the sandbox (its keys are public). */
export const listenHost = (env: Pick<NodeEnv, 'host'>, mode: 'sandbox' | 'production'): string =>
  env.host ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0');
