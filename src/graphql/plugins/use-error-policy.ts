import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { applyErrorPolicy } from '../error-policy';
import type { GraphqlServerContext } from '../server-context';
import { mayExploreSchema } from './use-schema-exposure';

/** Maps each event of a stream; next/return/throw go straight to the source, so closing the stream still ends the subscription at once. */
function mapEvents<T>(source: AsyncIterable<T>, map: (event: T) => T): AsyncIterableIterator<T> {
  const events = source[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => mapped,
    next: async () => {
      const step = await events.next();
      return step.done ? step : { done: false, value: map(step.value) };
    },
    return: async (value?: unknown) => (await events.return?.(value)) ?? { done: true, value: undefined },
    throw: async (error?: unknown) => {
      const step = await events.throw?.(error);
      if (!step) throw error;
      return step;
    },
  };
  return mapped;
}

/**
 * Applies the error policy (src/graphql/error-policy.ts) to every response on its way out:
 * results, batches and subscription events, and also parse errors and refusals thrown before
 * execution, which reach no other hook. Suggestions depend on the partner, so they are cut here,
 * per response, and not in validation, whose results yoga caches per document for everyone.
 */
export function useErrorPolicy(): Plugin<GraphqlServerContext, GraphqlServerContext> {
  return {
    onResultProcess(payload) {
      const { result, serverContext } = payload;
      const showSuggestions = mayExploreSchema(serverContext.partner);
      const apply = <R extends ExecutionResult>(one: R): R =>
        one.errors?.length ? { ...one, errors: one.errors.map((error) => applyErrorPolicy(error, showSuggestions)) } : one;
      if (Array.isArray(result)) payload.setResult(result.map(apply));
      else if (Symbol.asyncIterator in result) payload.setResult(mapEvents(result, apply));
      else if (result.errors?.length) payload.setResult(apply(result));
    },
  };
}
