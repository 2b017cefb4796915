import { describe, expect, it } from 'vitest';
import { ResourceType } from '../../generated/index.gen.js';
import { type ContentInstance, PollingChannel } from '../../src/model/index.js';
import type { SubscriptionNotification } from '../../src/notifications/index.js';
import { ENCODINGS, eventually, recordingFetch, sessionFor, unique, useCse } from '../model/helpers.js';

const cse = useCse({ pollingTimeoutMs: 5000 });

for (const encoding of ENCODINGS) {
  describe(`notifications through a polling channel (${encoding})`, () => {
    it('an AE the CSE cannot reach subscribes and gets its notifications by long polling', async () => {
      const errors: unknown[] = [];
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('unreachable'), { api: 'Npoll', rr: false, srv: ['3'] });
      const pch = await ae.pollingChannel(undefined, { holdMs: 2000, onError: (e) => void errors.push(e) });
      expect(pch).toBeInstanceOf(PollingChannel);
      expect([
        pch.isPolling,
        pch.rn,
        pch.pollingChannelUri,
        pch.endpoint?.notificationUri,
        ae.session.notifications,
      ]).toEqual([true, 'pollingChannel', `${pch.address}/pcu`, ae.aei, pch.endpoint]);
      expect((await ae.pollingChannels()).map((p) => p.ri)).toEqual([pch.ri]);
      // Asking again gives the same channel (an AE has one).
      expect((await ae.pollingChannel()).ri).toBe(pch.ri);

      const cnt = await ae.container('c');
      const seen: SubscriptionNotification[] = [];
      const sub = await cnt.subscribe((n) => void seen.push(n), { enc: { chty: [ResourceType.ContentInstance] } });
      expect([sub.notificationUris, sub.subscriberUri]).toEqual([[ae.aei], ae.aei]);
      await cnt.addContent('polled');
      const n = await sub.next({ timeoutMs: 4000 });
      expect([n.eventName, (n.resource as ContentInstance).content, n.resource?.address]).toEqual([
        'createOfDirectChildResource',
        'polled',
        `${cnt.address}/${n.resource?.rn}`,
      ]);
      await eventually(() => seen.length === 1, 3000, 'the callback');

      // The deletion notice comes through the channel too.
      const once = await cnt.subscribe(undefined, { exc: 1, eventTypes: ['updateOfResource'] });
      await cnt.update({ lbl: ['x'] });
      expect((await once.next({ timeoutMs: 4000 })).eventName).toBe('updateOfResource');
      expect((await once.whenEnded())?.kind).toBe('subscriptionDeletion');

      expect(await sub.unsubscribe()).toBe(1);
      await pch.stopPolling();
      expect(pch.isPolling).toBe(false);
      await ae.delete();
      expect(errors).toEqual([]);
    });

    it('someone else’s subscription for the AE is verified through the channel; rqag brings queued requests at once', async () => {
      const errors: unknown[] = [];
      const spy = recordingFetch();
      const admin = sessionFor(cse.current, encoding, { fetch: spy.fetch });
      const cb = await admin.cseBase();
      const ae = await cb.ae(unique('aggregating'), { api: 'Nagg', rr: false, srv: ['3'] });
      // The embedded CSE cannot write the aggregated form (an m2m:agrp list) in XML: there the requests come one by one.
      const rqag = encoding !== 'xml';
      const pch = await ae.pollingChannel('inbox', {
        content: { rqag },
        holdMs: 2000,
        onError: (e) => void errors.push(e),
      });
      expect(pch.rqag).toBe(rqag);
      const endpoint = pch.endpoint;
      if (!endpoint) throw new Error('no endpoint');
      // The admin's container, subscribed for the AE: the CSE verifies the AE as target through the channel.
      const cnt = await cb.container(unique('shared'));
      const sub = await cnt.subscribe(undefined, { endpoint, eventTypes: ['createOfDirectChildResource'] });
      expect(sub.session.originator).toBe('CAdmin');

      await pch.stopPolling();
      for (const value of [1, 2, 3]) await cnt.addContent(value);
      const polls = () => spy.seen.filter((r) => r.method === 'GET' && r.url.endsWith('/inbox/pcu')).length;
      const before = polls();
      pch.startPolling({ notificationUri: ae.aei });
      expect(pch.isPolling).toBe(true);
      const values: unknown[] = [];
      for (let i = 0; i < 3; i++)
        values.push(((await sub.next({ timeoutMs: 4000 })).resource as ContentInstance).content);
      expect(values).toEqual([1, 2, 3]);
      // Aggregated: one poll brought all three (plus the next poll, now held); else one poll each.
      if (rqag) expect(polls() - before).toBeLessThanOrEqual(2);
      else expect(polls() - before).toBeGreaterThanOrEqual(3);

      await sub.unsubscribe();
      await pch.delete();
      expect(pch.isPolling).toBe(false);
      await cnt.delete();
      await ae.delete();
      expect(errors).toEqual([]);
    });
  });
}

it('the loop stops when the channel is gone', async () => {
  const stopped: unknown[] = [];
  const cb = await sessionFor(cse.current, 'json').cseBase();
  const ae = await cb.ae(unique('gone'), { api: 'Ngone', rr: false, srv: ['3'] });
  const pch = await ae.pollingChannel(undefined, { holdMs: 1000, onStop: (reason) => void stopped.push(reason) });
  await ae.session.client.deleteAny(pch.address);
  await eventually(() => !pch.isPolling, 4000, 'the loop to stop');
  expect(stopped).toHaveLength(1);
  expect(String(stopped[0])).toMatch(/4004|NotFound/);
  await ae.delete();
});
