import { getRequestListener } from '@hono/node-server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Container } from './container';

/**
 * Node fast path: /graphql goes straight to yoga's own Node handler (measured ~20-25 % faster
 * than routing through Hono), everything else to Hono. Auth runs as a yoga plugin, so both
 * paths apply the same checks.
 */
export function createNodeRequestHandler(container: Container): (req: IncomingMessage, res: ServerResponse) => void {
  const honoListener = getRequestListener(container.app.fetch);
  return (req, res) => {
    const url = req.url ?? '/';
    if (url === '/graphql' || url.startsWith('/graphql?')) {
      void container.yoga(req, res);
      return;
    }
    void honoListener(req, res);
  };
}
