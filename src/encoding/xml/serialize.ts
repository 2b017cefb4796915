import { XMLBuilder } from 'fast-xml-parser';
import type { XmlElement } from './element.js';
import { NAMESPACES, own } from './shapes.js';

// XmlElement tree → text. Escaping is done here rather than by the builder so that a carriage
// return survives (a parser turns a literal CR into LF) and attribute whitespace is not normalised.

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false, // values arrive escaped
  suppressEmptyNode: false, // an empty element stays <x></x>
  suppressBooleanAttributes: false,
  format: false,
});

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const escapeText = (text: string) =>
  text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
const escapeAttribute = (text: string) =>
  text.replace(
    /[&<>"\t\n\r]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c] ?? c,
  );

type Node = Record<string, unknown>;

function toNode(element: XmlElement, prefixes: Set<string>): Node {
  const colon = element.name.indexOf(':');
  if (colon > 0) prefixes.add(element.name.slice(0, colon));
  const content: Node[] = [];
  if (element.text !== '') content.push({ '#text': escapeText(element.text) });
  for (const child of element.children) content.push(toNode(child, prefixes));
  const node: Node = { [element.name]: content };
  const attributes = Object.entries(element.attributes);
  if (attributes.length > 0)
    node[':@'] = Object.fromEntries(attributes.map(([name, value]) => [name, escapeAttribute(value)]));
  return node;
}

/**
 * The document for a root element, with `xmlns:` declarations on the root for every prefix used.
 * Names must already be valid XML names with known prefixes (the encoder checks them).
 */
export function serializeXml(root: XmlElement): string {
  const prefixes = new Set<string>();
  const node = toNode(root, prefixes);
  const declarations = Object.fromEntries(
    [...prefixes].sort().map((prefix) => [`xmlns:${prefix}`, escapeAttribute(own(NAMESPACES, prefix) ?? '')]),
  );
  node[':@'] = { ...declarations, ...((node[':@'] as Record<string, string> | undefined) ?? {}) };
  return DECLARATION + (builder.build([node]) as string);
}
