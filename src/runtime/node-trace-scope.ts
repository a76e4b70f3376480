import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from '../pipeline/trace-context';
import type { TraceScope } from '../pipeline/trace-scope';

/** TraceScope on Node: AsyncLocalStorage follows the request through every await and callback. */
export function createNodeTraceScope(): TraceScope {
  const storage = new AsyncLocalStorage<TraceContext>();
  return {
    run: (trace, fn) => storage.run(trace, fn),
    current: () => storage.getStore(),
  };
}
