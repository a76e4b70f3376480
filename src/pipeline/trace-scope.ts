import type { TraceContext } from './trace-context';

/**
 * Where the current request's trace lives while it is served, so the per-source fetches (built
 * once in the composition root, shared by all requests) and the root logger can read it
 * without every port growing a trace parameter. Node implements it with AsyncLocalStorage
 * (src/runtime/node-trace-scope.ts); Workers run without nodejs_compat and use `noTraceScope`:
 * their log lines take the trace from the GraphQL context, and upstream calls carry none (see
 * docs/decisions.md).
 */
export interface TraceScope {
  /** Runs `fn` with `trace` as the current trace, for everything it awaits. */
  run<T>(trace: TraceContext, fn: () => T): T;
  /** The trace of the request being served here, if any. */
  current(): TraceContext | undefined;
}

export const noTraceScope: TraceScope = {
  run: (_trace, fn) => fn(),
  current: () => undefined,
};
