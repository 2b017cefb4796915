import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../../src/notifications/async-queue.js';
import type { ReceivedNotification } from '../../src/notifications/notification.js';
import { answerPolledRequest, polledRequests } from '../../src/notifications/polling.js';
import {
  NotificationRouter,
  subscriptionReferenceCandidates,
  type SubscriptionRoute,
} from '../../src/notifications/router.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';

const request: RequestPrimitive = { op: 5, to: 'x', rqi: 'r1' };
const event = (sur: string, rn = 'cin1'): ReceivedNotification => ({
  kind: 'event',
  notification: { sur, nev: { net: 3, rep: { 'm2m:cin': { rn } } } },
  request,
  typeName: 'm2m:cin',
  resource: { rn },
});
const deletion = (sur: string): ReceivedNotification => ({
  kind: 'subscriptionDeletion',
  notification: { sur, sud: true },
  request,
});
const verification = (sur: string): ReceivedNotification => ({
  kind: 'verification',
  notification: { sur, vrq: true },
  request,
});

function recordingRoute(
  target = 'cse-in/ae/cnt',
): SubscriptionRoute & { events: string[]; deletions: number; unsubscribed: number } {
  const route = {
    target,
    events: [] as string[],
    deletions: 0,
    unsubscribed: 0,
    event: (n: Extract<ReceivedNotification, { kind: 'event' }>) =>
      void route.events.push(String((n.resource as { rn: string }).rn)),
    deleted: () => void route.deletions++,
    unsubscribe: async () => void route.unsubscribed++,
  };
  return route;
}

describe('NotificationRouter', () => {
  it('finds subscriptions by any form of the subscription reference', () => {
    expect(subscriptionReferenceCandidates('//sp.example/id-in/sub1')).toEqual([
      '//sp.example/id-in/sub1',
      '/id-in/sub1',
      'sub1',
    ]);
    expect(subscriptionReferenceCandidates('/id-in/cse-in/ae/sub')).toEqual(['/id-in/cse-in/ae/sub', 'cse-in/ae/sub']);
    expect(subscriptionReferenceCandidates('sub1')).toEqual(['sub1']);
    const router = new NotificationRouter();
    const route = recordingRoute();
    router.add(['/id-in/sub1', 'sub1', 'cse-in/ae/cnt/s'], route);
    for (const sur of ['/id-in/sub1', 'sub1', '//acme.example.com/id-in/sub1', '/id-in/cse-in/ae/cnt/s'])
      expect(router.handle(event(sur))).toBeUndefined();
    expect(route.events).toHaveLength(4);
    expect(router.routesFor('cse-in/ae/cnt')).toEqual([route]);
    expect(router.routesFor('elsewhere')).toEqual([]);
  });

  it('answers verification requests only for known subscriptions or ones being created', async () => {
    const router = new NotificationRouter();
    expect(router.handle(verification('/id-in/subX'))).toEqual({
      rsc: 4101,
      debug: expect.stringMatching(/expects no subscription "\/id-in\/subX"/),
    });
    await router.subscribing(async () => expect(router.handle(verification('/id-in/subX'))).toBeUndefined());
    router.add(['/id-in/known'], recordingRoute());
    expect(router.handle(verification('/id-in/known'))).toBeUndefined();
    expect(new NotificationRouter({ verification: 'all' }).handle(verification('/id-in/any'))).toBeUndefined();
    expect(
      new NotificationRouter({ verification: (n) => n.sur.endsWith('ok') }).handle(verification('/id-in/ok')),
    ).toBeUndefined();
  });

  it('keeps notifications that arrive while the subscription is created, for its route', async () => {
    const router = new NotificationRouter();
    const route = recordingRoute();
    await router.subscribing(async () => {
      expect(router.handle(event('/id-in/early', 'first'))).toBeUndefined();
      expect(router.handle(event('/id-in/unrelated', 'lost'))).toBeUndefined();
      router.add(['/id-in/early'], route);
    });
    expect(route.events).toEqual(['first']);
    expect(router.handle(event('/id-in/unrelated'))).toMatchObject({ rsc: 4004 });
  });

  it('ends a route on a deletion notice and answers late notifications of ended subscriptions calmly', () => {
    const router = new NotificationRouter();
    const route = recordingRoute();
    router.add(['/id-in/sub1', 'sub1'], route);
    expect(router.handle(deletion('/id-in/sub1'))).toBeUndefined();
    expect(route.deletions).toBe(1);
    expect(router.routes()).toEqual([]);
    expect(router.handle(event('/id-in/sub1'))).toBeUndefined();
    expect(route.events).toEqual([]);
    const remove = router.add(['/id-in/sub2'], recordingRoute());
    remove();
    expect(router.handle(deletion('/id-in/sub2'))).toBeUndefined();
  });

  it('sends unclaimed notifications to the fallback, else answers 4004; route failures never escape', () => {
    const unclaimed: ReceivedNotification[] = [];
    const errors: unknown[] = [];
    const router = new NotificationRouter({
      fallback: (n) => void unclaimed.push(n),
      onError: (e) => void errors.push(e),
    });
    expect(router.handle(event('/id-in/who'))).toBeUndefined();
    expect(router.handle({ kind: 'response', response: { rsc: 2001, rqi: 'q' }, request })).toBeUndefined();
    expect(unclaimed.map((n) => n.kind)).toEqual(['event', 'response']);
    const strict = new NotificationRouter({ onError: (e) => void errors.push(e) });
    expect(strict.handle({ kind: 'response', response: { rsc: 2001, rqi: 'q' }, request })).toEqual({
      rsc: 4004,
      debug: 'this notification receiver has no subscriber for the result of request "q"',
    });
    expect(strict.handle(event('/id-in/who'))).toEqual({
      rsc: 4004,
      debug: 'this notification receiver has no subscriber for subscription "/id-in/who"',
    });
    strict.add(['/id-in/boom'], {
      ...recordingRoute(),
      event: () => {
        throw new Error('callback failed');
      },
    });
    expect(strict.handle(event('/id-in/boom'))).toBeUndefined();
    expect(errors.map((e) => (e as Error).message)).toEqual(['callback failed']);
  });
});

