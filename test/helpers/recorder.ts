import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as it reached the server. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query, still percent-encoded. */
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What the recorder answers; a JSON body object is serialised with Content-Type application/json. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer | object;
  /** Wait this long before answering (timeouts). */
  readonly delayMs?: number;
  /** Destroy the socket instead of answering (broken connections). */
  readonly destroy?: boolean;
}

export type ReplyFn = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface Recorder {
  readonly url: string;
  readonly requests: RecordedRequest[];
  reply: ReplyFn;
  close(): Promise<void>;
}

/** A 2000 OK echoing X-M2M-RI, with the given content. */
export function ok(request: RecordedRequest, body?: object, rsc = 2000, status = 200): Reply {
  return {
    status,
    headers: { 'x-m2m-rsc': String(rsc), 'x-m2m-ri': String(request.headers['x-m2m-ri'] ?? '') },
    ...(body === undefined ? {} : { body }),
  };
}

/** A local node:http server that records every request and answers with `reply`. */
export async function startRecorder(reply: ReplyFn = (request) => ok(request)): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const recorder = { requests, reply } as Recorder & { reply: ReplyFn };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? '' : url.slice(q + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const index = requests.push(recorded) - 1;
      void (async () => {
        const answer = await recorder.reply(recorded, index);
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (answer.destroy) return void req.socket.destroy();
        const headers = { ...answer.headers };
        let body: string | Buffer | undefined;
        if (answer.body === undefined || typeof answer.body === 'string' || Buffer.isBuffer(answer.body))
          body = answer.body as string | Buffer | undefined;
        else {
          body = JSON.stringify(answer.body);
          headers['content-type'] ??= 'application/json';
        }
        res.writeHead(answer.status ?? 200, headers);
        res.end(body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(recorder, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
