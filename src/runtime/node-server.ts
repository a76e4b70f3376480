import { getRequestListener } from '@hono/node-server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { traceContextFrom, TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../pipeline/trace-context';
import { noTraceScope, type TraceScope } from '../pipeline/trace-scope';
import type { Container } from './container';

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/**
 * Node fast path: /graphql goes straight to yoga's own Node handler (measured ~20-25 % faster
 * than routing through Hono), everything else to Hono. Auth runs as a yoga plugin, so both
 * paths apply the same checks. Each request is served inside its trace (W3C traceparent,
 * continued or new), so upstream calls and log lines on both paths carry it.
 */
export function createNodeRequestHandler(container: Container, traceScope: TraceScope = noTraceScope): (req: IncomingMessage, res: ServerResponse) => void {
  const honoListener = getRequestListener(container.app.fetch);
  return (req, res) => {
    const trace = traceContextFrom(single(req.headers[TRACEPARENT_HEADER]), single(req.headers[TRACESTATE_HEADER]));
    traceScope.run(trace, () => {
      const url = req.url ?? '/';
      if (url === '/graphql' || url.startsWith('/graphql?')) {
        void container.yoga(req, res);
        return;
      }
      void honoListener(req, res);
    });
  };
}
