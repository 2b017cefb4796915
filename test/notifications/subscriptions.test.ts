import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDescriptor,
  ResourceType,
  ResponseStatusCode,
  SubscriptionDescriptor,
} from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { isResponseError, type ResponseError } from '../../src/errors/index.js';
import {
  Container,
  ContentInstance,
  ModelError,
  NotificationTimeoutError,
  type Session,
  SubscriptionEndedError,
} from '../../src/model/index.js';
import { notifications, NotificationServer, type SubscriptionNotification } from '../../src/notifications/index.js';
import { defaultNotificationEndpoint } from '../../src/notifications/endpoint.js';
import { ENCODINGS, eventually, sessionFor, unique, useCse } from '../model/helpers.js';

const cse = useCse();
const errors: unknown[] = [];

/** The next notifications of a subscription, failing instead of hanging. */
async function take(
  sub: { next(o: { timeoutMs: number }): Promise<SubscriptionNotification> },
  count: number,
): Promise<SubscriptionNotification[]> {
  const out: SubscriptionNotification[] = [];
  for (let i = 0; i < count; i++) out.push(await sub.next({ timeoutMs: 3000 }));
  return out;
}

for (const encoding of ENCODINGS) {
  describe(`subscriptions and notifications over HTTP (${encoding})`, () => {
    let server: NotificationServer;
    let session: Session;
    beforeAll(async () => {
      // The CSE notifies in the session's encoding (ct=), so all three decoders are exercised.
      server = await NotificationServer.start(undefined, { encoding, onError: (e) => void errors.push(e) });
      session = sessionFor(cse.current, encoding, { notifications: server });
    });
    afterAll(() => server.close());

    it('subscribe(callback): verified, then events as model objects to the callback and the iterator', async () => {
      const ae = await (await session.cseBase()).ae(unique('sub'), { api: 'Nsub', rr: true, srv: ['3'] });
      const cnt = await ae.container('temperature');
      const seen: SubscriptionNotification[] = [];
      const sub = await cnt.subscribe((n) => void seen.push(n));
      expect([sub.isActive, sub.target, sub.notificationUris, sub.subscriberUri]).toEqual([
        true,
        cnt.address,
        [server.notificationUri],
        server.notificationUri,
      ]);
      expect(sub.eventTypes).toEqual([
        'updateOfResource',
        'deleteOfResource',
        'createOfDirectChildResource',
        'deleteOfDirectChildResource',
      ]);
      expect(sub.notificationContentType).toBe('allAttributes');

      const cin = await cnt.addContent(21.5);
      const [created] = await take(sub, 1);
      expect([created?.kind, created?.eventName, created?.eventType, created?.typeName, created?.subscription]).toEqual(
        ['event', 'createOfDirectChildResource', 3, 'm2m:cin', sub],
      );
      expect(created?.resource).toBeInstanceOf(ContentInstance);
      expect([
        (created?.resource as ContentInstance).content,
        created?.resource?.address,
        created?.resourceId,
        created?.subscriptionReference,
      ]).toEqual([21.5, cin.address, cin.ri, `/id-in/${sub.ri}`]);
      await eventually(() => seen.length === 1, 3000, 'the callback');
      expect(seen[0]).toBe(created);

      await cnt.update({ lbl: ['updated'] });
      const [updated] = await take(sub, 1);
      expect(updated?.eventName).toBe('updateOfResource');
      expect(updated?.resource).toBeInstanceOf(Container);
      expect([updated?.resource?.address, updated?.resource?.lbl]).toEqual([cnt.address, ['updated']]);

      await cnt.addContent('a');
      await cnt.addContent('b');
      const values: unknown[] = [];
      for await (const n of sub) {
        values.push((n.resource as ContentInstance).content);
        if (values.length === 2) break;
      }
      expect(values).toEqual(['a', 'b']);
      expect(sub.isActive).toBe(true);
      await expect(sub.next({ timeoutMs: 50 })).rejects.toThrow(NotificationTimeoutError);

      expect(await sub.unsubscribe()).toBe(1);
      expect([sub.isActive, sub.hasEnded]).toEqual([false, true]);
      expect(await cnt.subscriptions()).toEqual([]);
      await expect(sub.next()).rejects.toThrow(SubscriptionEndedError);
      await cnt.addContent('after');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toHaveLength(4);
      await ae.delete();
    });

    it('content types, expiration counter, batches and the other attributes', async () => {
      const ae = await (await session.cseBase()).ae(unique('opts'), { api: 'Nopts', rr: true, srv: ['3'] });
      const cnt = await ae.container('c');

      // chty: only contentInstances (the other subscriptions made below are children too).
      const byId = await cnt.subscribe(undefined, {
        contentType: 'resourceID',
        eventTypes: ['createOfDirectChildResource'],
        enc: { chty: [ResourceType.ContentInstance] },
        exc: 2,
        nec: 2,
        ln: false,
        rl: { mnn: 100, tww: 'PT1M' },
      });
      expect([
        byId.notificationContentType,
        byId.expirationCounter,
        byId.eventTypes,
        byId.notificationEventCategory,
        byId.latestNotify,
        byId.rateLimit,
      ]).toEqual(['resourceID', 2, ['createOfDirectChildResource'], 2, false, { mnn: 100, tww: 'PT1M' }]);
      const modified = await cnt.subscribe(undefined, { contentType: 'modifiedAttributes', psn: 1 });
      expect([modified.eventTypes, modified.preSubscriptionNotify]).toEqual([['updateOfResource'], 1]);
      const batched = await cnt.subscribe(undefined, {
        bn: { num: 2 },
        eventTypes: ['createOfDirectChildResource'],
        enc: { chty: [ResourceType.ContentInstance] },
      });
      expect(batched.batchNotify).toEqual({ num: 2 });

      const first = await cnt.addContent('one');
      const second = await cnt.addContent('two');
      const ids = await take(byId, 2);
      expect(ids.map((n) => [n.resourceId, n.resource, n.typeName])).toEqual([
        [first.ri, undefined, 'm2m:uri'],
        [second.ri, undefined, 'm2m:uri'],
      ]);
      // exc 2: the CSE deletes the subscription and says so; that ends the iteration.
      const ending = await byId.whenEnded();
      expect([ending?.kind, byId.hasEnded, await cnt.findContainer('x')]).toEqual([
        'subscriptionDeletion',
        true,
        undefined,
      ]);
      const rest: SubscriptionNotification[] = [];
      for await (const n of byId.events()) rest.push(n);
      expect(rest).toEqual([ending]);

      const pair = await take(batched, 2);
      expect(pair.map((n) => (n.resource as ContentInstance).content)).toEqual(['one', 'two']);

      await cnt.update({ lbl: ['m'] });
      const [change] = await take(modified, 1);
      expect([change?.eventName, change?.resource, change?.attributes]).toEqual([
        'updateOfResource',
        undefined,
        expect.objectContaining({ lbl: ['m'] }),
      ]);
      expect(Object.keys(change?.attributes ?? {})).not.toContain('cni');
      await ae.delete();
    });

    it('deleting the subscribed resource: a deletion event, then the deletion notice ends it', async () => {
      const ae = await (await session.cseBase()).ae(unique('gone'), { api: 'Ngone', rr: true, srv: ['3'] });
      const cnt = await ae.container('c');
      const sub = await cnt.subscribe();
      await cnt.delete();
      const all: SubscriptionNotification[] = [];
      for await (const n of sub) all.push(n);
      expect(all.map((n) => [n.kind, n.eventName])).toEqual([
        ['event', 'deleteOfResource'],
        ['subscriptionDeletion', undefined],
      ]);
      expect(sub.hasEnded).toBe(true);
      await ae.delete();
    });

    it('resource.unsubscribe() ends its subscriptions, also those left from an earlier run', async () => {
      const ae = await (await session.cseBase()).ae(unique('unsub'), { api: 'Nunsub', rr: true, srv: ['3'] });
      const cnt = await ae.container('c');
      const a = await cnt.subscribe();
      const b = await cnt.subscribe(undefined, { eventTypes: ['updateOfResource'] });
      // A subscription of an earlier run: on the CSE, with the endpoint as nu, but not routed here.
      await server.router.subscribing(() =>
        ae.session.client.create(SubscriptionDescriptor, cnt.address, { nu: [server.notificationUri] }),
      );
      const other = await ae.container('other');
      const kept = await other.subscribe();
      expect(await cnt.unsubscribe()).toBe(3);
      expect([a.hasEnded, b.hasEnded, kept.isActive]).toEqual([true, true, true]);
      expect(await cnt.subscriptions()).toEqual([]);
      expect(await other.subscriptions()).toHaveLength(1);
      await ae.delete();
    });
  });
}

