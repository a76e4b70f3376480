import { z } from 'zod';
import { httpUrl, secretRef } from '../../../config/schema-parts';
import { ehrSourceBase } from '../../../config/source-bases';
import { defineSourceAdapter, type SourceAdapterDeps } from '../../shared/source-adapter';
import { parseSmartPrivateJwk } from './auth/smart-private-jwk';
import type { FhirAuthConfig } from './auth/upstream-auth';
import { createFhirR4Adapter } from './fhir-r4-adapter';

const fhirAuth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: secretRef }),
  z.strictObject({
    type: z.literal('smart-backend'),
    tokenUrl: httpUrl,
    clientId: z.string().min(1),
    privateJwk: secretRef,
    scope: z.string().default('system/*.read'),
  }),
]);

export const fhirR4SourceConfig = ehrSourceBase.extend({
  adapter: z.literal('fhir-r4'),
  /** Vendor label for operators (epic, oracle-health, other); behaviour is plain FHIR R4. */
  vendor: z.enum(['epic', 'oracle-health', 'other']).default('other'),
  auth: fhirAuth.default({ type: 'none' }),
  pageSize: z.number().int().min(1).max(1000).default(50),
});
export type FhirR4SourceConfig = z.infer<typeof fhirR4SourceConfig>;

const resolveAuth = (auth: FhirR4SourceConfig['auth'], deps: SourceAdapterDeps): FhirAuthConfig => {
  switch (auth.type) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer', token: deps.secret(auth.token, 'auth.token') };
    case 'smart-backend':
      return {
        type: 'smart-backend',
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        privateJwk: parseSmartPrivateJwk(deps.secret(auth.privateJwk, 'auth.privateJwk'), 'auth.privateJwk'),
        scope: auth.scope,
      };
  }
};

/** Any FHIR R4 server (Epic, Oracle Health, HAPI, the sandbox simulator). */
export const fhirR4Adapter = defineSourceAdapter({
  kind: 'ehr',
  adapter: 'fhir-r4',
  configSchema: fhirR4SourceConfig,
  create: (source, deps) =>
    createFhirR4Adapter({
      sourceId: source.id,
      baseUrl: source.baseUrl,
      fetch: deps.fetch,
      clock: deps.clock,
      auth: resolveAuth(source.auth, deps),
      timeoutMs: source.timeoutMs,
      pageSize: source.pageSize,
    }),
});
