import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { errorCodeOf } from '../error-code';
import { typedExecutionArgs } from './typed-execution-args';

const isContext = (value: unknown): value is GatewayContext =>
  typeof value === 'object' && value !== null && 'requestId' in value && 'partner' in value;

/**
 * One info line per GraphQL execution: request id, partner, operation, duration, error codes.
 * Deliberately no variables, no query text and no result: those carry PHI.
 */
export function useRequestLog(): Plugin {
  return {
    onExecute({ args: looseArgs }) {
      const args = typedExecutionArgs(looseArgs);
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          const context = args.contextValue;
          if (!isContext(context) || !('errors' in result || 'data' in result)) return;
          const operation = getOperationAST(args.document, args.operationName);
          const codes = (result.errors ?? []).map(errorCodeOf);
          context.logger.info('graphql', {
            operationName: operation?.name?.value ?? null,
            operationType: operation?.operation ?? null,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            outcome: codes.length === 0 ? 'ok' : 'error',
            errorCodes: codes.length ? [...new Set(codes)].join(',') : undefined,
          });
        },
      };
    },
  };
}
