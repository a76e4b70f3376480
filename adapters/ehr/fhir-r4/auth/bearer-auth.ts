import type { UpstreamAuth } from './upstream-auth';

/** A long-lived token issued out of band. A 401 cannot be fixed by retrying with the same token. */
export function createBearerAuth(token: string): UpstreamAuth {
  if (!token) throw new Error('FHIR bearer auth needs a non-empty token');
  const headers = { authorization: `Bearer ${token}` };
  return {
    type: 'bearer',
    headers: async () => headers,
    unauthorized: () => false,
  };
}
