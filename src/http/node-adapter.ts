import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderRecord } from './headers.js';
import type { HttpRequestMessage, HttpResponseMessage } from './message.js';

// Node-only glue between node:http and the binding's plain messages, for the receiving side (the
// embedded CSE, the notification receiver). The client's request path never imports this file.

/** A body larger than the receiver accepts. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`the request body exceeds ${limit} bytes`);
  }
}

function headerRecord(raw: IncomingMessage['headers']): HeaderRecord {
  const out: HeaderRecord = {};
  for (const [name, value] of Object.entries(raw))
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Reads a whole node:http request, refusing bodies over `maxBodyBytes`. */
export async function readNodeRequest(request: IncomingMessage, maxBodyBytes: number): Promise<HttpRequestMessage> {
  // Events rather than an async iterator: cheaper per request, which a busy receiver notices.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        request.off('data', onData);
        request.pause();
        reject(new BodyTooLargeError(maxBodyBytes));
        return;
      }
      received.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(received));
    request.once('error', reject);
  });
  const url = request.url ?? '/';
  const q = url.indexOf('?');
  const body = Buffer.concat(chunks);
  return {
    method: request.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: headerRecord(request.headers),
    ...(body.length === 0 ? {} : { body: new Uint8Array(body.buffer, body.byteOffset, body.length) }),
  };
}

/** Writes a binding response message to a node:http response. */
export function writeNodeResponse(response: ServerResponse, message: HttpResponseMessage): void {
  response.statusCode = message.status;
  for (const [name, value] of Object.entries(message.headers)) response.setHeader(name, value);
  response.setHeader('content-length', String(message.body?.length ?? 0));
  response.end(
    message.body === undefined
      ? undefined
      : Buffer.from(message.body.buffer, message.body.byteOffset, message.body.length),
  );
}
