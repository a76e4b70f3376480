import type { UpstreamAuth } from './upstream-auth';

/** Open FHIR servers (the sandbox, some test servers). */
export const createNoAuth = (): UpstreamAuth => ({
  type: 'none',
  headers: async () => ({}),
  unauthorized: () => false,
});