describe('polling channel answers', () => {
  it('takes request primitives from m2m:rqp and m2m:agrp', () => {
    const rqp = { op: 5, to: 'Cae', fr: '/id-in', rqi: 'a', pc: {} };
    expect(polledRequests({ 'm2m:rqp': rqp })).toEqual([rqp]);
    expect(polledRequests({ 'm2m:agrp': [rqp, { ...rqp, rqi: 'b' }] }).map((r) => r.rqi)).toEqual(['a', 'b']);
    expect(polledRequests({ 'm2m:agrp': { 'm2m:rqp': [rqp] } }).map((r) => r.rqi)).toEqual(['a']);
    expect(polledRequests({ 'm2m:dbg': 'x' })).toEqual([]);
    expect(polledRequests(undefined)).toEqual([]);
  });

  it('routes polled notifications and refuses everything else', () => {
    const router = new NotificationRouter();
    const route = recordingRoute();
    router.add(['/id-in/sub1'], route);
    const notify = (pc: Record<string, unknown>): RequestPrimitive => ({ op: 5, to: 'Cae', rqi: 'n', pc });
    expect(
      answerPolledRequest(
        router,
        notify({ 'm2m:sgn': { sur: '/id-in/sub1', nev: { net: 3, rep: { 'm2m:cin': { rn: 'x' } } } } }),
      ),
    ).toEqual({ rsc: 2000 });
    expect(route.events).toEqual(['x']);
    expect(answerPolledRequest(router, notify({ 'm2m:sgn': { sur: '/id-in/zzz', vrq: true } }))).toMatchObject({
      rsc: 4101,
    });
    expect(answerPolledRequest(router, notify({ 'm2m:cnt': {} }))).toEqual({
      rsc: 4000,
      debug: 'expected m2m:sgn, m2m:agn or m2m:rsp, got m2m:cnt',
    });
    expect(answerPolledRequest(router, { op: 1, to: 'Cae', rqi: 'c', ty: 3, pc: { 'm2m:cnt': {} } })).toMatchObject({
      rsc: 4005,
    });
  });
});

describe('AsyncQueue', () => {
  it('hands values to readers in order, ends, drops the oldest beyond its limit, and gives up waits', async () => {
    const queue = new AsyncQueue<number>({ limit: 2 });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect([queue.size, queue.dropped]).toEqual([2, 1]);
    const seen: number[] = [];
    const reading = (async () => {
      for await (const n of queue.reader()) seen.push(n);
    })();
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.push(4);
    queue.end();
    queue.push(5);
    await reading;
    expect(seen).toEqual([2, 3, 4]);
    const waiting = new AsyncQueue<number>();
    const controller = new AbortController();
    const taken = waiting.take(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(taken).rejects.toThrow('gave up');
    waiting.push(6);
    expect(await waiting.take()).toEqual({ value: 6, done: false });
  });
});
