import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import type { ClientOptions } from '../../src/client/options.js';
import { AbortError, MalformedResponseError, TimeoutError } from '../../src/errors/index.js';
import { HttpTransport } from '../../src/http/HttpTransport.js';
import { failure } from '../helpers/failure.js';

// The HTTP transports' own behaviour: connections, deadlines over the whole exchange, closing.

let server: Server;
let url: string;
const sockets = new Set<Socket>();
let mode: 'ok' | 'stall-body' | 'zstd' = 'ok';
beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(req.socket);
    const headers = {
      'content-type': 'application/json',
      'x-m2m-rsc': '2000',
      'x-m2m-ri': String(req.headers['x-m2m-ri']),
    };
    if (mode === 'stall-body') {
      // Headers and half a body, then nothing: only a deadline over the whole exchange ends it.
      res.writeHead(200, headers);
      res.write('{"m2m:cnt":{"rn":');
      return;
    }
    if (mode === 'zstd') {
      res.writeHead(200, { ...headers, 'content-encoding': 'zstd' });
      res.end('(zstd)');
      return;
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify({ 'm2m:cnt': { rn: 'x', ty: 3 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe.each([
  ['undici', {}],
  ['fetch', { fetch: (input, init) => globalThis.fetch(input, init) }],
] as [string, Partial<ClientOptions>][])('%s transport', (_name, transport) => {
  const client = (options: ClientOptions = {}) =>
    new Client({ url, retry: { retrieve: { retries: 0 } }, ...transport, ...options });

  it('keeps the connection alive between requests', async () => {
    mode = 'ok';
    sockets.clear();
    const c = client();
    for (let i = 0; i < 10; i++) await c.retrieve(ContainerDescriptor, 'cse-in/x');
    // undici may open a second connection while the first is finishing its response; not ten.
    expect(sockets.size).toBeLessThanOrEqual(2);
    await c.close();
  });

  it('the timeout covers the body too: a body that stalls ends in TimeoutError', async () => {
    mode = 'stall-body';
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 150 }).retrieve(ContainerDescriptor, 'cse-in/x'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('an abort while the body arrives is an AbortError', async () => {
    mode = 'stall-body';
    const controller = new AbortController();
    const pending = client().retrieve(ContainerDescriptor, 'cse-in/x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toBeInstanceOf(AbortError);
  });

  it('a request after close() opens a new connection', async () => {
    mode = 'ok';
    const c = client();
    await c.retrieve(ContainerDescriptor, 'cse-in/x');
    await c.close();
    expect((await c.retrieve(ContainerDescriptor, 'cse-in/x')).rn).toBe('x');
    await c.close();
  });
});

it('a Content-Encoding the client cannot undo is a MalformedResponseError', async () => {
  mode = 'zstd';
  const error = await failure(
    new Client({ url, retry: { retrieve: { retries: 0 } } }).retrieve(ContainerDescriptor, 'cse-in/x'),
  );
  expect(error).toBeInstanceOf(MalformedResponseError);
  expect(error.message).toMatch(/Content-Encoding zstd/);
});

it('the transport keeps a base path and shows its settings without credentials', () => {
  const transport = new HttpTransport({
    baseUrl: 'https://user:pw@cse.example.org:8443/onem2m/',
    headers: { 'X-Trace': 't' },
  });
  expect(transport.endpoint).toBe('https://cse.example.org:8443/onem2m');
  expect(JSON.parse(JSON.stringify(transport))).toEqual({
    endpoint: 'https://cse.example.org:8443/onem2m',
    timeoutMs: 30_000,
    maxResponseBytes: 16 * 1024 * 1024,
    headers: ['x-trace'],
    auth: '[redacted]',
  });
});

it('the ky option, removed, is refused with a message rather than ignored', () => {
  expect(() => new Client({ ky: { hooks: {} } } as ClientOptions)).toThrow(/ky option is gone/);
});
