import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DecodingError } from '../errors.js';
import { MAX_DEPTH, type XmlElement } from './element.js';
import { M2M_NAMESPACE, NAMESPACES, own, XSI_NAMESPACE } from './shapes.js';

// Bytes → XmlElement tree. Safety: a DOCTYPE is refused before parsing, so no entity can be
// declared (no billion laughs, no external entities); entities are resolved here, not by the
// parser, and only the five predefined ones and character references exist; nesting is capped.

const utf8 = new TextDecoder('utf-8', { fatal: true });

const parser = new XMLParser({
  preserveOrder: true, // keeps repeated elements and text in one uniform list
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false, // types come from the shapes table, not from guessing
  parseAttributeValue: false,
  trimValues: false, // string values keep their spaces; blank text is judged per shape
  processEntities: false, // resolved below, so an undeclared entity is an error, not literal text
  htmlEntities: false,
  cdataPropName: '#cdata', // CDATA must not pass through entity resolution
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH - 1, // counts the elements inside the root
  // Keep names such as toString as they are (the default renames them to __toString): with
  // preserveOrder they only key fresh node objects, and decoding defines its members.
  onDangerousProperty: (name) => name,
});

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function resolveEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (match, name: string) => {
    if (!match.endsWith(';'))
      throw new DecodingError('xml', `a bare "&" in ${JSON.stringify(raw.slice(0, 40))}; write &amp;`);
    const predefined = own(PREDEFINED, name);
    if (predefined !== undefined) return predefined;
    const code = /^#x[0-9a-fA-F]+$/.test(name)
      ? parseInt(name.slice(2), 16)
      : /^#[0-9]+$/.test(name)
        ? parseInt(name.slice(1), 10)
        : NaN;
    if (Number.isNaN(code))
      throw new DecodingError(
        'xml',
        `entity &${name}; is not declared (only &lt; &gt; &amp; &quot; &apos; and character references exist without a DOCTYPE)`,
      );
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw new DecodingError('xml', `character reference &${name}; is not a valid XML character`);
    return String.fromCodePoint(code);
  });
}

type Node = Record<string, unknown>;

const textOf = (nodes: unknown): string =>
  Array.isArray(nodes) ? nodes.map((n) => String((n as Node)['#text'] ?? '')).join('') : '';

function convert(node: Node, tag: string, inherited: Readonly<Record<string, string>>): XmlElement {
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  // Null prototypes: names come from the body, and `__proto__` must stay an ordinary key.
  const scope: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, inherited);
  for (const [name, value] of Object.entries(rawAttributes))
    if (name.startsWith('xmlns:')) scope[name.slice(6)] = resolveEntities(value);
  const attributes = Object.create(null) as Record<string, string>;
  let nil = false;
  for (const [name, raw] of Object.entries(rawAttributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const value = resolveEntities(raw);
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : '';
    // Senders that forget xmlns:xsi still mean XML Schema instance by xsi:.
    if (prefix !== '' && (own(scope, prefix) ?? (prefix === 'xsi' ? XSI_NAMESPACE : undefined)) === XSI_NAMESPACE) {
      // xsi:nil is XML Schema's null; TS-0004 writes null as an empty element, both are read.
      if (name.slice(colon + 1) === 'nil') nil = value.trim() === 'true' || value.trim() === '1';
      continue;
    }
    attributes[name] = value;
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[tag] ?? []) as Node[]) {
    const [key] = Object.keys(child).filter((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') text += resolveEntities(String(child['#text']));
    else if (key === '#cdata') text += textOf(child['#cdata']);
    else children.push(convert(child, key, scope));
  }
  return { name: canonicalName(tag, scope), attributes, children, text, nil };
}

/** `p:cnt` with p bound to the oneM2M namespace is `m2m:cnt`; unprefixed names stay as they are. */
function canonicalName(tag: string, scope: Readonly<Record<string, string>>): string {
  const colon = tag.indexOf(':');
  if (colon < 0) return tag;
  const prefix = tag.slice(0, colon);
  const local = tag.slice(colon + 1);
  const uri = own(scope, prefix);
  if (uri === undefined)
    throw new DecodingError(
      'xml',
      `namespace prefix "${prefix}" of <${tag}> is not declared; add xmlns:${prefix}="${own(NAMESPACES, prefix) ?? '…'}"`,
    );
  if (uri === M2M_NAMESPACE) return `m2m:${local}`;
  if (prefix === 'm2m') throw new DecodingError('xml', `<${tag}> is in namespace "${uri}", expected ${M2M_NAMESPACE}`);
  const known = Object.entries(NAMESPACES).find(([, namespace]) => namespace === uri);
  return known ? `${known[0]}:${local}` : tag;
}

/** A DOCTYPE outside comments and CDATA sections. */
function hasDoctype(text: string): boolean {
  return /<!DOCTYPE/i.test(text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, ''));
}

/** Parses a body into its root element; throws DecodingError when it is not well-formed, safe XML. */
export function parseXml(body: Uint8Array): XmlElement {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch (cause) {
    throw new DecodingError('xml', 'the body is not valid UTF-8 (TS-0004 §8.3.1 requires UTF-8)', { cause });
  }
  const declared = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (declared !== undefined && declared.toLowerCase() !== 'utf-8')
    throw new DecodingError('xml', `the XML declaration names encoding ${declared}; oneM2M XML is UTF-8`);
  if (hasDoctype(text))
    throw new DecodingError(
      'xml',
      'a DOCTYPE is not accepted (oneM2M XML has none; it could declare entities or fetch external ones)',
    );
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new DecodingError(
      'xml',
      `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}; body starts ${JSON.stringify(text.slice(0, 40))})`,
    );
  let nodes: Node[];
  try {
    nodes = parser.parse(text) as Node[];
  } catch (cause) {
    const message = (cause as Error).message;
    throw new DecodingError(
      'xml',
      /nested/i.test(message)
        ? `elements are nested deeper than ${MAX_DEPTH} levels (the limit for oneM2M content)`
        : message,
      { cause },
    );
  }
  const roots = nodes.flatMap((node) =>
    Object.keys(node)
      .filter((key) => key !== ':@' && key !== '#text' && key !== '#cdata')
      .map((key) => [node, key] as const),
  );
  const [first, ...others] = roots;
  if (first === undefined) throw new DecodingError('xml', 'the body has no root element');
  if (others.length > 0) throw new DecodingError('xml', `the body has ${roots.length} root elements; XML allows one`);
  return convert(first[0], first[1], {});
}
