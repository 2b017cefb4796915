import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor, ResponseStatusCode } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import {
  AbortError,
  MalformedResponseError,
  NetworkError,
  ResponseError,
  TimeoutError,
  UnexpectedContentError,
} from '../../src/errors/index.js';
import { ok, startRecorder, type Recorder, type Reply } from '../helpers/recorder.js';

let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());

function client(reply: (ri: string) => Reply, options: ConstructorParameters<typeof Client>[0] = {}): Client {
  recorder.reply = (req) => reply(String(req.headers['x-m2m-ri']));
  return new Client({ url: recorder.url, requestId: () => 'r-1', retry: { retrieve: { retries: 0 } }, ...options });
}

const oneM2MError =
  (rsc: number, status: number, dbg: string) =>
  (ri: string): Reply => ({ status, headers: { 'x-m2m-rsc': String(rsc), 'x-m2m-ri': ri }, body: { 'm2m:dbg': dbg } });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('error responses become ResponseError with rsc, name, status, request and debug text', () => {
  const cases: [number, number, string, string][] = [
    [ResponseStatusCode.NotFound, 404, 'NotFound', 'resource not found: cse-in/nope'],
    [ResponseStatusCode.Conflict, 409, 'Conflict', 'resource with this name already exists'],
    [
      ResponseStatusCode.OriginatorHasNoPrivilege,
      403,
      'OriginatorHasNoPrivilege',
      'originator has no privilege for RETRIEVE',
    ],
  ];
  for (const [rsc, status, name, dbg] of cases) {
    it(`${rsc} ${name}`, async () => {
      const error = await failure(client(oneM2MError(rsc, status, dbg)).retrieve(ContainerDescriptor, 'cse-in/nope'));
      expect(error).toBeInstanceOf(ResponseError);
      const e = error as ResponseError;
      expect({
        rsc: e.rsc,
        rscName: e.rscName,
        status: e.status,
        requestId: e.requestId,
        operation: e.operation,
        target: e.target,
        debug: e.debug,
      }).toEqual({
        rsc,
        rscName: name,
        status,
        requestId: 'r-1',
        operation: 2,
        target: 'cse-in/nope',
        debug: dbg,
      });
      expect(e.message).toBe(
        `RETRIEVE cse-in/nope (request r-1, ${recorder.url}): ${rsc} ${name} (HTTP ${status}): ${dbg}`,
      );
    });
  }

  it('an rsc the enumeration does not know is still reported with its number', async () => {
    const e = (await failure(
      client(oneM2MError(4999, 400, 'odd')).retrieve(ContainerDescriptor, 'x'),
    )) as ResponseError;
    expect([e.rsc, e.rscName]).toEqual([4999, 'UNKNOWN_RESPONSE_STATUS_CODE']);
  });

  it('the rsc decides, not the HTTP status: 200 with X-M2M-RSC 4004 is an error', async () => {
    const e = await failure(client(oneM2MError(4004, 200, 'x')).retrieve(ContainerDescriptor, 'x'));
    expect(e).toBeInstanceOf(ResponseError);
  });
});

describe('transport failures have their own classes', () => {
  it('a timeout is a TimeoutError naming the limit', async () => {
    const e = await failure(
      client((ri) => ({ ...ok({ headers: { 'x-m2m-ri': ri } } as never), delayMs: 300 }), { timeoutMs: 50 }).retrieve(
        ContainerDescriptor,
        'cse-in',
      ),
    );
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.message).toMatch(/no response within 50 ms/);
  });

  it('a request can set its own timeout', async () => {
    const slow = client((ri) => ({ ...ok({ headers: { 'x-m2m-ri': ri } } as never), delayMs: 300 }), {
      timeoutMs: 60_000,
    });
    const e = await failure(slow.retrieve(ContainerDescriptor, 'cse-in', { timeoutMs: 40 }));
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).timeoutMs).toBe(40);
  });

  it('a refused connection is a NetworkError', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const e = await failure(
      new Client({ url: `http://127.0.0.1:${port}`, retry: { retrieve: { retries: 0 } } }).retrieve(
        ContainerDescriptor,
        'cse-in',
      ),
    );
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toMatch(/ECONNREFUSED/);
  });

  it('a connection dropped mid-request is a NetworkError', async () => {
    const e = await failure(client(() => ({ destroy: true })).retrieve(ContainerDescriptor, 'cse-in'));
    expect(e).toBeInstanceOf(NetworkError);
  });

  it('an aborted request is an AbortError', async () => {
    const controller = new AbortController();
    const pending = client((ri) => ({ ...ok({ headers: { 'x-m2m-ri': ri } } as never), delayMs: 500 })).retrieve(
      ContainerDescriptor,
      'cse-in',
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    expect(await failure(pending)).toBeInstanceOf(AbortError);
  });
});

describe('malformed responses are MalformedResponseError with a reason', () => {
  const cases: [string, (ri: string) => Reply, string, RegExp][] = [
    [
      'a broken JSON body',
      (ri) => ({
        headers: { 'x-m2m-rsc': '2000', 'x-m2m-ri': ri, 'content-type': 'application/json' },
        body: '{"m2m:cnt": {',
      }),
      'body',
      /cannot decode json body/,
    ],
    [
      'a wrong content type',
      (ri) => ({
        headers: { 'x-m2m-rsc': '2000', 'x-m2m-ri': ri, 'content-type': 'text/html' },
        body: '<html>proxy error</html>',
      }),
      'content-type',
      /text\/html is not an encoding this request reads \(application\/json\).*proxy error/,
    ],
    [
      'no X-M2M-RSC',
      () => ({ status: 502, body: 'Bad gateway', headers: { 'content-type': 'text/plain' } }),
      'missing-rsc',
      /\(HTTP 502\): no X-M2M-RSC header.*Bad gateway/,
    ],
    [
      'an X-M2M-RSC that is not a code',
      (ri) => ({ headers: { 'x-m2m-rsc': 'OK', 'x-m2m-ri': ri } }),
      'invalid-rsc',
      /"OK" is not a four-digit/,
    ],
    [
      'another request id',
      () => ({ headers: { 'x-m2m-rsc': '2000', 'x-m2m-ri': 'other' } }),
      'request-id',
      /X-M2M-RI "other" does not match the request's "r-1"/,
    ],
  ];
  for (const [what, reply, reason, message] of cases) {
    it(what, async () => {
      const e = await failure(client(reply).retrieve(ContainerDescriptor, 'cse-in'));
      expect(e).toBeInstanceOf(MalformedResponseError);
      expect((e as MalformedResponseError).reason).toBe(reason);
      expect(e.message).toMatch(message);
    });
  }

  it('content of another type than asked for is an UnexpectedContentError', async () => {
    const e = await failure(
      client((ri) => ({ headers: { 'x-m2m-rsc': '2000', 'x-m2m-ri': ri }, body: { 'm2m:ae': { rn: 'x' } } })).retrieve(
        ContainerDescriptor,
        'cse-in/x',
      ),
    );
    expect(e).toBeInstanceOf(UnexpectedContentError);
    expect(e.message).toMatch(/expected m2m:cnt in the response, got m2m:ae/);
  });
});
