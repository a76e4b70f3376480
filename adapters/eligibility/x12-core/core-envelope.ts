import { z } from 'zod';

/**
 * The CAQH CORE Phase II Connectivity Rule (270, v2.2.0) HTTP+MIME envelope: a
 * multipart/form-data body whose fields carry the routing metadata and the X12 payload.
 * Built and read with the Web-standard FormData, so it runs on Node and on Workers alike.
 */

export const coreRuleVersion = '2.2.0';

export const corePayloadTypes = {
  request270: 'X12_270_Request_005010X279A1',
  response271: 'X12_271_Response_005010X279A1',
  response999: 'X12_999_Response_005010X231A1',
  envelopeError: 'CoreEnvelopeError',
} as const;

export const coreEnvelopeFields = [
  'PayloadType',
  'ProcessingMode',
  'PayloadID',
  'PayloadLength',
  'TimeStamp',
  'SenderID',
  'ReceiverID',
  'CORERuleVersion',
  'Checksum',
  'Payload',
  'ErrorCode',
  'ErrorMessage',
] as const;

export type CoreEnvelopeField = (typeof coreEnvelopeFields)[number];
export type CoreEnvelope = Partial<Record<CoreEnvelopeField, string>>;

/** A response envelope as we accept it: metadata always, then either a payload or an error. */
export const wireCoreResponse = z.object({
  PayloadType: z.string().min(1),
  ProcessingMode: z.string().optional(),
  PayloadID: z.string().optional(),
  TimeStamp: z.string().optional(),
  SenderID: z.string().optional(),
  ReceiverID: z.string().optional(),
  CORERuleVersion: z.string().optional(),
  Payload: z.string().optional(),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});
export type WireCoreResponse = z.infer<typeof wireCoreResponse>;

export function envelopeToFormData(envelope: CoreEnvelope): FormData {
  const form = new FormData();
  for (const field of coreEnvelopeFields) {
    const value = envelope[field];
    if (value !== undefined) form.append(field, value);
  }
  return form;
}

/** The envelope fields of a parsed multipart body; a payload sent as a file part is read as text. */
export async function formDataToEnvelope(form: FormData): Promise<CoreEnvelope> {
  const envelope: CoreEnvelope = {};
  for (const field of coreEnvelopeFields) {
    const value = form.get(field);
    if (value === null) continue;
    envelope[field] = typeof value === 'string' ? value : await value.text();
  }
  return envelope;
}

/** CORE timestamps are XML dateTime in UTC, e.g. 2024-05-01T10:20:34Z. */
export const coreTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** HTTP Basic credentials, UTF-8 safe (btoa alone rejects non-Latin-1 text). */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
