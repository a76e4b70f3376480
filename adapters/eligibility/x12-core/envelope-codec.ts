import type { CoreCredentials, CoreEnvelope } from './core-envelope';
import { envelopeToFormData, formDataToEnvelope } from './mime-envelope';
import { readSoapAnswer, soapContentType, writeCoreSoap, type SoapAnswer } from './soap-envelope';

/** The two envelope standards of the CORE connectivity rule; a clearinghouse may serve only one. */
export type CoreEnvelopeStandard = 'mime' | 'soap';

/** What came back: a CORE envelope (MIME answers are always one) or a SOAP Fault. */
export type CoreAnswer = SoapAnswer;

/** How one envelope standard goes on the wire: the request body with its credentials, and the answer. */
export interface CoreEnvelopeCodec {
  headers: Record<string, string>;
  body(envelope: CoreEnvelope, credentials: CoreCredentials): BodyInit;
  /** Throws when the answer is not an envelope of this standard. */
  read(response: Response): Promise<CoreAnswer>;
}

const mimeCodec: CoreEnvelopeCodec = {
  // fetch sets the multipart content type with its boundary itself.
  headers: { accept: 'multipart/form-data' },
  body: (envelope, credentials) => envelopeToFormData({ ...envelope, UserName: credentials.username, Password: credentials.password }),
  read: async (response) => ({ kind: 'envelope', fields: await formDataToEnvelope(await response.formData()) }),
};

const soapCodec: CoreEnvelopeCodec = {
  // SOAP 1.2 carries the WSDL's soapAction as the `action` media type parameter.
  headers: { 'content-type': `${soapContentType}; action="RealTimeTransaction"`, accept: 'application/soap+xml' },
  body: (envelope, credentials) => writeCoreSoap('Request', envelope, credentials),
  read: async (response) => readSoapAnswer(await response.text()),
};

export const envelopeCodecs: Record<CoreEnvelopeStandard, CoreEnvelopeCodec> = { mime: mimeCodec, soap: soapCodec };
