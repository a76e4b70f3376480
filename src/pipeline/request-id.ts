/** The header a request id arrives in (optionally) and every response carries. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A client-sent id is kept when it is 8-128 characters of [A-Za-z0-9._-], so a partner can
 * correlate its own logs with ours; anything else is replaced. It is only a correlation id:
 * nothing is authorised by it, and log lines and audit events carry the partner id from the token.
 */
const ACCEPTED = /^[A-Za-z0-9._-]{8,128}$/;

/** The client's id if acceptable, else a fresh UUID. The one rule for every transport (Hono and the Node fast path). */
export const requestIdFrom = (given: string | null | undefined): string => (given && ACCEPTED.test(given) ? given : crypto.randomUUID());

/** The request id for `request` (see requestIdFrom). */
export const requestIdOf = (request: Request): string => requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
