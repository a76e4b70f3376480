/**
 * yoga's `extensions.http` hint for a refusal that leaves no `data`: GraphQL over HTTP wants a
 * 4xx for it under `application/graphql-response+json`; `spec: true` tells yoga to keep the
 * legacy 200 under `application/json`. yoga reads it and never serializes it.
 */
export const FORBIDDEN_HTTP = { status: 403, spec: true } as const;