describe('a subscription made earlier', () => {
  it('is attached again to get its notifications', async () => {
    const server = await NotificationServer.start(undefined, { onError: (e) => void errors.push(e) });
    try {
      const session = sessionFor(cse.current, 'json', { notifications: server });
      const ae = await (await session.cseBase()).ae(unique('attach'), { api: 'Nattach', rr: true, srv: ['3'] });
      const cnt = await ae.container('c');
      // As an earlier run left it: on the CSE, notifying this endpoint, but routed nowhere.
      await server.router.subscribing(() =>
        ae.session.client.create(SubscriptionDescriptor, cnt.address, {
          rn: 'kept',
          nu: [server.notificationUri],
          enc: { net: [3] },
        }),
      );
      const [kept] = await cnt.subscriptions();
      if (!kept) throw new Error('no subscription');
      expect([kept.isActive, kept.target]).toEqual([false, cnt.address]);
      expect(() => kept.events()).toThrow(ModelError);
      await expect(kept.next()).rejects.toThrow(/not attached/);
      const seen: string[] = [];
      kept.attach((n) => void seen.push(String((n.resource as ContentInstance).content)));
      expect(() => kept.attach()).toThrow(/already attached/);
      await cnt.addContent('again');
      expect(((await kept.next({ timeoutMs: 3000 })).resource as ContentInstance).content).toBe('again');
      await eventually(() => seen.length === 1, 3000, 'the callback');
      await ae.delete();
      // Made without su, it got no deletion notice: unsubscribing finds it gone and ends it here.
      expect(kept.isActive).toBe(true);
      expect(await kept.unsubscribe()).toBe(0);
      expect([kept.isActive, await kept.whenEnded()]).toEqual([false, undefined]);
    } finally {
      await server.close();
    }
  });
});

