import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor, SubscriptionDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import type { ResponseError } from '../../src/errors/index.js';
import { model, Session } from '../../src/index.js';
import { NotificationServer } from '../../src/notifications/index.js';
import { NotSupportedByCseError } from '../../src/profiles/index.js';
import { startFakeCse, type FakeCse } from '../helpers/fake-cse.js';

// Mobius's departures (cse-deviations.md, "Mobius"), on the wire, through the `mobius` profile.

let fake: FakeCse;
beforeAll(async () => {
  fake = await startFakeCse('mobius');
});
afterAll(() => fake.close());

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++counter}`;
const session = () => new Session({ profile: 'mobius', url: fake.url });

async function freshAe(s: Session): Promise<model.AE> {
  return (await s.cseBase()).ae(unique('m'), { api: 'Nmobius', rr: true, srv: ['2a'] });
}

describe('Mobius profile', () => {
  it('has Mobius’s identifiers: /Mobius2, Mobius, Sponde, release 2a', () => {
    const client = new Client({ profile: 'mobius' });
    expect([client.url, client.cseId, client.cseName, client.originator, client.releaseVersion]).toEqual([
      'http://127.0.0.1:7579',
      '/Mobius2',
      'Mobius',
      'Sponde',
      '2a',
    ]);
  });

  it('discovers without rcn=11 at release 2a and reads the m2m:uril it answers', async () => {
    const s = session();
    const ae = await freshAe(s);
    await ae.container('a', { lbl: ['found'] });
    const found = await ae.discover({ lbl: ['found'] });
    expect(found.map((r) => r.rn)).toEqual(['a']);
    const last = fake.requests.filter((r) => r.query.get('fu') === '1').at(-1);
    expect(last?.query.has('rcn')).toBe(false);
    // The spec's request (rcn=11) is what Mobius refuses.
    const spec = new Client({ url: fake.url, cseId: '/Mobius2', cseName: 'Mobius', originator: 'Sponde' });
    expect(((await spec.discover(ae.address).catch((e: unknown) => e)) as ResponseError).rsc).toBe(4000);
    await ae.delete();
  });

  it('writes list parameters repeated, which Mobius reads (a +-joined lbl it does not)', async () => {
    const s = session();
    const ae = await freshAe(s);
    await ae.container('one', { lbl: ['red'] });
    await ae.container('two', { lbl: ['blue'] });
    const found = await ae.discover({ lbl: ['red', 'blue'] });
    expect(found.map((r) => r.rn).sort()).toEqual(['one', 'two']);
    const discovery = fake.requests.filter((r) => r.query.get('fu') === '1').at(-1);
    expect(discovery?.query.getAll('lbl')).toEqual(['red', 'blue']);
    await ae.delete();
  });

  it('reads group member responses whose rsc is a string', async () => {
    const s = session();
    const ae = await freshAe(s);
    const a = await ae.container('a');
    const b = await ae.container('b');
    const group = await ae.group('g', { mid: [a.ri, b.ri], mnm: 10, mt: 3 });
    const result = await group.getGroupResources();
    expect(result.ok).toBe(true);
    expect(result.results.map((r) => r.rsc)).toEqual([2000, 2000]);
    expect(result.resources.map((r) => r.rn).sort()).toEqual(['a', 'b']);
    const created = await group.createGroupResources(ContainerDescriptor, { rn: 'child' });
    expect(created.ok).toBe(true);
    expect(created.resources).toHaveLength(2);
    await ae.delete();
  });

  it('lists instances oldest first although ct has 1-second resolution and lists come newest first', async () => {
    const s = session();
    const ae = await freshAe(s);
    const box = await ae.container('box');
    for (const value of ['first', 'second', 'third', 'fourth']) await box.addContent(value);
    expect(await box.contents()).toEqual(['first', 'second', 'third', 'fourth']);
    await ae.delete();
  });

  it('subscribes with nct 1, so notifications carry whole resources (Mobius defaults to nct 2)', async () => {
    const s = session();
    const server = await NotificationServer.start();
    try {
      const ae = await freshAe(s);
      const box = await ae.container('box');
      const subscription = await box.subscribe(undefined, { endpoint: server });
      expect(subscription.notificationContentType).toBe('allAttributes');
      const sent = fake.requests.find((r) => r.method === 'POST' && r.body.includes('m2m:sub'));
      expect(JSON.parse(sent?.body ?? '{}')['m2m:sub'].nct).toBe(1);
      await box.addContent('value');
      const n = await subscription.next({ timeoutMs: 5000 });
      expect(n.resource).toBeInstanceOf(model.ContentInstance);
      expect((n.resource as model.ContentInstance).content).toBe('value');
      // A subscription made elsewhere without nct: Mobius applies 2, the profile says so.
      const raw = await s.client.create(SubscriptionDescriptor, box.address, { rn: 'bare', nu: [server.url] });
      const bare = s.materialize('m2m:sub', `${box.address}/bare`, { ...raw, nct: undefined });
      expect((bare as model.Subscription).notificationContentType).toBe('modifiedAttributes');
      await ae.delete();
    } finally {
      await server.close({ unsubscribe: false });
    }
  });

  it('refuses what Mobius cannot do before sending: cbor, polling channels, a raw fopt/<path>', async () => {
    expect(() => new Client({ profile: 'mobius', encoding: 'cbor' })).toThrow(NotSupportedByCseError);
    const s = session();
    const ae = await freshAe(s);
    await expect(ae.pollingChannel()).rejects.toThrow(/does not host polling channels/);
    const a = await ae.container('a');
    const group = await ae.group('g', { mid: [a.ri], mnm: 10 });
    await expect(s.client.retrieveAny(`${group.fanOutPoint}/la`)).rejects.toThrow(NotSupportedByCseError);
    expect(fake.requests.filter((r) => /fopt\/|pch/.test(r.path) || r.body.includes('m2m:pch'))).toHaveLength(0);
    await ae.delete();
  });

  it('fans out below fopt member by member, since Mobius fans out only at fopt itself', async () => {
    const s = session();
    const ae = await freshAe(s);
    const a = await ae.container('a');
    const b = await ae.container('b');
    await a.addContent('in a');
    await b.addContent('in b');
    const group = await ae.group('g', { mid: [a.ri, b.address], mnm: 10 });
    const latest = await group.getGroupResources({ path: 'la' });
    expect(latest.ok).toBe(true);
    expect(latest.resources.map((r) => (r as model.ContentInstance).content).sort()).toEqual(['in a', 'in b']);
    const deleted = await group.deleteGroupResources({ path: 'la' });
    expect(deleted.results.map((r) => r.rsc)).toEqual([2002, 2002]);
    expect(await a.latestContent()).toBeUndefined();
    await ae.delete();
  });
});

describe('ordering instances', () => {
  it('without stateTags, equal creation times follow the profile’s listing direction', async () => {
    const { oldestFirst } = await import('../../src/model/container.js');
    const s = new Session({ profile: 'mobius' });
    const listed = ['c', 'b', 'a'].map((rn) => s.materialize('m2m:cin', rn, { rn, ct: '20260101T000000' }));
    expect(oldestFirst(listed, true).map((r) => r.rn)).toEqual(['a', 'b', 'c']);
    expect(oldestFirst(listed, false).map((r) => r.rn)).toEqual(['c', 'b', 'a']);
    // Where times differ, the CSE's direction is read from the list itself.
    const mixed = [
      s.materialize('m2m:cin', 'z', { rn: 'z', ct: '20260101T000001' }),
      s.materialize('m2m:cin', 'y', { rn: 'y', ct: '20260101T000000' }),
      s.materialize('m2m:cin', 'x', { rn: 'x', ct: '20260101T000000' }),
    ];
    expect(oldestFirst(mixed, false).map((r) => r.rn)).toEqual(['x', 'y', 'z']);
  });
});
