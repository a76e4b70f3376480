import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PartnerContext } from '../../auth/partner';
import { partnerIn } from '../server-context';
import { FORBIDDEN_HTTP } from './refusal-http-status';
import { typedExecutionArgs } from './typed-execution-args';

/**
 * Schema introspection and "did you mean" hints only for partners flagged `introspection: true`,
 * in the sandbox too: partners should meet in the sandbox exactly what production will answer.
 */
export const mayExploreSchema = (partner: PartnerContext | undefined): boolean => partner?.config.introspection === true;

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
 * select `__schema` / `__type` (FORBIDDEN). Checked at execution, per request: yoga caches
 * validation results per document, so a partner-dependent validation rule could be bypassed by
 * a cached "valid". Suggestions are cut from error messages by useErrorPolicy, per response.
 */
export function useSchemaExposure(): Plugin {
  return {
    onExecute({ args: looseArgs, setResultAndStopExecution }) {
      const args = typedExecutionArgs(looseArgs);
      if (mayExploreSchema(partnerIn(args.contextValue)) || !usesIntrospection(args.document)) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError('Introspection is not enabled for this partner', {
            extensions: { code: 'FORBIDDEN', retryable: false, details: { reason: 'introspection' }, http: FORBIDDEN_HTTP },
          }),
        ],
      });
    },
  };
}
