import type { JWK } from 'jose';

/**
 * How the adapter authenticates to the FHIR server: one small strategy per mode. The FHIR
 * client asks for headers before each request and reports a 401 so a strategy that can get
 * fresh credentials (SMART) gets one retry.
 */
export type FhirAuthConfig =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'smart-backend'; tokenUrl: string; clientId: string; privateJwk: JWK; scope: string };

export interface UpstreamAuth {
  readonly type: FhirAuthConfig['type'];
  /** Headers for the next request (may fetch a token). */
  headers(): Promise<Record<string, string>>;
  /**
   * The server answered 401 to a request sent with `rejected` headers. Returns true when a
   * retry with fresh `headers()` can help (the rejected credentials were dropped).
   */
  unauthorized(rejected: Record<string, string>): boolean;
}
