/**
 * The HTTP client as a port: the WHATWG `fetch` shape, so the platform's fetch (Node, Workers)
 * fits as is, and runtime wrappers (per-source circuit breakers, test recorders) can stand in.
 */
export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
