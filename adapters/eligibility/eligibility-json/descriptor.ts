import { z } from 'zod';
import { secretRef } from '../../../config/schema-parts';
import { eligibilitySourceBase } from '../../../config/source-bases';
import { defineSourceAdapter } from '../../shared/source-adapter';
import { createEligibilityJsonAdapter } from './adapter';

export const eligibilityJsonSourceConfig = eligibilitySourceBase
  .extend({
    adapter: z.literal('eligibility-json'),
    /** OAuth client credentials of the clearinghouse account; both or neither (no auth). */
    clientId: z.string().min(1).optional(),
    clientSecret: secretRef.optional(),
  })
  .refine((source) => (source.clientId === undefined) === (source.clientSecret === undefined), {
    path: ['clientSecret'],
    message: 'clientId and clientSecret go together (both, or neither for no auth)',
  });

/** Clearinghouse JSON eligibility (Change Healthcare / Optum "Medical Network Eligibility v3" shape). */
export const eligibilityJsonAdapter = defineSourceAdapter({
  kind: 'eligibility',
  adapter: 'eligibility-json',
  configSchema: eligibilityJsonSourceConfig,
  create: (source, deps) =>
    createEligibilityJsonAdapter({
      sourceId: source.id,
      baseUrl: source.baseUrl,
      fetch: deps.fetch,
      clock: deps.clock,
      auth: source.clientId && source.clientSecret ? { clientId: source.clientId, clientSecret: deps.secret(source.clientSecret, 'clientSecret') } : 'none',
      timeoutMs: source.timeoutMs,
    }),
});
