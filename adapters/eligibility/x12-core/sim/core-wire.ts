import type { CoreEnvelope } from '../core-envelope';
import type { CoreEnvelopeStandard } from '../envelope-codec';
import { envelopeToFormData, formDataToEnvelope } from '../mime-envelope';
import { coreFieldsOf, readSoap, soap12Namespace, soapContentType, wsseNamespace, writeCoreSoap } from '../soap-envelope';
import { childrenNamed, escapeXmlText, type XmlElement } from '../xml-tree';

/**
 * The simulator's side of the two CORE envelope standards: what a request carried (metadata
 * and the credentials the standard puts in the envelope) and how answers are written back.
 */

/** The submitter credentials as found in the envelope; null when the envelope has none. */
export interface PresentedCredentials {
  username: string;
  password: string;
  /** WS-Security Password/@Type (absent means PasswordText); undefined for MIME. */
  passwordType?: string;
}

export type IncomingCore =
  | { standard: 'mime'; envelope: CoreEnvelope; credentials: PresentedCredentials | null }
  | { standard: 'soap'; envelope: CoreEnvelope; credentials: PresentedCredentials | null; hasSecurityHeader: boolean };

/** Why a body could not be read as an envelope of the standard its content type names. */
export class UnreadableEnvelope extends Error {
  constructor(
    readonly standard: CoreEnvelopeStandard | null,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableEnvelope';
  }
}

const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function usernameToken(header: XmlElement | null): { hasSecurityHeader: boolean; credentials: PresentedCredentials | null } {
  const security = header ? childrenNamed(header, wsseNamespace, 'Security')[0] : undefined;
  const token = security ? childrenNamed(security, wsseNamespace, 'UsernameToken')[0] : undefined;
  const username = token ? childrenNamed(token, wsseNamespace, 'Username')[0] : undefined;
  const password = token ? childrenNamed(token, wsseNamespace, 'Password')[0] : undefined;
  if (!username || !password) return { hasSecurityHeader: security !== undefined, credentials: null };
  return { hasSecurityHeader: true, credentials: { username: username.text, password: password.text, passwordType: password.attributes.Type } };
}

export async function readCoreRequest(request: Request): Promise<IncomingCore> {
  const type = mediaType(request);
  if (type === 'multipart/form-data') {
    let envelope: CoreEnvelope;
    try {
      envelope = await formDataToEnvelope(await request.formData());
    } catch {
      throw new UnreadableEnvelope('mime', 'Body is not a multipart/form-data CORE envelope');
    }
    const credentials = envelope.UserName && envelope.Password ? { username: envelope.UserName, password: envelope.Password } : null;
    return { standard: 'mime', envelope, credentials };
  }
  if (type === 'application/soap+xml') {
    try {
      const { header, content } = readSoap(await request.text());
      if (content.local !== 'COREEnvelopeRealTimeRequest') throw new UnreadableEnvelope('soap', 'The SOAP Body must hold a COREEnvelopeRealTimeRequest');
      return { standard: 'soap', envelope: coreFieldsOf(content), ...usernameToken(header) };
    } catch (error) {
      if (error instanceof UnreadableEnvelope) throw error;
      throw new UnreadableEnvelope('soap', 'Body is not a SOAP 1.2 CORE envelope');
    }
  }
  throw new UnreadableEnvelope(null, 'Send multipart/form-data (HTTP+MIME) or application/soap+xml (SOAP 1.2)');
}

/** An answer envelope in the standard the request used. */
export function coreReply(standard: CoreEnvelopeStandard, fields: CoreEnvelope, status: number): Response {
  if (standard === 'mime') return new Response(envelopeToFormData(fields), { status });
  return new Response(writeCoreSoap('Response', fields, null), { status, headers: { 'content-type': soapContentType } });
}

/**
 * A SOAP 1.2 Fault. The SOAP 1.2 HTTP binding answers a Sender fault with 400 and every other
 * fault with 500; WS-Security subcodes are QNames in the wsse namespace.
 */
export function soapFaultReply(code: 'Sender' | 'Receiver' | 'VersionMismatch', subcode: string | null, reason: string): Response {
  const subcodeXml = subcode ? `<soapenv:Subcode><soapenv:Value xmlns:wsse="${wsseNamespace}">${escapeXmlText(subcode)}</soapenv:Value></soapenv:Subcode>` : '';
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${soap12Namespace}"><soapenv:Body><soapenv:Fault>` +
    `<soapenv:Code><soapenv:Value>soapenv:${code}</soapenv:Value>${subcodeXml}</soapenv:Code>` +
    `<soapenv:Reason><soapenv:Text xml:lang="en">${escapeXmlText(reason)}</soapenv:Text></soapenv:Reason>` +
    `</soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  return new Response(xml, { status: code === 'Sender' ? 400 : 500, headers: { 'content-type': soapContentType } });
}
