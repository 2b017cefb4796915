import { Onem2mError, type RequestContext } from './Onem2mError.js';

/**
 * The CSE answered success but sent no content where the request asked for some, in an encoding
 * other than JSON: it does not speak that encoding (ACME answers XML requests with 2000 and an
 * empty body). `supported` lists the media types of the CSEBase's supportedContentSerializations
 * (csz), when they could be read.
 */
export class EncodingNotSupportedError extends Onem2mError {
  override readonly name = 'EncodingNotSupportedError';
  constructor(
    context: RequestContext,
    readonly encoding: string,
    readonly supported: readonly string[] | undefined,
  ) {
    super(
      context,
      `the CSE sent no content for a ${encoding} request: it does not seem to speak ${encoding}; ${
        supported && supported.length > 0
          ? `its CSEBase supports (csz) ${supported.join(', ')}`
          : 'its CSEBase does not say which serializations it supports (csz)'
      }; use another encoding`,
    );
  }
}
