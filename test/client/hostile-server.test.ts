import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AEDescriptor, ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import type { ClientOptions } from '../../src/client/options.js';
import { NetworkError, RedirectError, ResponseTooLargeError } from '../../src/errors/index.js';
import { AddressError } from '../../src/http/addressing.js';
import { Session } from '../../src/model/session.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';
import { root } from '../helpers/paths.js';
import { failure } from '../helpers/failure.js';

// What the client does when the server is not a well-behaved CSE: it was attacked with one, and
// these are the defects found. Each case runs on both HTTP transports: the Node default (undici)
// and the fetch one (chosen by passing `fetch`), which browsers and other runtimes use.

let recorder: Recorder;
let elsewhere: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
  elsewhere = await startRecorder();
});
afterAll(async () => {
  await recorder.close();
  await elsewhere.close();
});
beforeEach(() => {
  recorder.requests.length = 0;
  elsewhere.requests.length = 0;
  recorder.reply = (req) => ok(req, req.method === 'DELETE' ? undefined : { 'm2m:cnt': { rn: 'x', ty: 3 } });
});

let bomb: Buffer | undefined;

const transports: [string, Partial<ClientOptions>][] = [
  ['undici', {}],
  ['fetch', { fetch: (input, init) => globalThis.fetch(input, init) }],
];

