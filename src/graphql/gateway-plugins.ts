import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { PartnerGate } from '../pipeline/partner-gate';
import type { PersistedQueryStore } from './persisted-queries/persisted-query-store';
import { useBodyLimit } from './plugins/use-body-limit';
import { useDocumentLimits } from './plugins/use-document-limits';
import { useErrorPolicy } from './plugins/use-error-policy';
import { DEFAULT_GRAPHQL_LIMITS, useGraphqlLimits, type GraphqlLimits } from './plugins/use-graphql-limits';
import { useMetrics } from './plugins/use-metrics';
import { useNoStore } from './plugins/use-no-store';
import { usePartnerAuth } from './plugins/use-partner-auth';
import { usePersistedQueries } from './plugins/use-persisted-queries';
import { useRequestId } from './plugins/use-request-id';
import { useRequestLog } from './plugins/use-request-log';
import { useResponseCompression } from './plugins/use-response-compression';
import { useSchemaExposure } from './plugins/use-schema-exposure';
import { useStringInputLimit } from './plugins/use-string-input-limit';
import { useScopes } from './plugins/use-scopes';
import { useTrustedDocuments } from './plugins/use-trusted-documents';

export interface GatewayPluginOptions {
  gate: PartnerGate;
  metrics: GatewayMetrics;
  /** Apollo APQ texts by hash (the gateway's Cache). */
  persistedQueries: PersistedQueryStore;
  maxBodyBytes?: number;
  limits?: GraphqlLimits;
}

/**
 * The /graphql request pipeline, the one list of yoga plugins, in order. Yoga runs each hook
 * kind (onRequest, onRequestParse, onParams, onValidate, onExecute, onResponse) in list order,
 * and a plugin that ends a request or stops execution skips the hooks after it, so:
 *
 * 1. useRequestId: first, so every later hook, log line and refusal has the id, and every response echoes it.
 * 2. usePartnerAuth (token + rate limit): before anything reads the body, so anonymous callers cost a header check.
 * 3. useScopes, useRequestLog (onExecute): scopes stop a forbidden operation before it is logged or run;
 *    the log line comes before the schema-exposure and metrics hooks, as it always has.
 * 4. useBodyLimit (onRequestParse): bounds the body before yoga's parser reads it.
 * 5. usePersistedQueries, useTrustedDocuments (onParams): APQ turns a hash-only request into its text
 *    (after partner authentication, so anonymous callers cannot probe or fill the store); the trusted-
 *    documents check comes after it, so it hashes the text that will run, and a document registered by
 *    APQ runs for a partner with an allow-list only if the list has it; both before parsing.
 * 6. useDocumentLimits (onParse): field and repeated-selection caps on the parsed document, before
 *    any validation and before yoga's own parse/validation cache (which yoga adds after this list).
 * 7. useGraphqlLimits, useStringInputLimit, useSchemaExposure (onValidate/onExecute): armor's limits,
 *    string lengths (document and variables), then the introspection refusal for partners without the flag.
 * 8. useErrorPolicy (onResultProcess): every error of every response gets code and retryable, and
 *    loses its "did you mean" unless the partner may explore the schema. Result processing runs
 *    after all execution hooks whatever its place in the list.
 * 9. useMetrics: so its onExecute sees every execution that ran; its request
 *    instrumentation wraps the whole request anyway, refusals included.
 * 10. useNoStore, useResponseCompression (onResponse): last, so the compressed answer is built from
 *    the final headers (request id, CORS, no-store) and nothing after it touches the body.
 */
export function gatewayPlugins(options: GatewayPluginOptions): Plugin[] {
  const limits = options.limits ?? DEFAULT_GRAPHQL_LIMITS;
  return [
    useRequestId(),
    usePartnerAuth(options.gate),
    useScopes(),
    useRequestLog(),
    useBodyLimit(options.maxBodyBytes === undefined ? {} : { maxBytes: options.maxBodyBytes }),
    usePersistedQueries(options.persistedQueries),
    useTrustedDocuments(),
    useDocumentLimits(limits),
    useGraphqlLimits(limits),
    useStringInputLimit(),
    useSchemaExposure(),
    useErrorPolicy(),
    useMetrics(options.metrics),
    useNoStore(),
    useResponseCompression(),
  ] as Plugin[];
}
