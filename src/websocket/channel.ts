import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import type { ContentCodec } from '../encoding/codec.js';
import { MalformedResponseError, NetworkError, requestContext, ResponseTooLargeError } from '../errors/index.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { PendingRequests, type WaitOptions } from '../transport/pending.js';
import { decodePrimitive, encodePrimitive, PrimitiveFormatError } from '../transport/primitive-message.js';
import { messageBytes, type MessageSocket } from './socket.js';

// One WebSocket connection of the TS-0020 binding, the same on both ends: each message is one
// serialized request or response primitive (text frames for JSON and XML, binary for CBOR);
// requests go either way, and responses are matched to their requests by rqi. The client's
// transport and the embedded CSE's server both use it.

/** The subprotocols of TS-0020 (Table 6.2.2.9-1) and the older R2.0 names still in use, by encoding. */
export const SUBPROTOCOLS = {
  json: ['oneM2M.json', 'oneM2M.R2.0.json'],
  cbor: ['oneM2M.cbor', 'oneM2M.R2.0.cbor'],
  xml: ['oneM2M.xml', 'oneM2M.R2.0.xml'],
} as const;

/** The encoding a subprotocol name stands for, or undefined. */
export function encodingOfSubprotocol(protocol: string): keyof typeof SUBPROTOCOLS | undefined {
  for (const [encoding, names] of Object.entries(SUBPROTOCOLS))
    if ((names as readonly string[]).includes(protocol)) return encoding as keyof typeof SUBPROTOCOLS;
  return undefined;
}

/** WebSocket close code 1009: a message was larger than the receiver accepts. */
const MESSAGE_TOO_BIG = 1009;

export interface ChannelOptions {
  /** Named in errors: the URL connected to, or the peer. */
  readonly endpoint: string;
  /** The codec of the negotiated subprotocol. */
  readonly codec: ContentCodec;
  readonly maxMessageBytes: number;
  /** Answers a request the peer sent; undefined sends no response. */
  readonly onRequest: (request: RequestPrimitive) => Promise<ResponsePrimitive | undefined>;
  /** Receives what the channel ignores: malformed messages, failed handlers. */
  readonly onError: (error: Error) => void;
  /** Called once the connection has closed. */
  readonly onClose?: (code: number, reason: string) => void;
}

/** A WebSocket connection carrying oneM2M primitives both ways. */
export class WsChannel {
  readonly #socket: MessageSocket;
  readonly #options: ChannelOptions;
  readonly #pending: PendingRequests;
  #open = true;

  constructor(socket: MessageSocket, options: ChannelOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#pending = new PendingRequests(options.endpoint);
    socket.onMessage = (data) => this.#received(data);
    socket.onClose = (code, reason) => this.#closed(code, reason);
  }

  get open(): boolean {
    return this.#open;
  }

  get codec(): ContentCodec {
    return this.#options.codec;
  }

  /** The number of requests waiting for a response. */
  get waiting(): number {
    return this.#pending.size;
  }

  #write(primitive: RequestPrimitive | ResponsePrimitive): void {
    const bytes = encodePrimitive(this.#options.codec, primitive);
    this.#socket.send(this.#options.codec.encoding === 'cbor' ? bytes : new TextDecoder().decode(bytes));
  }

  /** Sends a request and waits for its response (EncodingError before anything is sent). */
  request(request: RequestPrimitive, wait: WaitOptions): Promise<ResponsePrimitive> {
    const bytes = encodePrimitive(this.#options.codec, request);
    if (!this.#open)
      return Promise.reject(
        new NetworkError(
          requestContext(request, this.#options.endpoint),
          new Error('the WebSocket connection is closed'),
        ),
      );
    const response = this.#pending.expect(request, wait);
    if (this.#pending.waits(request)) {
      try {
        this.#socket.send(this.#options.codec.encoding === 'cbor' ? bytes : new TextDecoder().decode(bytes));
        this.#pending.sent(request);
      } catch (cause) {
        this.#pending.fail(request, (r) => new NetworkError(requestContext(r, this.#options.endpoint), cause));
      }
    }
    return response;
  }

  #received(data: string | Uint8Array): void {
    const bytes = messageBytes(data);
    let message: ReturnType<typeof decodePrimitive>;
    try {
      message = decodePrimitive(this.#options.codec, bytes);
    } catch (error) {
      this.#malformed(error as Error);
      return;
    }
    if (message.kind === 'response') {
      if (bytes.byteLength > this.#options.maxMessageBytes) {
        this.#pending.fail(
          message.response.rqi,
          (r) =>
            new ResponseTooLargeError(
              requestContext(r, this.#options.endpoint),
              this.#options.maxMessageBytes,
              undefined,
            ),
        );
        return;
      }
      this.#pending.settle(message.response);
      return;
    }
    void this.#answer(message.request);
  }

  /**
   * A message that is no primitive is logged and dropped. One that names a waiting request fails
   * it at once (rather than at its deadline); a broken request with an rqi is answered 4000.
   */
  #malformed(error: Error): void {
    const detail = error.message;
    this.#options.onError(new Error(`ignored a malformed message from ${this.#options.endpoint}: ${detail}`));
    if (!(error instanceof PrimitiveFormatError) || error.rqi === undefined) return;
    if (error.kind === 'response')
      this.#pending.fail(
        error.rqi,
        (r) =>
          new MalformedResponseError(requestContext(r, this.#options.endpoint), 'body', undefined, detail, {
            cause: error,
          }),
      );
    else if (error.kind === 'request' && this.#open)
      this.#write({ rsc: ResponseStatusCode.BadRequest, rqi: error.rqi, pc: { 'm2m:dbg': detail } });
  }

  async #answer(request: RequestPrimitive): Promise<void> {
    let response: ResponsePrimitive | undefined;
    try {
      response = await this.#options.onRequest(request);
    } catch (error) {
      this.#options.onError(new Error(`a request from ${this.#options.endpoint} failed: ${(error as Error).message}`));
      response = {
        rsc: ResponseStatusCode.InternalServerError,
        rqi: request.rqi,
        pc: { 'm2m:dbg': (error as Error).message },
      };
    }
    if (!response || !this.#open) return;
    try {
      this.#write(response);
    } catch (error) {
      this.#options.onError(new Error(`the response to ${request.rqi} could not be sent: ${(error as Error).message}`));
    }
  }

  #closed(code: number, reason: string): void {
    if (!this.#open) return;
    this.#open = false;
    const why = `the WebSocket connection closed (code ${code}${reason ? `, ${reason}` : ''}) before the response arrived`;
    this.#pending.failAll((request) =>
      code === MESSAGE_TOO_BIG
        ? new ResponseTooLargeError(
            requestContext(request, this.#options.endpoint),
            this.#options.maxMessageBytes,
            undefined,
          )
        : new NetworkError(
            requestContext(request, this.#options.endpoint),
            new Error(why),
            'the request may or may not have been carried out; it was not sent again',
          ),
    );
    this.#options.onClose?.(code, reason);
  }

  /** Closes the connection; requests still waiting fail with NetworkError. */
  close(code = 1000, reason = ''): void {
    if (!this.#open) return;
    try {
      this.#socket.close(code, reason);
    } finally {
      this.#closed(code, reason || 'closed by this side');
    }
  }
}
