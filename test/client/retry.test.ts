import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { NetworkError, ResponseError } from '../../src/errors/index.js';
import { ok, startRecorder, type Recorder, type RecordedRequest, type Reply } from '../helpers/recorder.js';

let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());
beforeEach(() => {
  recorder.requests.length = 0;
});

/** Fails the first `failures` requests with `failure`, then succeeds. */
function flaky(failures: number, failure: (req: RecordedRequest) => Reply): void {
  let seen = 0;
  recorder.reply = (req) =>
    seen++ < failures
      ? failure(req)
      : ok(req, req.method === 'DELETE' ? undefined : { 'm2m:cnt': { rn: 'x' } }, req.method === 'POST' ? 2001 : 2000);
}
const unreachable = (req: RecordedRequest): Reply => ({
  status: 404,
  headers: { 'x-m2m-rsc': '5103', 'x-m2m-ri': String(req.headers['x-m2m-ri']) },
});
const dropped = (): Reply => ({ destroy: true });
const fast = { initialDelayMs: 1, maxDelayMs: 2 };

describe('retries', () => {
  it('retrieve is retried on transient rscs and dropped connections, by default', async () => {
    flaky(2, unreachable);
    await new Client({ url: recorder.url, retry: { retrieve: { retries: 2, ...fast } } }).retrieve(
      ContainerDescriptor,
      'cse-in/x',
    );
    expect(recorder.requests).toHaveLength(3);
    recorder.requests.length = 0;
    flaky(1, dropped);
    await new Client({ url: recorder.url }).retrieve(ContainerDescriptor, 'cse-in/x');
    expect(recorder.requests).toHaveLength(2);
  });

  it('retrieve gives up after the configured retries with the last error', async () => {
    flaky(10, unreachable);
    await expect(
      new Client({ url: recorder.url, retry: { retrieve: { retries: 1, ...fast } } }).retrieve(
        ContainerDescriptor,
        'cse-in/x',
      ),
    ).rejects.toBeInstanceOf(ResponseError);
    expect(recorder.requests).toHaveLength(2);
  });

  it('a non-transient error (4004) is not retried', async () => {
    flaky(10, (req) => ({
      status: 404,
      headers: { 'x-m2m-rsc': '4004', 'x-m2m-ri': String(req.headers['x-m2m-ri']) },
    }));
    await expect(
      new Client({ url: recorder.url, retry: { retrieve: { retries: 3, ...fast } } }).retrieve(
        ContainerDescriptor,
        'cse-in/x',
      ),
    ).rejects.toMatchObject({ rsc: 4004 });
    expect(recorder.requests).toHaveLength(1);
  });

  it('create and update are never retried, whatever the policy says', async () => {
    const client = new Client({
      url: recorder.url,
      retry: { retrieve: { retries: 5, ...fast }, delete: { retries: 5, ...fast } },
    });
    flaky(1, dropped);
    await expect(client.create(ContainerDescriptor, 'cse-in', { rn: 'x' })).rejects.toBeInstanceOf(NetworkError);
    flaky(1, dropped);
    await expect(client.update(ContainerDescriptor, 'cse-in/x', { mni: 1 })).rejects.toBeInstanceOf(NetworkError);
    expect(recorder.requests).toHaveLength(2);
  });

  it('delete is not retried by default, and is when configured', async () => {
    flaky(1, dropped);
    await expect(new Client({ url: recorder.url }).delete(ContainerDescriptor, 'cse-in/x')).rejects.toBeInstanceOf(
      NetworkError,
    );
    expect(recorder.requests).toHaveLength(1);
    recorder.requests.length = 0;
    flaky(1, dropped);
    await new Client({ url: recorder.url, retry: { delete: { retries: 1, ...fast } } }).delete(
      ContainerDescriptor,
      'cse-in/x',
    );
    expect(recorder.requests).toHaveLength(2);
  });

  it('a request can turn retrying off', async () => {
    flaky(1, dropped);
    await expect(
      new Client({ url: recorder.url }).retrieve(ContainerDescriptor, 'cse-in/x', { retry: false }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(recorder.requests).toHaveLength(1);
  });

  it('every attempt carries the same request identifier', async () => {
    flaky(2, unreachable);
    await new Client({ url: recorder.url, retry: { retrieve: { retries: 2, ...fast } } }).retrieve(
      ContainerDescriptor,
      'cse-in/x',
    );
    expect(new Set(recorder.requests.map((r) => r.headers['x-m2m-ri'])).size).toBe(1);
  });
});
