import type { PrimitiveContent } from '../primitives/content.js';
import type { ContentCodec } from './codec.js';
import { DecodingError, EncodingError } from './errors.js';

// TEMPORARY placeholder while the XML codec is written; replaced in the same issue.
export const xmlCodec: ContentCodec = {
  encoding: 'xml',
  mediaType: 'application/xml',
  mediaTypes: ['application/xml', 'text/xml', 'application/vnd.onem2m-res+xml', 'application/vnd.onem2m-ntfy+xml', 'application/vnd.onem2m-prsp+xml', 'application/vnd.onem2m-preq+xml'],
  encode(_content: PrimitiveContent): Uint8Array {
    throw new EncodingError('xml', '', 'not implemented yet');
  },
  decode(_body: Uint8Array): PrimitiveContent {
    throw new DecodingError('xml', 'not implemented yet');
  },
};
