import type { z } from 'zod';
import type { rideSourceBase } from '../../../config/source-bases';
import type { SourceAdapterDeps } from '../../shared/source-adapter';

/** What every ride adapter's factory takes from the fields all ride sources share (config/source-bases.ts). */
export function rideSourceOptions(source: z.output<typeof rideSourceBase>, deps: SourceAdapterDeps) {
  return {
    sourceId: source.id,
    baseUrl: source.baseUrl,
    fetch: deps.fetch,
    clock: deps.clock,
    credentials: { clientId: source.clientId, clientSecret: deps.secret(source.clientSecret, 'clientSecret') },
    webhookSecret: deps.secret(source.webhookSecret, 'webhookSecret'),
    timeoutMs: source.timeoutMs,
    rateLimit: source.rateLimit,
    ...(source.tokenUrl ? { tokenUrl: source.tokenUrl } : {}),
    ...(source.scope ? { scope: source.scope } : {}),
  };
}
