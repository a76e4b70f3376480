import type { DocumentNode, GraphQLSchema } from 'graphql';

/** The execution arguments our plugins read, typed as graphql-js types them. */
export interface TypedExecutionArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  contextValue: unknown;
}

/**
 * envelop declares `schema` and `document` as `any` (so @envelop/types needs no graphql-js);
 * they are graphql-js objects at run time, and this is the one place that says so.
 */
export const typedExecutionArgs = (args: object): TypedExecutionArgs => args as TypedExecutionArgs;
