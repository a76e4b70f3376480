import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PartnerContext } from '../../auth/partner';
import { partnerIn } from '../server-context';
import { typedExecutionArgs } from './typed-execution-args';

/** Schema introspection (and "did you mean" hints) only in the sandbox or for partners flagged `introspection: true`. */
export const mayExploreSchema = (partner: PartnerContext | undefined, sandbox: boolean): boolean =>
  sandbox || partner?.config.introspection === true;

const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type']);

/** Parsed documents are cached and reused by yoga, so each one is walked once. */
const introspectionVerdicts = new WeakMap<DocumentNode, boolean>();

/** Does the document select __schema or __type anywhere (operations and fragments alike)? `__typename` is fine. */
export const usesIntrospection = (document: DocumentNode): boolean => {
  const known = introspectionVerdicts.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (INTROSPECTION_FIELDS.has(node.name.value)) {
        found = true;
        return false;
      }
      return undefined;
    },
  });
  introspectionVerdicts.set(document, found);
  return found;
};

/**
 * Keeps the schema's shape from partners that may not explore it: refuses operations that
 * select `__schema` / `__type` (FORBIDDEN), and strips graphql-armor's field suggestions from
 * validation errors. Checked at execution, per request: yoga caches validation results per
 * document, so a partner-dependent validation rule could be bypassed by a cached "valid".
 */
export function useSchemaExposure(options: { sandbox: boolean }): Plugin {
  const blockSuggestions = blockFieldSuggestionsPlugin({ mask: '' });
  return {
    onValidate(payload) {
      if (mayExploreSchema(partnerIn(payload.context), options.sandbox)) return undefined;
      // armor types its plugin against @envelop/core's Plugin generics; the payload is the same object.
      return blockSuggestions.onValidate?.(payload);
    },
    onExecute({ args: looseArgs, setResultAndStopExecution }) {
      const args = typedExecutionArgs(looseArgs);
      if (mayExploreSchema(partnerIn(args.contextValue), options.sandbox) || !usesIntrospection(args.document)) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError('Introspection is not enabled for this partner', {
            extensions: { code: 'FORBIDDEN', retryable: false, details: { reason: 'introspection' } },
          }),
        ],
      });
    },
  };
}