describe.each(transports)('%s transport', (_name, transport) => {
  const client = (options: ClientOptions = {}) =>
    new Client({ url: recorder.url, retry: { retrieve: { retries: 2 } }, ...transport, ...options });

  describe('dot segments never reach another resource', () => {
    // `..` as a resource name would make the server (or the URL parser) address the parent.
    const addresses = [
      'cse-in/attacker/../victim',
      'cse-in/attacker/./victim',
      '..',
      'cse-in/..',
      '/id-in/cse-in/../victim',
      '//sp.example/id-in/../victim',
      'cse-in/attacker/%2e%2e/victim',
      'cse-in/attacker/.%2E/victim',
      'cse-in/attacker/%2E/victim',
    ];
    for (const address of addresses)
      it(`DELETE ${address} is refused before anything is sent`, async () => {
        const error = await failure(client().delete(AEDescriptor, address));
        expect(error).toBeInstanceOf(AddressError);
        expect(error.message).toMatch(/a "\.\.?" segment/);
        expect(recorder.requests).toEqual([]);
      });

    it('names that only contain dots are sent as they are', async () => {
      await client().retrieve(ContainerDescriptor, 'cse-in/a..b/.hidden/...');
      expect(recorder.requests.map((r) => r.path)).toEqual(['/cse-in/a..b/.hidden/...']);
    });
  });

  describe('a redirect is a RedirectError naming the location, never followed', () => {
    const operations: [string, (c: Client) => Promise<unknown>][] = [
      ['retrieve', (c) => c.retrieve(ContainerDescriptor, 'cse-in/x')],
      ['create', (c) => c.create(ContainerDescriptor, 'cse-in', { rn: 'x' })],
      ['update', (c) => c.update(ContainerDescriptor, 'cse-in/x', { mni: 3 })],
      ['delete', (c) => c.delete(ContainerDescriptor, 'cse-in/x')],
    ];
    for (const status of [301, 302, 303, 307, 308])
      for (const [op, run] of operations)
        it(`${status} on ${op}`, async () => {
          const location = `${elsewhere.url}/cse-in/x`;
          recorder.reply = () => ({ status, headers: { location, 'x-m2m-rsc': '2000' } });
          const error = await failure(run(client({ headers: { 'X-Secret': 's3cret' } })));
          expect(error).toBeInstanceOf(RedirectError);
          expect({ status: (error as RedirectError).status, location: (error as RedirectError).location }).toEqual({
            status,
            location,
          });
          expect(error.message).toContain(location);
          expect(elsewhere.requests).toEqual([]);
          // Not a transient failure: a retrieve is not retried either.
          expect(recorder.requests).toHaveLength(1);
        });
  });

  describe('the decoded response size is bounded while streaming', () => {
    let endless: Server;
    let endlessUrl: string;
    let stopped: Promise<number>;
    let writtenBeforeStop: (bytes: number) => void;
    beforeAll(async () => {
      // Streams a JSON string forever (chunked, no Content-Length) until the client goes away.
      endless = createServer((req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-m2m-rsc': '2000',
          'x-m2m-ri': String(req.headers['x-m2m-ri']),
        });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let written = 0;
        res.write('{"m2m:cnt":{"lbl":["');
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) written += chunk.length;
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('close', () => writtenBeforeStop(written));
        pump();
      });
      await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
      endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      endless.closeAllConnections();
      endless.close();
    });
    beforeEach(() => {
      stopped = new Promise((resolve) => {
        writtenBeforeStop = resolve;
      });
    });

    it('an endless body stops at the default limit with ResponseTooLargeError', async () => {
      const error = await failure(client({ url: endlessUrl }).retrieve(ContainerDescriptor, 'cse-in/x'));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as ResponseTooLargeError).limitBytes).toBe(16 * 1024 * 1024);
      expect(error.message).toMatch(/maxResponseBytes/);
      // The client hung up: the server did not get to write much beyond the limit.
      expect(await stopped).toBeLessThan(64 * 1024 * 1024);
    });

    it('the limit is configurable', async () => {
      const error = await failure(
        client({ url: endlessUrl, maxResponseBytes: 100_000 }).retrieve(ContainerDescriptor, 'cse-in/x'),
      );
      expect((error as ResponseTooLargeError).limitBytes).toBe(100_000);
      expect(await stopped).toBeLessThan(16 * 1024 * 1024);
    });

    it('a declared Content-Length over the limit fails at once', async () => {
      recorder.reply = (req) => ({ ...ok(req), body: Buffer.alloc(200_000, 0x20) });
      const error = await failure(client({ maxResponseBytes: 100_000 }).retrieve(ContainerDescriptor, 'cse-in/x'));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
    });

    it('a body just under the limit is read', async () => {
      const content = { 'm2m:cnt': { rn: 'x', ty: 3, lbl: ['a'.repeat(90_000)] } };
      recorder.reply = (req) => ok(req, content);
      const body = JSON.stringify(content);
      expect(body.length).toBeLessThan(100_000);
      const cnt = await client({ maxResponseBytes: 100_000 }).retrieve(ContainerDescriptor, 'cse-in/x');
      expect(cnt.lbl?.[0]).toHaveLength(90_000);
    });

    it('a gzip bomb is stopped by its decoded size', async () => {
      // 64 MiB of JSON whitespace, gzipped to about 64 KiB, sent although nobody asked for gzip.
      const zipped = (bomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
      expect(zipped.length).toBeLessThan(100_000);
      recorder.reply = (req) => ({
        ...ok(req),
        headers: { ...ok(req).headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: zipped,
      });
      const before = process.memoryUsage().rss;
      const error = await failure(client({ maxResponseBytes: 1_000_000 }).retrieve(ContainerDescriptor, 'cse-in/x'));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    });

    it('a small gzipped answer is read', async () => {
      recorder.reply = (req) => ({
        ...ok(req),
        headers: { ...ok(req).headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(JSON.stringify({ 'm2m:cnt': { rn: 'zipped', ty: 3 } })),
      });
      expect((await client().retrieve(ContainerDescriptor, 'cse-in/x')).rn).toBe('zipped');
    });
  });

  describe('credentials never appear in plain text', () => {
    const secrets = ['s3cret-pw', 'tok-3n-bearer', Buffer.from('user:s3cret-pw').toString('base64')];
    const expectNoSecret = (text: string) => {
      for (const secret of secrets) expect(text).not.toContain(secret);
    };
    const shown = (value: unknown) => [
      inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      JSON.stringify(value) ?? '',
      String(value),
    ];

    it('inspect and JSON.stringify of a Client or Session show no password, token or auth header', async () => {
      const values = [
        client({ auth: { basic: { username: 'user', password: 's3cret-pw' } } }),
        client({ auth: { bearer: 'tok-3n-bearer' } }),
        client({ headers: { Authorization: 'Bearer tok-3n-bearer' } }),
        new Session({ url: recorder.url, ...transport, auth: { basic: { username: 'user', password: 's3cret-pw' } } }),
      ];
      // A used client holds connections too.
      await (values[0] as Client).retrieve(ContainerDescriptor, 'cse-in/x');
      for (const value of values) for (const text of shown(value)) expectNoSecret(text);
      expect(inspect(values[0])).toContain('[redacted]');
    });

    it('credentials in the URL are moved into auth: sent as Basic, never shown', async () => {
      const url = recorder.url.replace('http://', 'http://user:s3cret-pw@');
      const c = client({ url });
      await c.retrieve(ContainerDescriptor, 'cse-in/x');
      expect(recorder.requests[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from('user:s3cret-pw').toString('base64')}`,
      );
      expect(c.url).toBe(recorder.url);
      for (const text of shown(c)) expectNoSecret(text);
    });

    it('errors of a client whose URL held credentials do not show them', async () => {
      recorder.reply = () => ({ destroy: true });
      const url = recorder.url.replace('http://', 'http://user:s3cret-pw@');
      const error = await failure(
        client({ url, retry: { retrieve: { retries: 0 } } }).retrieve(ContainerDescriptor, 'cse-in/x'),
      );
      expect(error).toBeInstanceOf(NetworkError);
      expectNoSecret(`${error.message} ${inspect(error, { depth: 10 })}`);
    });

    it('credentials both in the URL and in auth are refused, naming neither password', () => {
      const url = recorder.url.replace('http://', 'http://user:s3cret-pw@');
      expect(() => client({ url, auth: { bearer: 'tok-3n-bearer' } })).toThrow(/both in the url and in auth/);
      try {
        client({ url, auth: { bearer: 'tok-3n-bearer' } });
      } catch (error) {
        expectNoSecret(String(error));
      }
    });

    it('an unusable URL with credentials is refused without showing them', () => {
      try {
        client({ url: 'ftp://user:s3cret-pw@127.0.0.1/' });
        throw new Error('expected a TypeError');
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        expectNoSecret(String(error));
      }
    });
  });
});

it('the CLI’s stderr does not show the password of a URL', async () => {
  const closed = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
  const { stderr } = await new Promise<{ stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'retrieve',
        'cse-in',
        '--url',
        `http://user:s3cret-pw@127.0.0.1:${closed}`,
      ],
      { cwd: root, timeout: 30_000 },
      (_error, _stdout, stderr) => resolve({ stderr }),
    ),
  );
  expect(stderr).toMatch(/connection error/);
  expect(stderr).not.toContain('s3cret-pw');
}, 30_000);
