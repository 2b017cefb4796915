import { MAX_CONTENT_DEPTH } from '../limits.js';

/**
 * The small XML tree the codec works on, between fast-xml-parser's node format and JavaScript
 * values. Names are canonical: a namespaced element is `m2m:…` whatever prefix the body used.
 */
export interface XmlElement {
  readonly name: string;
  /** XML attributes other than namespace declarations and xsi:*, in document order. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (text and CDATA, entities resolved). */
  readonly text: string;
  /** `xsi:nil="true"`: null, like an empty element. */
  readonly nil: boolean;
}

/** Deepest element nesting accepted, the root included: the limit of every decoder. */
export const MAX_DEPTH = MAX_CONTENT_DEPTH;

export function xmlElement(
  name: string,
  content: { attributes?: Record<string, string>; children?: XmlElement[]; text?: string } = {},
): XmlElement {
  return {
    name,
    attributes: content.attributes ?? {},
    children: content.children ?? [],
    text: content.text ?? '',
    nil: false,
  };
}
