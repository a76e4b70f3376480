import { badRequest, getStatus } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** Response helpers in FHIR's JSON wire format (`application/fhir+json`). */
export const FHIR_JSON = 'application/fhir+json;charset=utf-8';

export const fhirResponse = (status: number, body: Resource | Record<string, unknown>, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': FHIR_JSON, ...headers } });

/** An OperationOutcome with the HTTP status FHIR gives its issue code (404 not-found, 400 invalid, ...). */
export const outcomeResponse = (outcome: OperationOutcome, headers: Record<string, string> = {}): Response =>
  fhirResponse(getStatus(outcome), outcome, headers);

export const outcomeWithStatus = (status: number, code: OperationOutcomeIssue['code'], diagnostics: string, headers: Record<string, string> = {}): Response =>
  fhirResponse(
    status,
    { resourceType: 'OperationOutcome', issue: [{ severity: status >= 500 ? 'fatal' : 'error', code, diagnostics }] },
    headers,
  );

export const badRequestResponse = (details: string): Response => outcomeResponse(badRequest(details));
