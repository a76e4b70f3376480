import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics, RequestOutcome } from '../../observability/gateway-metrics';
import { errorCodeOf } from '../error-code';
import { typedExecutionArgs } from './typed-execution-args';
import type { GraphqlServerContext } from '../server-context';

interface Execution {
  operation: string;
  errorCodes: string[];
}

const outcomeOfStatus = (status: number): RequestOutcome =>
  status === 401 ? 'unauthenticated' : status === 429 ? 'rate_limited' : status >= 400 && status < 500 ? 'rejected' : status >= 500 ? 'error' : 'ok';

/**
 * Counts every /graphql request once, when its response is ready: partner (or
 * "unauthenticated"), operation name, outcome and latency. Requests refused before execution
 * (bad token, rate limit, limits) are counted too, from the HTTP status. Runs on both the
 * Node fast path and through Hono, like the other yoga plugins.
 */
export function useMetrics(metrics: GatewayMetrics): Plugin<GraphqlServerContext, GraphqlServerContext> {
  const started = new WeakMap<Request, number>();
  const executions = new WeakMap<Request, Execution>();
  return {
    instrumentation: {
      // Wraps the whole request, auth included, so refused requests are timed from arrival too.
      request({ request }, wrapped) {
        started.set(request, performance.now());
        return wrapped();
      },
    },
    onExecute({ args: looseArgs }) {
      const args = typedExecutionArgs(looseArgs);
      return {
        onExecuteDone({ result }) {
          const request = (args.contextValue as { request?: Request }).request;
          if (!request || !('errors' in result || 'data' in result)) return;
          const operation = getOperationAST(args.document, args.operationName);
          const errorCodes = (result.errors ?? []).map(errorCodeOf);
          executions.set(request, { operation: operation?.name?.value ?? 'anonymous', errorCodes: [...new Set(errorCodes)] });
        },
      };
    },
    onResponse({ request, response, serverContext }) {
      const execution = executions.get(request);
      const partnerId = serverContext.partner?.id ?? 'unauthenticated';
      const begin = started.get(request);
      const outcome: RequestOutcome = execution ? (execution.errorCodes.length === 0 ? 'ok' : 'error') : outcomeOfStatus(response.status);
      metrics.request({
        partnerId,
        operation: execution?.operation ?? 'none',
        outcome,
        durationSeconds: begin === undefined ? 0 : (performance.now() - begin) / 1000,
        errorCodes: execution?.errorCodes ?? [],
      });
    },
  };
}
