import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/client/Client.js';
import type { ResponseError } from '../../src/errors/index.js';
import { type model, Session } from '../../src/index.js';
import { NotificationServer } from '../../src/notifications/index.js';
import { NotSupportedByCseError } from '../../src/profiles/index.js';
import { startFakeCse, type FakeCse } from '../helpers/fake-cse.js';

// tinyIoT's departures (cse-deviations.md, "tinyIoT"), on the wire, through the `tinyiot` profile.

let fake: FakeCse;
beforeAll(async () => {
  fake = await startFakeCse('tinyiot');
});
afterAll(() => fake.close());

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++counter}`;
const session = () => new Session({ profile: 'tinyiot', url: fake.url });

describe('tinyIoT profile', () => {
  it('has tinyIoT’s identifiers', () => {
    const client = new Client({ profile: 'tinyiot' });
    expect([client.url, client.cseId, client.cseName, client.originator, client.releaseVersion]).toEqual([
      'http://127.0.0.1:3000',
      '/tinyiot',
      'TinyIoT',
      'CAdmin',
      '3',
    ]);
  });

  it('lists direct children by child references, which its default ACP does not filter', async () => {
    const ae = await (await session().cseBase()).ae(unique('t'), { api: 'Ntiny', rr: false, srv: ['3'] });
    expect(ae.session.originator).not.toBe('CAdmin');
    await ae.container('a');
    await ae.container('b');
    expect((await ae.containers()).map((c) => c.rn).sort()).toEqual(['a', 'b']);
    const box = await ae.container('a');
    await box.addContent(5);
    expect(await box.contents()).toEqual([5]);
    // Discovery as the AE answers nothing there.
    expect(await ae.session.client.discover(ae.address, { ty: [3] })).toEqual([]);
    await ae.delete();
  });

  it('subscribes through the AE’s poa, since its verification request cannot be received', async () => {
    const server = await NotificationServer.start();
    try {
      const ae = await (await session().cseBase()).ae(unique('t'), { api: 'Ntiny', rr: true, srv: ['3'] });
      const box = await ae.container('box');
      const subscription = await box.subscribe(undefined, { endpoint: server });
      expect(subscription.notificationUris).toEqual([ae.aei]);
      expect((await ae.retrieve()).attributes.poa).toEqual([server.notificationUri]);
      await box.addContent('hello');
      const n = await subscription.next({ timeoutMs: 5000 });
      expect((n.resource as model.ContentInstance).content).toBe('hello');
      // The spec's way (nu = the receiver's URL) meets the broken verification request: 5204.
      const spec = new Session({ url: fake.url, cseId: '/tinyiot', cseName: 'TinyIoT' }).withOriginator(ae.aei);
      const other = spec.materialize('m2m:cnt', box.address, box.attributes);
      const refused = await other.subscribe(undefined, { endpoint: server }).catch((e: unknown) => e);
      expect((refused as ResponseError).rsc).toBe(5204);
      await subscription.unsubscribe();
      await ae.delete();
    } finally {
      await server.close({ unsubscribe: false });
    }
  });

  it('writes ty +-joined, discovers several labels one by one, and refuses them elsewhere before sending', async () => {
    const s = session();
    const ae = await (await s.cseBase()).ae(unique('t'), { api: 'Ntiny', rr: false, srv: ['3'] }, { actAs: 'session' });
    await ae.container('one', { lbl: ['red'] });
    await ae.container('two', { lbl: ['blue', 'red'] });
    await ae.container('three', { lbl: ['green'] });
    await s.client.discover(ae.address, { ty: [2, 3] });
    expect(fake.requests.at(-1)?.query.getAll('ty')).toEqual(['2 3']);
    const before = fake.requests.length;
    const found = await s.client.discover(ae.address, { lbl: ['red', 'blue'] });
    expect(found.map((a) => a.split('/').pop()).sort()).toEqual(['one', 'two']);
    expect(fake.requests.slice(before).map((r) => r.query.getAll('lbl'))).toEqual([['red'], ['blue']]);
    const paged: string[] = [];
    for await (const a of s.client.discoverAll(ae.address, { lbl: ['red', 'blue'] }, { pageSize: 1 })) paged.push(a);
    expect(paged.map((a) => a.split('/').pop()).sort()).toEqual(['one', 'two']);
    const sent = fake.requests.length;
    const conditional = s.client.retrieveAny(ae.address, { filterCriteria: { lbl: ['red', 'blue'] } });
    await expect(conditional).rejects.toThrow(NotSupportedByCseError);
    expect(fake.requests.length).toBe(sent);
    await ae.delete();
  });

  it('refuses xml, cbor and polling channels before sending', async () => {
    expect(() => new Client({ profile: 'tinyiot', encoding: 'xml' })).toThrow(/speaks json/);
    expect(() => new Client({ profile: 'tinyiot', encoding: 'cbor' })).toThrow(NotSupportedByCseError);
    const ae = await (await session().cseBase()).ae(unique('t'), { api: 'Ntiny', rr: false, srv: ['3'] });
    await expect(ae.pollingChannel()).rejects.toThrow(NotSupportedByCseError);
    await ae.delete();
  });
});

describe('tinyIoT identifiers', () => {
  it('sends an AE-ID with a comma (CAE<timestamp>,<seq>) unescaped in the path', async () => {
    const client = new Client({ profile: 'tinyiot', url: fake.url });
    await client.deleteAny('CAE20260101,7').catch(() => undefined);
    expect(fake.requests.at(-1)?.path).toBe('/CAE20260101,7');
  });
});
