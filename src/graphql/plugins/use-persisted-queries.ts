import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PersistedQueryStore } from '../persisted-queries/persisted-query-store';
import { documentHash } from './use-trusted-documents';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What Apollo's PersistedQueryLink retries on (it checks the message or the code): the text is resent with the hash. */
const notFound = () =>
  new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', retryable: false } });

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_INPUT', retryable: false } });

/** `extensions.persistedQuery` of the request, if it asks for APQ at all. */
const persistedQueryOf = (extensions: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
  const value = extensions?.['persistedQuery'];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
};

/**
 * Automatic persisted queries (Apollo APQ, version 1): a request may carry
 * `extensions.persistedQuery.sha256Hash` and no text; a known hash runs its stored text, an
 * unknown one answers PERSISTED_QUERY_NOT_FOUND so the client resends hash and text, which are
 * checked against each other and stored. Only the text becomes the request: every later check
 * (trusted documents, limits, scopes) sees the same document it would have seen in full.
 * Written here rather than with @graphql-yoga/plugin-apq, whose peer range (@graphql-tools/utils
 * ^10) does not admit the graphql-yoga 5.24 installed here.
 */
export function usePersistedQueries(store: PersistedQueryStore): Plugin {
  return {
    // Not an async function: requests without the extension (most) pay no promise hop. Refusals
    // throw: a result set here would not stop yoga's own check that a query text is present.
    onParams({ params, setParams }) {
      const persisted = persistedQueryOf(params.extensions);
      if (!persisted) return undefined;
      const sha256 = persisted['sha256Hash'];
      if (persisted['version'] !== 1) {
        throw badInput('Unsupported persisted query version: only version 1 is served');
      }
      if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
        throw badInput('persistedQuery.sha256Hash must be a lower-case hex SHA-256');
      }
      const query = params.query;
      if (typeof query === 'string' && query !== '') {
        return documentHash(query).then(async (actual) => {
          if (actual !== sha256) throw badInput('persistedQuery.sha256Hash does not match the query text');
          await store.set(sha256, query);
        });
      }
      return store.get(sha256).then((text) => {
        if (text === undefined) throw notFound();
        setParams({ ...params, query: text });
      });
    },
  };
}
