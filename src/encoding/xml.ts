import type { PrimitiveContent } from '../primitives/content.js';
import type { ContentCodec } from './codec.js';
import { elementToContent } from './xml/decode.js';
import { contentToElement } from './xml/encode.js';
import { parseXml } from './xml/parse.js';
import { serializeXml } from './xml/serialize.js';

const utf8 = new TextEncoder();

/**
 * `application/xml` (TS-0004 §8.3), schema-driven through `generated/shapes.gen.ts` so that decoding
 * gives exactly the object the JSON codec gives.
 *
 * Conventions (and where we are unsure):
 * - Root `<m2m:cnt xmlns:m2m="http://www.onem2m.org/xml/protocols" rn="…">`; members are unprefixed
 *   short names. `rn` is an XML attribute (the XSD's @resourceName); a `<rn>` element is read too.
 * - Lists of simple values are one element of space-separated items (`<lbl>a b</lbl>`, xs:list);
 *   lists of complex values, schedule entries and semantic filters repeat the element.
 * - An empty element (or xsi:nil) is null, so `''`, `[]` and `{}` below the root cannot be written
 *   distinctly and are refused. One consequence: the CSEBase's `pi` (an empty string in JSON) reads
 *   back as null from `<pi/>`. An empty root is the empty value (`<m2m:uril/>` is `[]`).
 * - Child resources inline (result content 4/8) repeat `<m2m:cin>` inside the parent and decode to
 *   a list; `ch` and `m2m:rrl` entries are `<ch nm="cnt1" typ="3">cse-in/ae/cnt1</ch>`.
 * - Any-typed values (`con`, `rep`, `pc`) carry text, or typed roots (`<rep><m2m:cin>…`); other
 *   numbers, booleans, objects and lists there are refused, as is anything else XML would not read
 *   back unchanged.
 * - Members unknown to the shapes are written by their JavaScript type and read back as strings.
 * - Known deviation: members are written in schema (alphabetical) order, while the XSD prescribes
 *   a sequence order; readers that validate against the XSD may reject that.
 */
export const xmlCodec: ContentCodec = {
  encoding: 'xml',
  mediaType: 'application/xml',
  mediaTypes: [
    'application/xml',
    'text/xml',
    'application/vnd.onem2m-res+xml',
    'application/vnd.onem2m-ntfy+xml',
    'application/vnd.onem2m-prsp+xml',
    'application/vnd.onem2m-preq+xml',
  ],
  encode(content: PrimitiveContent): Uint8Array {
    return utf8.encode(serializeXml(contentToElement(content)));
  },
  decode(body: Uint8Array): PrimitiveContent {
    return elementToContent(parseXml(body));
  },
};
