import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { AbortError, ResponseError, TimeoutError } from '../../src/errors/index.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';

// A CSE that answers rt=1 with 1001 and a <request> resource that completes after `pendingPolls`.
let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());

function nonBlockingCse(
  pendingPolls: number,
  ors: object = { rsc: 2000, rqi: 'orig', pc: { 'm2m:cnt': { rn: 'late', cni: 7 } } },
): void {
  let polls = 0;
  recorder.requests.length = 0;
  recorder.reply = (req) => {
    if (req.query.includes('rt=1')) return ok(req, { 'm2m:uri': '/id-in/req123' }, 1001, 202);
    if (req.path === '/~/id-in/req123') {
      polls++;
      return ok(req, { 'm2m:req': polls <= pendingPolls ? { rs: 3 } : { rs: 1, ors } });
    }
    return ok(req, {}, 4004, 404);
  };
}

describe('non-blocking synch requests', () => {
  beforeEach(() => nonBlockingCse(2));

  it('sends rt=1 and polls the <request> resource until its result is there', async () => {
    const cnt = await new Client({ url: recorder.url }).retrieve(ContainerDescriptor, 'cse-in/x', {
      responseType: 'nonBlockingSynch',
      poll: { intervalMs: 1 },
    });
    expect(cnt).toEqual({ rn: 'late', cni: 7 });
    expect(recorder.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /cse-in/x?rt=1',
      'GET /~/id-in/req123?',
      'GET /~/id-in/req123?',
      'GET /~/id-in/req123?',
    ]);
  });

  it('an error result in the <request> becomes a ResponseError', async () => {
    nonBlockingCse(0, { rsc: 4004, rqi: 'orig', pc: { 'm2m:dbg': 'gone' } });
    await expect(
      new Client({ url: recorder.url }).retrieve(ContainerDescriptor, 'cse-in/x', { responseType: 'nonBlockingSynch' }),
    ).rejects.toSatisfy((e) => e instanceof ResponseError && e.rsc === 4004 && e.debug === 'gone');
  });

  it('polling is bounded by a timeout', async () => {
    nonBlockingCse(1_000_000);
    await expect(
      new Client({ url: recorder.url }).retrieve(ContainerDescriptor, 'cse-in/x', {
        responseType: 'nonBlockingSynch',
        poll: { intervalMs: 5, timeoutMs: 40 },
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it('polling stops when the signal aborts', async () => {
    nonBlockingCse(1_000_000);
    const controller = new AbortController();
    const pending = new Client({ url: recorder.url }).retrieve(ContainerDescriptor, 'cse-in/x', {
      responseType: 'nonBlockingSynch',
      poll: { intervalMs: 5 },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    // A poll already on the wire when the signal fired may still land (the abort rejects at once);
    // after that, nothing more may come.
    await new Promise((r) => setTimeout(r, 20));
    const count = recorder.requests.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(recorder.requests.length).toBe(count);
  });

  it('awaitRequest follows a <request> given by address', async () => {
    const response = await new Client({ url: recorder.url }).awaitRequest('/id-in/req123', { poll: { intervalMs: 1 } });
    expect(response.rsc).toBe(2000);
  });
});

describe('non-blocking asynch requests', () => {
  it('send rt=2 with the notification URIs in X-M2M-RTU and return the <request> address', async () => {
    recorder.requests.length = 0;
    recorder.reply = (req) => ok(req, { 'm2m:uri': '/id-in/req9' }, 1002, 202);
    const { requestAddress, acknowledgement } = await new Client({ url: recorder.url }).sendNonBlockingAsynch(
      1,
      'cse-in/ae',
      { ty: 3, content: { 'm2m:cnt': { rn: 'x' } }, notificationUris: ['http://127.0.0.1:9999/results', 'Cae'] },
    );
    expect([requestAddress, acknowledgement.rsc]).toEqual(['/id-in/req9', 1002]);
    const r = recorder.requests[0]!;
    expect([r.method, r.query, r.headers['x-m2m-rtu'], r.headers['content-type']]).toEqual([
      'POST',
      'rt=2',
      'http://127.0.0.1:9999/results&Cae',
      'application/json;ty=3',
    ]);
  });
});
