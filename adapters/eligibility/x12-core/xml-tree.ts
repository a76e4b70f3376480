import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A namespace-resolved element tree over fast-xml-parser (pure JS, Workers-safe), enough to read
 * SOAP envelopes strictly: well-formedness is validated first, a DTD is refused (SOAP 1.2 forbids
 * one, and it is the door to entity-expansion attacks), and every element carries its namespace
 * URI so callers match `{namespace}local`, not whatever prefix the sender chose.
 */

export interface XmlElement {
  namespace: string | null;
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA content directly inside this element, concatenated. */
  text: string;
  /** Prefix → namespace in scope here (for QName values such as SOAP fault codes). */
  scope: ReadonlyMap<string, string>;
}

export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** fast-xml-parser decodes the five predefined entities; numeric references are ours to decode. */
const decodeCharacterReferences = (text: string): string =>
  text.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_match, code: string) => String.fromCodePoint(code.startsWith('x') ? parseInt(code.slice(1), 16) : parseInt(code, 10)));

type OrderedNode = Record<string, unknown>;

const isNode = (value: unknown): value is OrderedNode => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(nodes: unknown): string {
  if (!Array.isArray(nodes)) return '';
  let text = '';
  for (const node of nodes) {
    if (!isNode(node)) continue;
    if (typeof node['#text'] === 'string') text += node['#text'];
    else if ('#cdata' in node) text += textOf(node['#cdata']);
  }
  return text;
}

function toElement(name: string, node: OrderedNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const rawAttributes = isNode(node[':@']) ? node[':@'] : {};
  const attributes: Record<string, string> = {};
  const scope = new Map(parentScope);
  for (const [key, value] of Object.entries(rawAttributes)) {
    const text = decodeCharacterReferences(String(value));
    if (key === 'xmlns') scope.set('', text);
    else if (key.startsWith('xmlns:')) scope.set(key.slice(6), text);
    else attributes[key] = text;
  }
  const [prefix, local] = name.includes(':') ? (name.split(':', 2) as [string, string]) : ['', name];
  const namespace = scope.get(prefix) || null;
  if (prefix !== '' && namespace === null) throw new XmlReadError(`undeclared namespace prefix ${prefix}`);
  const content = node[name];
  const children: XmlElement[] = [];
  if (Array.isArray(content)) {
    for (const child of content) {
      if (!isNode(child)) continue;
      const childName = Object.keys(child).find((key) => key !== ':@');
      if (childName && !childName.startsWith('#')) children.push(toElement(childName, child, scope));
    }
  }
  return { namespace, local, attributes, children, text: decodeCharacterReferences(textOf(content)), scope };
}

/** The document element of `xml`; throws XmlReadError for anything that is not one well-formed element tree. */
export function readXml(xml: string): XmlElement {
  if (/<!DOCTYPE/i.test(xml)) throw new XmlReadError('a document type declaration is not allowed');
  const validation = XMLValidator.validate(xml);
  if (validation !== true) throw new XmlReadError(`not well-formed XML (${validation.err.code} at line ${validation.err.line})`);
  const parsed: unknown = parser.parse(xml);
  const roots = (Array.isArray(parsed) ? parsed : []).filter(isNode).flatMap((node) => Object.keys(node).filter((key) => key !== ':@' && !key.startsWith('#') && !key.startsWith('?')).map((name) => ({ name, node })));
  const [root, ...others] = roots;
  if (!root || others.length > 0) throw new XmlReadError('expected exactly one document element');
  return toElement(root.name, root.node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

/** The child elements named `{namespace}local`. */
export const childrenNamed = (element: XmlElement, namespace: string | null, local: string): XmlElement[] =>
  element.children.filter((child) => child.local === local && child.namespace === namespace);

/** A QName value (`wsse:FailedAuthentication`) resolved against the element's scope. */
export function resolveQName(element: XmlElement, value: string): { namespace: string | null; local: string } {
  const trimmed = value.trim();
  const [prefix, local] = trimmed.includes(':') ? (trimmed.split(':', 2) as [string, string]) : ['', trimmed];
  return { namespace: element.scope.get(prefix) ?? null, local };
}

/** Text for an XML text node: the three characters that could end or open markup, escaped. */
export const escapeXmlText = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Text as CDATA; a `]]>` inside is split across two sections so it cannot close the first early. */
export const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
