import { z } from 'zod';
import { coreEnvelopeFields, coreNamespace, type CoreCredentials, type CoreEnvelope } from './core-envelope';
import { cdata, childrenNamed, escapeXmlText, readXml, resolveQName, XmlReadError, type XmlElement } from './xml-tree';

/**
 * The SOAP+WSDL envelope of the CORE rule: SOAP 1.2 (`application/soap+xml`), the submitter's
 * WS-Security 1.1 UsernameToken (PasswordText) in the header, and the WSDL's
 * COREEnvelopeRealTimeRequest / COREEnvelopeRealTimeResponse in the body, in the CORE namespace
 * with unqualified children in the XSD's sequence. The X12 payload goes in as CDATA.
 */

export const soap12Namespace = 'http://www.w3.org/2003/05/soap-envelope';
export const wsseNamespace = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const passwordTextType = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
export const soapContentType = 'application/soap+xml; charset=UTF-8';

/** Request and response elements carry these, in this order (the XSD's xsd:sequence). */
const requestFields = ['PayloadType', 'ProcessingMode', 'PayloadID', 'TimeStamp', 'SenderID', 'ReceiverID', 'CORERuleVersion', 'Payload'] as const;
const responseFields = [...requestFields, 'ErrorCode', 'ErrorMessage'] as const;

const element = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${name === 'Payload' ? cdata(value) : escapeXmlText(value)}</${name}>`);

function soapDocument(header: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${soap12Namespace}">${header}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export function usernameTokenHeader(credentials: CoreCredentials): string {
  return (
    `<soapenv:Header><wsse:Security soapenv:mustUnderstand="true" xmlns:wsse="${wsseNamespace}"><wsse:UsernameToken>` +
    `<wsse:Username>${escapeXmlText(credentials.username)}</wsse:Username>` +
    `<wsse:Password Type="${passwordTextType}">${escapeXmlText(credentials.password)}</wsse:Password>` +
    `</wsse:UsernameToken></wsse:Security></soapenv:Header>`
  );
}

/** A COREEnvelopeRealTimeRequest (or, for the simulator, ...Response) in a SOAP 1.2 envelope. */
export function writeCoreSoap(kind: 'Request' | 'Response', envelope: CoreEnvelope, credentials: CoreCredentials | null): string {
  const fields = kind === 'Request' ? requestFields : responseFields;
  const body = `<cor:COREEnvelopeRealTime${kind} xmlns:cor="${coreNamespace}">${fields.map((field) => element(field, envelope[field])).join('')}</cor:COREEnvelopeRealTime${kind}>`;
  return soapDocument(credentials ? usernameTokenHeader(credentials) : '', body);
}

/** A SOAP 1.2 Fault as read off the wire: Code/Value, the first Subcode/Value, and the Reason text. */
export const soapFault = z.object({
  code: z.enum(['VersionMismatch', 'MustUnderstand', 'DataEncodingUnknown', 'Sender', 'Receiver']),
  /** `{namespace}local` of the subcode, e.g. the WS-Security `wsse:FailedAuthentication`. */
  subcode: z.object({ namespace: z.string().nullable(), local: z.string().min(1) }).nullable(),
  reason: z.string(),
});
export type SoapFault = z.infer<typeof soapFault>;

export interface SoapMessage {
  header: XmlElement | null;
  /** The one element inside soap:Body. */
  content: XmlElement;
}

/** A SOAP 1.2 envelope: exactly Envelope > [Header] Body > one element. Throws XmlReadError otherwise. */
export function readSoap(xml: string): SoapMessage {
  const root = readXml(xml);
  if (root.namespace !== soap12Namespace || root.local !== 'Envelope') throw new XmlReadError('not a SOAP 1.2 Envelope');
  const headers = childrenNamed(root, soap12Namespace, 'Header');
  const bodies = childrenNamed(root, soap12Namespace, 'Body');
  const [body] = bodies;
  if (!body || bodies.length !== 1 || headers.length > 1 || root.children.length !== bodies.length + headers.length) throw new XmlReadError('a SOAP Envelope holds one optional Header and one Body');
  const [content, ...more] = body.children;
  if (!content || more.length > 0) throw new XmlReadError('the SOAP Body must hold exactly one element');
  return { header: headers[0] ?? null, content };
}

/** The CORE metadata of a COREEnvelopeRealTime* element; children may be unqualified or in the CORE namespace. */
export function coreFieldsOf(content: XmlElement): CoreEnvelope {
  const fields: CoreEnvelope = {};
  for (const child of content.children) {
    if (child.namespace !== null && child.namespace !== coreNamespace) continue;
    const field = coreEnvelopeFields.find((name) => name === child.local);
    if (!field) continue;
    if (field in fields) throw new XmlReadError(`${field} appears twice`);
    fields[field] = child.text;
  }
  return fields;
}

function readFault(content: XmlElement): SoapFault {
  const value = (parent: XmlElement | undefined) => parent && childrenNamed(parent, soap12Namespace, 'Value')[0];
  const code = childrenNamed(content, soap12Namespace, 'Code')[0];
  const codeValue = value(code);
  const subcodeValue = value(code && childrenNamed(code, soap12Namespace, 'Subcode')[0]);
  const reason = childrenNamed(content, soap12Namespace, 'Reason')[0];
  const resolvedCode = codeValue ? resolveQName(codeValue, codeValue.text) : null;
  return soapFault.parse({
    code: resolvedCode?.namespace === soap12Namespace ? resolvedCode.local : undefined,
    subcode: subcodeValue ? resolveQName(subcodeValue, subcodeValue.text) : null,
    reason: (reason && childrenNamed(reason, soap12Namespace, 'Text')[0]?.text) ?? '',
  });
}

export type SoapAnswer = { kind: 'envelope'; fields: CoreEnvelope } | { kind: 'fault'; fault: SoapFault };

/** A clearinghouse's SOAP answer: the CORE response envelope or a SOAP Fault; throws for anything else. */
export function readSoapAnswer(xml: string): SoapAnswer {
  const { content } = readSoap(xml);
  if (content.namespace === soap12Namespace && content.local === 'Fault') return { kind: 'fault', fault: readFault(content) };
  if (content.namespace === coreNamespace && content.local === 'COREEnvelopeRealTimeResponse') return { kind: 'envelope', fields: coreFieldsOf(content) };
  throw new XmlReadError('the SOAP Body holds neither a COREEnvelopeRealTimeResponse nor a Fault');
}
