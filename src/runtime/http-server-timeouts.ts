import type { ServerOptions } from 'node:http';

/** Read from the environment by node-env.ts. */
export interface HttpServerTimeouts {
  /** The whole header block must arrive within this (HTTP_HEADERS_TIMEOUT_MS, default 10 s). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (HTTP_REQUEST_TIMEOUT_MS, default 30 s). */
  requestTimeoutMs: number;
  /**
   * An idle keep-alive socket is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_MS, default 65 s): longer than a
   * load balancer's idle timeout (AWS ALB, GCP and nginx default to 60 s), so the balancer always closes first
   * and never sends a request onto a socket we are closing (Node's own 5 s gives intermittent 502s). It need not
   * stay below headersTimeout: since Node 18 the headers clock starts with a request's first byte, not on an
   * idle socket (checked on Node 20), so the 10 s slowloris bound stays.
   */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_SERVER_TIMEOUTS: HttpServerTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 };

/**
 * node:http options that close slow clients (slowloris: headers a byte at a time; or a body
 * trickled forever) instead of letting them hold a socket and a request slot: Node answers 408
 * and destroys the socket once headers or the whole request take too long. Node checks for
 * expired requests every `connectionsCheckingInterval` (default 30 s, which would triple a 10 s
 * limit), so the check runs at a quarter of the headers timeout, at most once a second.
 */
export function httpServerOptions(timeouts: HttpServerTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(timeouts.headersTimeoutMs / 4))),
  };
}
