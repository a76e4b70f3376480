import type { MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import { REQUEST_ID_HEADER, requestIdFrom } from '../../../pipeline/request-id';

declare module 'hono' {
  // c.get('requestId') / c.var.requestId, typed as hono/request-id types them.
  interface ContextVariableMap extends RequestIdVariables {}
}

/**
 * Request id for every Hono route: the client's `x-request-id` when acceptable, else a UUID
 * (`c.var.requestId`), echoed on every response, 404s and onError answers included.
 *
 * Not hono/request-id itself: its acceptance rule for a client id is fixed (`[\w=-]{1,255}`),
 * while the Node fast path for /graphql, which never reaches Hono, must accept exactly the
 * same ids; so both transports use src/pipeline/request-id.ts. The variable name and type are
 * hono/request-id's, so handlers read it the same way.
 *
 * @example
 * ```ts
 * const app = new Hono();
 * app.use(requestId());
 * app.get('/', (c) => c.json({ requestId: c.var.requestId }));
 * ```
 */
export function requestId(): MiddlewareHandler {
  return async function requestIdMiddleware(c, next) {
    const id = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    await next();
    // Yoga's own plugin sets it already on /graphql: skip the response copy c.header() makes then.
    if (c.res.headers.get(REQUEST_ID_HEADER) !== id) c.header(REQUEST_ID_HEADER, id);
  };
}
