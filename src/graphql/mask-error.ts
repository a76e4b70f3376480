import { GraphQLError } from 'graphql';
import { isGatewayError } from '../domain/errors';
import type { Logger } from '../ports/logger';

/** First stack frame location only: messages of foreign errors may quote data, frames do not. */
const whereThrown = (error: unknown): string | undefined =>
  error instanceof Error ? error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim() : undefined;

/**
 * GatewayErrors keep their stable code, retryable flag and safe details; GraphQL's own
 * validation errors pass through; everything else becomes INTERNAL and is logged without its message.
 */
export function createErrorMasker(logger: Logger) {
  return (error: unknown): Error => {
    // yoga may hand over a GraphQLError wrapping a located GraphQLError wrapping ours: unwrap all.
    let original: unknown = error;
    while (original instanceof GraphQLError && original.originalError) original = original.originalError;
    const path = error instanceof GraphQLError ? error.path : undefined;
    if (isGatewayError(original)) {
      return new GraphQLError(original.message, {
        path,
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        extensions: { code: original.code, retryable: original.retryable, ...(original.details ? { details: original.details } : {}) },
      });
    }
    if (original instanceof GraphQLError) return original; // parse/validation errors, and our own GraphQLErrors
    logger.error('unexpected error in resolver', { error: original instanceof Error ? original.name : typeof original, at: whereThrown(original), path: path?.join('.') });
    return new GraphQLError('Internal error', { path, extensions: { code: 'INTERNAL', retryable: false } });
  };
}
