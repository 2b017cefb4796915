import type { ContentCodec, Encoding } from './codec.js';
import { jsonCodec } from './json.js';

/**
 * The codec for an encoding, loaded on first use: XML (fast-xml-parser and the shapes table) and
 * CBOR stay out of a bundle that only speaks JSON, and bundlers split them into their own chunks.
 */
export async function loadCodec(encoding: Encoding): Promise<ContentCodec> {
  switch (encoding) {
    case 'json':
      return jsonCodec;
    case 'xml':
      return (await import('./xml.js')).xmlCodec;
    case 'cbor':
      return (await import('./cbor.js')).cborCodec;
  }
}
