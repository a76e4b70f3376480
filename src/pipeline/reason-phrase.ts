/**
 * RFC 9110 reason phrases for the statuses the pipeline answers itself. Needed because yoga's
 * Node handler (the /graphql fast path) writes `Response.statusText` as the status line's
 * reason, and a Response built without one would go out as `HTTP/1.1 401 ` (some proxies and
 * clients log or even refuse an empty phrase). Workers ignore it; harmless there.
 */
const phrases: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number): string => phrases[status] ?? '';
