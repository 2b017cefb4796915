import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { jsonCodec } from '../encoding/index.js';
import { EncodingError } from '../encoding/errors.js';
import { httpToRequest, RequestFormatError, responseCodecFor, responseToHttp } from '../http/binding.js';
import { Header } from '../http/headers.js';
import type { HttpRequestMessage, HttpResponseMessage } from '../http/message.js';
import { BodyTooLargeError, readNodeRequest, writeNodeResponse } from '../http/node-adapter.js';
import type { Cse } from './cse.js';
import { applyCors, type CorsPolicy } from './cors.js';
import { completeResponse } from './dispatcher.js';
import type { Outcome } from './outcome.js';

// The HTTP binding of the CSE (TS-0009) on node:http: each request is read whole (up to
// maxBodyBytes), mapped to a request primitive by the shared binding, handled by the CSE and
// answered in the encoding the Accept header asks for (else the request's, else JSON).

function headerOf(message: Pick<HttpRequestMessage, 'headers'>, name: string): string | undefined {
  return message.headers[name];
}

/** The response to a request that never became a request primitive. */
function refusal(cse: Cse, headers: Record<string, string>, outcome: Outcome): HttpResponseMessage {
  const rqi = headers[Header.RequestId] ?? '';
  const rvi = headers[Header.ReleaseVersion];
  const response = completeResponse(cse.context, { rqi, ...(rvi === undefined ? {} : { rvi }) }, outcome);
  return encode(cse, headers, response);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function encode(
  cse: Cse,
  headers: Record<string, string>,
  response: Parameters<typeof responseToHttp>[0],
  location?: string,
): HttpResponseMessage {
  const codec = responseCodecFor(headers);
  try {
    return responseToHttp(response, codec, location);
  } catch (error) {
    // Answer in JSON rather than not at all, saying why (e.g. content the encoder cannot write).
    const reason = error instanceof EncodingError ? error.message : reasonOf(error);
    cse.options.log(`cannot answer in ${codec.encoding}: ${reason}`);
    const fallback = {
      ...response,
      rsc: ResponseStatusCode.InternalServerError,
      pc: { 'm2m:dbg': `the response cannot be encoded as ${codec.encoding}: ${reason}` },
    };
    return responseToHttp(fallback, jsonCodec);
  }
}

/** The last resort when answering failed: 5000 with the reason, never an empty HTTP 500. */
function internalError(req: IncomingMessage, error: unknown): HttpResponseMessage {
  const rqi = req.headers[Header.RequestId];
  const body = new TextEncoder().encode(
    JSON.stringify({ 'm2m:dbg': `internal server error: ${reasonOf(error).slice(0, 500)}` }),
  );
  return {
    status: 500,
    headers: {
      'content-type': 'application/json',
      [Header.ResponseStatusCode]: String(ResponseStatusCode.InternalServerError),
      ...(typeof rqi === 'string' ? { [Header.RequestId]: rqi } : {}),
    },
    body,
  };
}

async function answer(cse: Cse, req: IncomingMessage, res: ServerResponse): Promise<HttpResponseMessage> {
  let message: HttpRequestMessage;
  try {
    message = await readNodeRequest(req, cse.options.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const response = refusal(cse, headers, {
      rsc: ResponseStatusCode.BadRequest,
      pc: { 'm2m:dbg': `the request body exceeds this CSE's limit of ${error.limit} bytes; send less content` },
    });
    // 413 tells HTTP clients and proxies what happened; X-M2M-RSC still carries the oneM2M code.
    return { ...response, status: 413, headers: { ...response.headers, connection: 'close' } };
  }
  let request: ReturnType<typeof httpToRequest>;
  try {
    request = httpToRequest(message);
  } catch (error) {
    if (!(error instanceof RequestFormatError)) throw error;
    return refusal(cse, message.headers, { rsc: error.rsc, pc: { 'm2m:dbg': error.message } });
  }
  // A requester that hangs up (e.g. an aborted long poll of a pcu) must not take a request with it.
  // Only a RETRIEVE waits (a pcu long poll); other requests skip the cost of a signal.
  let signal: AbortSignal | undefined;
  if (request.op === Operation.Retrieve) {
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    signal = gone.signal;
  }
  const address = req.socket.remoteAddress;
  const { response, location } = await cse.dispatch(request, {
    ...(signal ? { signal } : {}),
    ...(address === undefined ? {} : { address }),
  });
  return encode(cse, message.headers, response, location);
}

/** One line of the request log: a request and how it was answered. */
export interface RequestLogEntry {
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly url: string;
  readonly status: number;
  /** The oneM2M response status code, when the answer has one. */
  readonly rsc: number | undefined;
  /** The X-M2M-Origin of the request. */
  readonly originator: string | undefined;
  readonly ms: number;
}

/** Options of the HTTP binding: CORS for browser pages, and a request log. */
export interface CseHttpServerOptions {
  /**
   * Which browser page origins may call the CSE.
   * @default 'loopback'
   */
  readonly cors?: CorsPolicy;
  /** Called once for each request answered. */
  readonly requestLog?: (entry: RequestLogEntry) => void;
}

/** An HTTP server answering oneM2M requests with `cse`. Not yet listening. */
export function createCseHttpServer(cse: Cse, options: CseHttpServerOptions = {}): Server {
  const cors = options.cors ?? 'loopback';
  const log = options.requestLog;
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (log) {
      const started = performance.now();
      res.once('finish', () => {
        const rsc = Number(res.getHeader(Header.ResponseStatusCode));
        const fr = req.headers[Header.Origin];
        log({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          status: res.statusCode,
          rsc: Number.isInteger(rsc) && rsc > 0 ? rsc : undefined,
          originator: Array.isArray(fr) ? fr[0] : fr,
          ms: Math.round(performance.now() - started),
        });
      });
    }
    if (applyCors(cors, req, res)) {
      req.resume();
      return;
    }
    answer(cse, req, res)
      .then((message) => {
        writeNodeResponse(res, message);
        if (headerOf(message, 'connection') === 'close') req.resume();
      })
      .catch((error: unknown) => {
        cse.options.log(
          `HTTP request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!res.headersSent) writeNodeResponse(res, internalError(req, error));
      });
  });
}
