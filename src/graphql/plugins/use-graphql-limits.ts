import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from '../../../config/graphql-limits';

export { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits };

/** Every `extensions.details.limit` a /graphql refusal may name (bodySize comes from useBodyLimit). */
export type LimitName = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens' | 'fields' | 'duplicateSelections' | 'upstreamCalls';

/**
 * armor's own errors are plain GraphQLErrors without a code; partners switch on
 * `extensions.code`, so each refusal is re-raised as BAD_INPUT naming the limit. Validation
 * rules report into the context (so all limit errors of a document come back together); the
 * token counter runs inside the parser, which has no context, so it throws.
 */
const rejectAs =
  (limit: LimitName, max: number): GraphQLArmorRejectCallback =>
  (context, error) => {
    const coded = new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
      extensions: { code: 'BAD_INPUT', retryable: false, details: { limit, max } },
    });
    if (context) context.reportError(coded);
    else throw coded;
  };

/**
 * Query limits from graphql-armor: depth, cost, aliases, directives and tokens. Suggestions are
 * cut per partner by useErrorPolicy, so armor's suggestion blocker is off.
 */
export function useGraphqlLimits(limits: GraphqlLimits = DEFAULT_GRAPHQL_LIMITS): Plugin {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  // armor types its plugin against @envelop/core's Plugin, which tsc will not widen to yoga's
  // (the lint program resolves the two as one, hence the disable); it is the same object.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return EnvelopArmorPlugin({
    blockFieldSuggestion: { enabled: false },
    maxDepth: { ...common, n: limits.maxDepth, onReject: [rejectAs('depth', limits.maxDepth)] },
    costLimit: { ...common, maxCost: limits.maxCost, onReject: [rejectAs('cost', limits.maxCost)] },
    maxAliases: { ...common, n: limits.maxAliases, onReject: [rejectAs('aliases', limits.maxAliases)] },
    maxDirectives: { ...common, n: limits.maxDirectives, onReject: [rejectAs('directives', limits.maxDirectives)] },
    maxTokens: { ...common, n: limits.maxTokens, onReject: [rejectAs('tokens', limits.maxTokens)] },
  }) as Plugin;
}
