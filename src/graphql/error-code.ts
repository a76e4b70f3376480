import { GraphQLError } from 'graphql';
import { isGatewayError } from '../domain/errors';

/**
 * The stable code of an error as the partner will see it. Plugins run before yoga masks errors,
 * so the code may still be on the wrapped GatewayError, not yet in `extensions`. An uncoded
 * GraphQLError without a path is about the request itself (syntax, validation, variable
 * coercion, operation name): BAD_INPUT. One with a path is graphql-js failing a field (a null
 * for a non-null field, a value its type cannot serialise): our bug, INTERNAL.
 */
export function errorCodeOf(error: GraphQLError): string {
  const given = error.extensions?.['code'];
  if (typeof given === 'string') return given;
  let original: unknown = error;
  while (original instanceof GraphQLError && original.originalError) original = original.originalError;
  if (isGatewayError(original)) return original.code;
  return original instanceof GraphQLError && !error.path ? 'BAD_INPUT' : 'INTERNAL';
}
