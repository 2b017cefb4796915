export { describeRequest, Onem2mError, requestContext, type RequestContext } from './Onem2mError.js';
export { isResponseError, ResponseError } from './ResponseError.js';
export {
  AbortError,
  MalformedResponseError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  UnexpectedContentError,
  type MalformedReason,
} from './transport-errors.js';
export { EncodingNotSupportedError } from './EncodingNotSupportedError.js';
