import { describe, expect, it } from 'vitest';
import { coreNamespace } from './core-envelope';
import { coreFieldsOf, readSoap, readSoapAnswer, soap12Namespace, writeCoreSoap, wsseNamespace } from './soap-envelope';
import { XmlReadError } from './xml-tree';

/** The SOAP 1.2 envelope on its own: what we write is what the WSDL names, and what we read is checked. */

const envelopeOf = (body: string, header = '') => `<?xml version="1.0"?><s:Envelope xmlns:s="${soap12Namespace}">${header}<s:Body>${body}</s:Body></s:Envelope>`;

describe('CORE SOAP envelope', () => {
  it('writes the request in the CORE namespace with unqualified children in the XSD order and a UsernameToken', () => {
    const xml = writeCoreSoap('Request', { Payload: 'ISA*00~', CORERuleVersion: '2.2.0', PayloadType: 'X12_270_Request_005010X279A1', UserName: 'leak?' }, { username: 'acct', password: 'p' });
    const { header, content } = readSoap(xml);
    expect([content.namespace, content.local]).toEqual([coreNamespace, 'COREEnvelopeRealTimeRequest']);
    expect(content.children.map((child) => [child.namespace, child.local])).toEqual([
      [null, 'PayloadType'],
      [null, 'CORERuleVersion'],
      [null, 'Payload'],
    ]);
    const security = header?.children[0];
    expect([security?.namespace, security?.local]).toEqual([wsseNamespace, 'Security']);
    expect(xml).toContain('<wsse:Username>acct</wsse:Username>');
    expect(xml).toContain('<Payload><![CDATA[ISA*00~]]></Payload>');
  });

  it('keeps payload and credential text intact through markup characters, CDATA terminators included', () => {
    const payload = 'NM1*IL*1*A&B <C>]]>D~';
    const xml = writeCoreSoap('Request', { Payload: payload, SenderID: 'S&<>' }, { username: 'a<b', password: ']]>&' });
    expect(coreFieldsOf(readSoap(xml).content)).toMatchObject({ Payload: payload, SenderID: 'S&<>' });
    expect(xml).toContain('<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">]]&gt;&amp;</wsse:Password>');
  });

  it('reads a response whatever prefixes the sender chose, and decodes character references', () => {
    const body = `<x:COREEnvelopeRealTimeResponse xmlns:x="${coreNamespace}"><PayloadType>X12_271_Response_005010X279A1</PayloadType><ErrorMessage>a&#x26;b&#65;</ErrorMessage></x:COREEnvelopeRealTimeResponse>`;
    expect(readSoapAnswer(envelopeOf(body))).toEqual({ kind: 'envelope', fields: { PayloadType: 'X12_271_Response_005010X279A1', ErrorMessage: 'a&bA' } });
  });

  it('reads a SOAP 1.2 Fault with its subcode QName resolved', () => {
    const fault = `<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:q="${wsseNamespace}">q:FailedAuthentication</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">no</s:Text></s:Reason></s:Fault>`;
    expect(readSoapAnswer(envelopeOf(fault))).toEqual({ kind: 'fault', fault: { code: 'Sender', subcode: { namespace: wsseNamespace, local: 'FailedAuthentication' }, reason: 'no' } });
  });

  it('refuses what is not one well-formed SOAP 1.2 envelope with one CORE element in its body', () => {
    const response = `<c:COREEnvelopeRealTimeResponse xmlns:c="${coreNamespace}"><PayloadType>T</PayloadType></c:COREEnvelopeRealTimeResponse>`;
    const refused = [
      envelopeOf(response).replace('</s:Body>', ''),
      envelopeOf(response).replaceAll(soap12Namespace, 'http://schemas.xmlsoap.org/soap/envelope/'),
      envelopeOf(response + response),
      envelopeOf('<Other/>'),
      envelopeOf(response.replace('</PayloadType>', '</PayloadType><PayloadType>U</PayloadType>')),
      `<!DOCTYPE s [<!ENTITY e "x">]>${envelopeOf(response)}`,
      envelopeOf(`<u:COREEnvelopeRealTimeResponse><PayloadType>T</PayloadType></u:COREEnvelopeRealTimeResponse>`),
      envelopeOf(`<s:Fault><s:Code><s:Value>s:Bogus</s:Value></s:Code></s:Fault>`),
    ];
    for (const xml of refused) expect(() => readSoapAnswer(xml), xml).toThrow();
    expect(() => readSoapAnswer(envelopeOf('<Other/>'))).toThrow(XmlReadError);
  });
});
