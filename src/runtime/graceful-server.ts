import type { Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** True when every in-flight request finished before the deadline. */
  completed: boolean;
  /** Requests still running at the deadline (their connections were cut). */
  abandoned: number;
}

export interface GracefulServer {
  /** True once draining started (/readyz answers 503 from then on). */
  draining: () => boolean;
  /** Requests being handled right now. */
  inFlight: () => number;
  /**
   * Reports unready at once, keeps serving for `delayMs` (so a load balancer polling /readyz
   * stops routing here before the port closes), then stops accepting connections, lets in-flight
   * requests finish (their responses say `Connection: close`, idle keep-alive sockets are closed),
   * and cuts what is left at the deadline (counted from the call).
   */
  drain(deadlineMs: number, delayMs?: number): Promise<DrainResult>;
}

const POLL_MS = 20;

/**
 * Graceful shutdown for a Node HTTP server. Register before the request handler: it marks
 * responses `Connection: close` once draining, so a client never sends a new request on a
 * socket we are about to close (the usual cause of resets during rolling restarts).
 */
export function makeGraceful(server: Server): GracefulServer {
  const active = new Set<ServerResponse>();
  let draining = false;

  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => active.delete(res));
  });

  return {
    draining: () => draining,
    inFlight: () => active.size,
    async drain(deadlineMs, delayMs = 0) {
      const deadline = Date.now() + deadlineMs;
      if (!draining) {
        draining = true;
        for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      }
      // Closing the listener resets connections still in the kernel's accept queue; waiting until
      // the balancer has seen /readyz go 503 means there are none.
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, deadlineMs)));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      while (active.size > 0 && Date.now() < deadline) {
        // Keep-alive sockets whose last response just ended are idle now: close them before they carry another request.
        server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      const abandoned = active.size;
      server.closeAllConnections();
      await closed;
      return { completed: abandoned === 0, abandoned };
    },
  };
}
