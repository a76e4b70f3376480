import { useGenericAuth, type ValidateUserFnParams } from '@envelop/generic-auth';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PartnerContext } from '../../auth/partner';

const allowed = (required: string[][] | undefined, held: readonly string[]) =>
  !required || required.length === 0 || required.some((all) => all.every((scope) => held.includes(scope)));

/** FORBIDDEN with the field and what would unlock it (no data, so safe to tell the partner). */
function validatePartnerScopes(params: ValidateUserFnParams<PartnerContext>): GraphQLError | undefined {
  for (const required of [params.typeScopes, params.fieldScopes]) {
    if (!allowed(required, params.userScopes)) {
      const field = `${params.parentType.name}.${params.field.name}`;
      const needs = (required ?? []).map((all) => all.join(' + ')).join(' or ');
      return new GraphQLError(`Not allowed to read ${field}: needs scope ${needs}`, {
        nodes: [params.fieldNode],
        path: params.path,
        extensions: { code: 'FORBIDDEN', retryable: false, field, requiredScopes: required },
      });
    }
  }
  return undefined;
}

/**
 * Enforces `@requiresScopes` from the SDL before execution (@envelop/generic-auth), so a
 * query that touches a field the partner may not see is refused whole: nothing is fetched.
 */
export const useScopes = (): Plugin =>
  useGenericAuth<PartnerContext, { partner: PartnerContext }, 'partner'>({
    mode: 'protect-granular',
    contextFieldName: 'partner',
    resolveUserFn: (context) => context.partner,
    extractScopes: (partner) => [...partner.scopes],
    validateUser: validatePartnerScopes,
  }) as Plugin;