describe('the process-wide notification server', () => {
  it('setup(callback): sessions without an endpoint use it; the default callback gets what has no callback; shutdown deletes the subscriptions', async () => {
    const received: SubscriptionNotification[] = [];
    const server = await notifications.setup((n) => void received.push(n), { onError: (e) => void errors.push(e) });
    expect(await notifications.setup()).toBe(server);
    expect([notifications.server, defaultNotificationEndpoint()]).toEqual([server, server]);
    const session = sessionFor(cse.current, 'json');
    expect(session.notifications).toBe(server);
    const ae = await (await session.cseBase()).ae(unique('setup'), { api: 'Nsetup', rr: true, srv: ['3'] });
    const cnt = await ae.container('c');
    const sub = await cnt.subscribe();
    await cnt.addContent('x');
    await eventually(() => received.length === 1, 3000, 'the default callback');
    expect([received[0]?.subscription, (received[0]?.resource as ContentInstance).content]).toEqual([sub, 'x']);

    // A notification for a subscription nobody here made still reaches the default callback.
    const stranger = await new Client({ url: server.url, originator: '/id-in' }).notify('x', {
      'm2m:sgn': { sur: '/id-in/sub-unknown', nev: { net: 1, rep: { 'm2m:cnt': { rn: 'y' } } } },
    });
    expect(stranger.rsc).toBe(2000);
    await eventually(() => received.length === 2, 3000, 'the unknown notification');
    expect([received[1]?.subscription, received[1]?.subscriptionReference, received[1]?.attributes]).toEqual([
      undefined,
      '/id-in/sub-unknown',
      { rn: 'y' },
    ]);

    await notifications.shutdown();
    expect([notifications.server, defaultNotificationEndpoint(), sub.hasEnded]).toEqual([undefined, undefined, true]);
    expect(await cnt.subscriptions()).toEqual([]);
    await expect(cnt.subscribe()).rejects.toThrow(ModelError);
    await expect(cnt.subscribe()).rejects.toThrow(/no notification endpoint; start one with notifications.setup\(\)/);
    await ae.delete();
  });
});

