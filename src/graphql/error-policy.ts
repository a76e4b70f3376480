import { GraphQLError } from 'graphql';
import { isErrorCode, retryableByDefault } from '../domain/errors';
import { errorCodeOf } from './error-code';

/**
 * graphql-js ends a message with its suggestions (`... Did you mean "memberId"?`, `... Did you
 * mean the enum value "IN_NETWORK"?`, `... Did you mean to use an inline fragment on "X"?`) in
 * validation and in variable coercion alike; everything from there on names schema members.
 */
const SUGGESTION = /\s*Did you mean\b[\s\S]*$/;

export const withoutSuggestions = (message: string): string => message.replace(SUGGESTION, '');

/**
 * The one error policy for what partners see, applied to every error of every response: each
 * carries `extensions.code` and `extensions.retryable` (parse, validation and variable errors are
 * BAD_INPUT, not retryable), and suggestions are cut from the message unless the partner may
 * explore the schema. Returns a new error (or the same one when nothing changes): validation
 * errors are cached per document by yoga and shared between partners, so they are never edited
 * in place.
 */
export function applyErrorPolicy(error: GraphQLError, showSuggestions: boolean): GraphQLError {
  const code = errorCodeOf(error);
  const given = error.extensions['retryable'];
  const retryable = typeof given === 'boolean' ? given : isErrorCode(code) && retryableByDefault(code);
  const message = showSuggestions ? error.message : withoutSuggestions(error.message);
  if (message === error.message && error.extensions['code'] === code && given === retryable) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code, retryable },
  });
}
