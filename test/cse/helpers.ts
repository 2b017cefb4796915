import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { jsonCodec, type ContentCodec } from '../../src/encoding/index.js';
import { httpToResponse, requestToHttp } from '../../src/http/binding.js';
import type { HttpResponseMessage } from '../../src/http/message.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';
import type { ResponsePrimitive } from '../../src/primitives/response.js';
import type { ReceivedNotification } from '../../src/notifications/notification.js';
import { startNotificationReceiver, type NotificationReceiver } from '../../src/notifications/receiver.js';
import { startCse, type RunningCse, type StartCseOptions } from '../../src/cse/index.js';

/** A request as tests write it: op and to required, rqi and rvi filled in. */
export type TestRequest = Omit<RequestPrimitive, 'rqi'> & { rqi?: string };

export interface SendOptions {
  readonly codec?: ContentCodec;
  readonly accept?: ContentCodec;
}

export interface TestResponse extends ResponsePrimitive {
  /** The raw HTTP response (status, headers). */
  readonly http: HttpResponseMessage;
}

let counter = 0;

/** Sends a request primitive over real HTTP with the shared binding (requestToHttp → fetch → httpToResponse). */
export async function send(url: string, request: TestRequest, options: SendOptions = {}): Promise<TestResponse> {
  const primitive = { rvi: '4', ...request, rqi: request.rqi ?? `test-${++counter}` } as RequestPrimitive;
  const codec = options.codec ?? jsonCodec;
  const message = requestToHttp(primitive, codec, options.accept ?? codec);
  const http = await rawFetch(
    url,
    message.method,
    message.path + (message.query ? `?${message.query}` : ''),
    message.headers,
    message.body,
  );
  return { ...httpToResponse(http, primitive), http };
}

/** A plain HTTP request to the CSE, for requests the binding would refuse to build. */
export async function rawFetch(
  url: string,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: Uint8Array | string,
): Promise<HttpResponseMessage> {
  const response = await fetch(`${url}${pathAndQuery}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => (out[name] = value));
  return { status: response.status, headers: out, ...(bytes.length === 0 ? {} : { body: bytes }) };
}

/** The resource (or other content) under the single root key of a response. */
export function body<T = Record<string, unknown>>(response: ResponsePrimitive, root: string): T {
  const content = response.pc?.[root];
  if (content === undefined) throw new Error(`response ${response.rsc} has no ${root}: ${JSON.stringify(response.pc)}`);
  return content as T;
}

/** The m2m:dbg text of an error response. */
export function dbg(response: ResponsePrimitive): string {
  return String(response.pc?.['m2m:dbg'] ?? '');
}

const running: RunningCse[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((cse) => cse.close()));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Starts a CSE on a free port, closed after the test. */
export async function testCse(options: StartCseOptions = {}): Promise<RunningCse & { cseUrl: string }> {
  const cse = await startCse({ port: 0, ...options });
  running.push(cse);
  return Object.assign(cse, { cseUrl: `${cse.url}/${cse.cseName}` });
}

/** A fresh temporary directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'onem2m-cse-'));
  tempDirs.push(dir);
  return dir;
}

export const ADMIN = 'CAdmin';

/** Registers an AE (as the given originator, default: let the CSE assign one); returns its AE-ID. */
export async function registerAe(
  url: string,
  rn: string,
  fr = 'C',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await send(url, {
    op: 1,
    to: 'cse-in',
    fr,
    ty: 2,
    pc: { 'm2m:ae': { rn, api: `N${rn}`, rr: true, srv: ['4'], ...extra } },
  });
  if (response.rsc !== 2001) throw new Error(`AE registration failed: ${response.rsc} ${dbg(response)}`);
  return String(body(response, 'm2m:ae')['aei']);
}

/** Creates a resource as `fr`, expecting success; returns its attributes. */
export async function create(
  url: string,
  fr: string,
  to: string,
  ty: number,
  typeName: string,
  attributes: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await send(url, { op: 1, to, fr, ty, pc: { [typeName]: attributes } });
  if (response.rsc !== 2001) throw new Error(`create ${typeName} under ${to} failed: ${response.rsc} ${dbg(response)}`);
  return body(response, typeName);
}

/** A notification receiver (the shared one) that records what arrives; closed after the test. */
export interface TestReceiver {
  readonly url: string;
  readonly received: ReceivedNotification[];
  /** The received notifications of one kind. */
  of<K extends ReceivedNotification['kind']>(kind: K): Extract<ReceivedNotification, { kind: K }>[];
  /** What the receiver answers; return a number to answer with that rsc (e.g. 4101 to refuse a verification). */
  answer: (notification: ReceivedNotification) => void | number | Promise<void | number>;
  close(): Promise<void>;
}

const receivers: NotificationReceiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** Starts a notification receiver on a free port. */
export async function testReceiver(): Promise<TestReceiver> {
  const received: ReceivedNotification[] = [];
  const state: Pick<TestReceiver, 'answer'> = { answer: () => undefined };
  const receiver = await startNotificationReceiver(async (n) => {
    received.push(n);
    return state.answer(n);
  });
  receivers.push(receiver);
  return Object.assign(state, {
    url: receiver.url,
    received,
    of: <K extends ReceivedNotification['kind']>(kind: K) =>
      received.filter((n): n is Extract<ReceivedNotification, { kind: K }> => n.kind === kind),
    close: () => receiver.close(),
  });
}

/** Waits until every notification and background task of the CSE is done. */
export function settled(cse: RunningCse): Promise<void> {
  return cse.cse.notifications.settled();
}

/** Log lines of a CSE started with `log: logger.log`. */
export function logger(): { readonly lines: string[]; readonly log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => void lines.push(line) };
}