describe('a receiver facing bad or unexpected notifications', () => {
  it('answers with clear errors and keeps working', async () => {
    const problems: Error[] = [];
    const server = await NotificationServer.start(undefined, { onError: (e) => void problems.push(e as Error) });
    try {
      const client = new Client({ url: server.url, originator: '/id-in' });
      const refuse = (pc: Record<string, unknown>) =>
        client.notify('n', pc).then(
          () => undefined,
          (e: unknown) => e as ResponseError,
        );
      const unknown = await refuse({ 'm2m:sgn': { sur: '/id-in/nope', nev: { net: 1, rep: { 'm2m:cnt': {} } } } });
      expect([unknown?.rsc, unknown?.debug]).toEqual([
        4004,
        'this notification receiver has no subscriber for subscription "/id-in/nope"',
      ]);
      const verification = await refuse({ 'm2m:sgn': { sur: '/id-in/nope', vrq: true } });
      expect(verification?.rsc).toBe(ResponseStatusCode.SubscriptionCreatorHasNoPrivilege);
      expect(verification?.debug).toMatch(/expects no subscription/);
      const malformed = await refuse({ 'm2m:sgn': 'text' });
      expect([malformed?.rsc, malformed?.debug]).toEqual([4000, 'm2m:sgn must be an object']);
      const raw = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-m2m-origin': '/id-in', 'x-m2m-ri': 'r' },
        body: '{"m2m:sgn": ',
      });
      expect([raw.status, raw.headers.get('x-m2m-rsc')]).toEqual([400, '4000']);

      const session = sessionFor(cse.current, 'cbor', { notifications: server });
      const ae = await (await session.cseBase()).ae(unique('robust'), { api: 'Nrobust', rr: true, srv: ['3'] });
      const cnt = await ae.container('c');
      const sub = await cnt.subscribe(() => {
        throw new Error('a failing callback');
      });
      await cnt.addContent('still delivered');
      expect(((await sub.next({ timeoutMs: 3000 })).resource as ContentInstance).content).toBe('still delivered');
      await eventually(() => problems.length === 3, 3000, 'the reported callback failure');
      expect(problems.map((e) => [e.name, e.message])).toEqual([
        ['NotificationFormatError', 'm2m:sgn must be an object'],
        ['RequestFormatError', expect.stringMatching(/^cannot decode json body/)],
        ['Error', 'a failing callback'],
      ]);
      await ae.delete();
    } finally {
      await server.close();
    }
  });

  it('a subscription whose verification the CSE cannot get fails, leaving nothing routed', async () => {
    const server = await NotificationServer.start();
    const session = sessionFor(cse.current, 'json', { notifications: server });
    const ae = await (await session.cseBase()).ae(unique('unverified'), { api: 'Nunv', rr: true, srv: ['3'] });
    const cnt = await ae.container('c');
    await server.close();
    await expect(cnt.subscribe()).rejects.toSatisfy((e) =>
      isResponseError(e, ResponseStatusCode.SubscriptionVerificationInitiationFailed),
    );
    expect(server.router.routes()).toEqual([]);
    expect(await ae.find(ContainerDescriptor, 'c')).toBeDefined();
    await ae.delete();
  });
});

afterAll(() => {
  // Nothing went wrong on the receivers where nothing should.
  expect(errors).toEqual([]);
});
