import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import type { ClientOptions } from '../../src/client/options.js';
import { NetworkError } from '../../src/errors/index.js';
import { makeCertificates, type Certificates } from '../helpers/certificates.js';
import { failure } from '../helpers/failure.js';

// TLS as a Node user sets it up: a private CA, a server certificate it signed, and for mutual TLS
// a client certificate (test/helpers/certificates.ts, made with openssl for the run).

let certificates: Certificates | undefined;
const pem = (name: Parameters<Certificates['pem']>[0]): Buffer => certificates?.pem(name) ?? Buffer.alloc(0);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A CSE over HTTPS that answers every request with a container naming the client certificate's CN. */
function cse(options: { requireClientCertificate: boolean }): Server {
  return createServer(
    {
      key: pem('server.key'),
      cert: pem('server.pem'),
      ...(options.requireClientCertificate ? { ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-m2m-rsc': '2000',
        'x-m2m-ri': String(req.headers['x-m2m-ri']),
      });
      res.end(JSON.stringify({ 'm2m:cnt': { rn: peer?.subject?.CN ?? 'anonymous', ty: 3 } }));
    },
  );
}

let plain: Server;
let mutual: Server;
let plainUrl: string;
let mutualUrl: string;
beforeAll(async () => {
  certificates = makeCertificates();
  plain = cse({ requireClientCertificate: false });
  mutual = cse({ requireClientCertificate: true });
  plainUrl = await listen(plain);
  mutualUrl = await listen(mutual);
}, 30_000);
afterAll(() => {
  plain?.close();
  mutual?.close();
  certificates?.remove();
});

const retrieve = (options: ClientOptions) =>
  new Client({ retry: { retrieve: { retries: 0 } }, ...options }).retrieve(ContainerDescriptor, 'cse-in/x');

describe('TLS in Node', () => {
  it('refuses a server certificate from a CA it does not trust, by default', async () => {
    const error = await failure(retrieve({ url: plainUrl }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/certificate/i);
  });

  it('trusts a private CA given as tls.ca', async () => {
    expect((await retrieve({ url: plainUrl, tls: { ca: pem('ca.pem') } })).rn).toBe('anonymous');
  });

  it('accepts the CA as a PEM string too', async () => {
    expect((await retrieve({ url: plainUrl, tls: { ca: pem('ca.pem').toString() } })).rn).toBe('anonymous');
  });

  it('mutual TLS: without a client certificate the server refuses the connection', async () => {
    expect(await failure(retrieve({ url: mutualUrl, tls: { ca: pem('ca.pem') } }))).toBeInstanceOf(NetworkError);
  });

  it('mutual TLS: with tls.cert and tls.key the server sees the client certificate', async () => {
    const cnt = await retrieve({
      url: mutualUrl,
      tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') },
    });
    expect(cnt.rn).toBe('CmyAE');
  });

  it('a certificate for another name is refused even from the trusted CA', async () => {
    const error = await failure(retrieve({ url: plainUrl, tls: { ca: pem('ca.pem'), servername: 'cse.example.org' } }));
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('the key never shows in inspect or JSON of the client', async () => {
    const { inspect } = await import('node:util');
    const client = new Client({
      url: mutualUrl,
      tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') },
    });
    await client.retrieve(ContainerDescriptor, 'cse-in/x');
    const keyLine = pem('client.key').toString().split('\n')[1] ?? '';
    expect(keyLine.length).toBeGreaterThan(20);
    for (const text of [inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true }), JSON.stringify(client)])
      expect(text).not.toContain(keyLine);
  });

  it('undici’s fetch with a dispatcher holding the CA works as the fetch option (proxies take this route)', async () => {
    const dispatcher = new Agent({ connect: { ca: pem('ca.pem') } });
    const fetch = ((input: string, init: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof globalThis.fetch;
    try {
      expect((await retrieve({ url: plainUrl, fetch })).rn).toBe('anonymous');
    } finally {
      await dispatcher.close();
    }
  });

  it('tls options for an http: URL are refused rather than ignored', () => {
    expect(() => new Client({ url: 'http://127.0.0.1:8080', tls: { ca: pem('ca.pem') } })).toThrow(
      /needs an https: url/,
    );
  });

  it('tls options with a custom fetch are refused: that fetch decides TLS', () => {
    expect(() => new Client({ url: plainUrl, tls: { ca: pem('ca.pem') }, fetch: globalThis.fetch })).toThrow(
      /tls.*fetch/,
    );
  });
});
