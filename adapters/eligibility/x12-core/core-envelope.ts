import { z } from 'zod';

/**
 * The CAQH CORE Phase II Connectivity Rule (270, v2.2.0) envelope metadata, shared by both
 * envelope standards the rule allows: HTTP+MIME multipart (./mime-envelope) and SOAP 1.2 +
 * WSDL (./soap-envelope). Submitter credentials travel in the envelope (MIME `UserName` /
 * `Password` fields, a WS-Security UsernameToken in SOAP), never as an HTTP Basic header.
 */

export const coreRuleVersion = '2.2.0';

/** Target namespace of the rule's XSD/WSDL (COREEnvelopeRealTimeRequest / ...Response). */
export const coreNamespace = 'http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd';

export const corePayloadTypes = {
  request270: 'X12_270_Request_005010X279A1',
  response271: 'X12_271_Response_005010X279A1',
  response999: 'X12_999_Response_005010X231A1',
  envelopeError: 'CoreEnvelopeError',
} as const;

/** The metadata fields in the rule's order (XSD sequence); UserName/Password are MIME-only. */
export const coreEnvelopeFields = [
  'PayloadType',
  'ProcessingMode',
  'PayloadID',
  'PayloadLength',
  'TimeStamp',
  'UserName',
  'Password',
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

/** The submitter account of the clearinghouse (the rule's username/password method). */
export interface CoreCredentials {
  username: string;
  password: string;
}

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

/** CORE timestamps are XML dateTime in UTC, e.g. 2024-05-01T10:20:34Z. */
export const coreTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
