import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/**
 * Serves a Web-standard fetch handler on 127.0.0.1 (Node only). Simulators and tests use it
 * so every upstream is reached over real HTTP. Port 0 picks a free port.
 */
export interface LoopbackServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

export async function serveOnLoopback(
  fetchHandler: (request: Request) => Response | Promise<Response>,
  port = 0,
): Promise<LoopbackServer> {
  const server = createAdaptorServer({ fetch: fetchHandler, hostname: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        // closeAllConnections so keep-alive sockets from clients do not hold the test open.
        if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
