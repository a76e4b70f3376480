import { GraphQLError } from 'graphql';
import { isGatewayError } from '../domain/errors';

/**
 * The stable code of an execution error as the partner will see it. Plugins run before yoga
 * masks errors, so the code is still on the wrapped GatewayError, not yet in `extensions`.
 */
export function errorCodeOf(error: GraphQLError): string {
  const given = error.extensions?.['code'];
  if (typeof given === 'string') return given;
  let original: unknown = error;
  while (original instanceof GraphQLError && original.originalError) original = original.originalError;
  if (isGatewayError(original)) return original.code;
  // GraphQL's own validation errors pass unmasked; everything else becomes INTERNAL.
  return original instanceof GraphQLError ? 'GRAPHQL_VALIDATION_FAILED' : 'INTERNAL';
}
