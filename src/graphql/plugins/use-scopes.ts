import {
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DirectiveNode,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PartnerContext } from '../../auth/partner';
import { FORBIDDEN_HTTP } from './refusal-http-status';
import { typedExecutionArgs } from './typed-execution-args';

/** The outer-OR / inner-AND lists of an `@requiresScopes(scopes: ...)` directive, if any. */
type ScopeRule = string[][];

const scopesOf = (directives: readonly DirectiveNode[] | undefined): ScopeRule | undefined => {
  const directive = directives?.find((node) => node.name.value === 'requiresScopes');
  const argument = directive?.arguments?.find((node) => node.name.value === 'scopes');
  if (!argument || argument.value.kind !== Kind.LIST) return undefined;
  return argument.value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((value) => (value.kind === Kind.STRING ? [value.value] : [])) : []));
};

const allowed = (rule: ScopeRule | undefined, held: ReadonlySet<string>) => !rule || rule.length === 0 || rule.some((all) => all.every((scope) => held.has(scope)));

/** FORBIDDEN naming the field and what would unlock it (no data, so safe to tell the partner). */
const forbidden = (coordinate: string, rule: ScopeRule, node: GraphQLError['nodes']) =>
  new GraphQLError(`Not allowed to read ${coordinate}: needs scope ${rule.map((all) => all.join(' + ')).join(' or ')}`, {
    nodes: node,
    extensions: { code: 'FORBIDDEN', retryable: false, field: coordinate, requiredScopes: rule, http: FORBIDDEN_HTTP },
  });

/**
 * Every field the document selects, checked against `@requiresScopes` on the field and on its
 * parent type. All fields count, including those under @skip/@include: a partner may not even
 * ask for what it may not read, so the answer does not depend on variables and can be cached.
 */
function checkDocument(schema: GraphQLSchema, document: DocumentNode, held: ReadonlySet<string>): GraphQLError[] {
  const typeInfo = new TypeInfo(schema);
  const errors = new Map<string, GraphQLError>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType() as GraphQLCompositeType | null;
        const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
        if (!parent || !field || node.name.value.startsWith('__')) return;
        // Checked as selected: on an interface only the interface's rules apply (the resolvers of
        // node(id:) enforce the concrete type), exactly as @envelop/generic-auth did.
        const coordinate = `${parent.name}.${field.name}`;
        for (const rule of [scopesOf(parent.astNode?.directives), scopesOf(field.astNode?.directives)]) {
          if (rule && !allowed(rule, held) && !errors.has(coordinate)) errors.set(coordinate, forbidden(coordinate, rule, [node]));
        }
      },
    }),
  );
  return [...errors.values()];
}

/**
 * Enforces `@requiresScopes` from the SDL before execution, so a query that touches a field the
 * partner may not see is refused whole: nothing is fetched. Hand-written rather than
 * @envelop/generic-auth because the verdict depends only on (document, scope set) and caching it
 * removes a full document walk from every request (generic-auth re-validates each time; it was
 * ~15 % of a cached read). Subscriptions are checked the same way.
 */
export function useScopes(): Plugin {
  const verdicts = new WeakMap<DocumentNode, Map<string, GraphQLError[]>>();
  const verdict = (schema: GraphQLSchema, document: DocumentNode, partner: PartnerContext): GraphQLError[] => {
    const key = [...partner.scopes].sort().join(' ');
    let byScopes = verdicts.get(document);
    if (!byScopes) verdicts.set(document, (byScopes = new Map<string, GraphQLError[]>()));
    let errors = byScopes.get(key);
    if (!errors) byScopes.set(key, (errors = checkDocument(schema, document, partner.scopes)));
    return errors;
  };
  const partnerOf = (context: unknown): PartnerContext | undefined => (context as { partner?: PartnerContext }).partner;
  return {
    onExecute({ args: looseArgs, setResultAndStopExecution }) {
      const args = typedExecutionArgs(looseArgs);
      const partner = partnerOf(args.contextValue);
      const errors = partner ? verdict(args.schema, args.document, partner) : [];
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args: looseArgs, setResultAndStopExecution }) {
      const args = typedExecutionArgs(looseArgs);
      const partner = partnerOf(args.contextValue);
      const errors = partner ? verdict(args.schema, args.document, partner) : [];
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
