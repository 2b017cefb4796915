import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { type model, ResponseError, Session } from '../../src/index.js';
import { NotificationServer } from '../../src/notifications/index.js';
import { startFakeCse, type FakeCse } from '../helpers/fake-cse.js';

// The wire bugs of issue 10, each as a user meets it, through APIs that existed before the fixes
// (so that each test failed before its fix). The profile-specific ones are in acme/mobius/tinyiot.test.ts.

let acme: FakeCse;
let mobius: FakeCse;
let tinyiot: FakeCse;
let embedded: RunningCse;
beforeAll(async () => {
  [acme, mobius, tinyiot, embedded] = await Promise.all([
    startFakeCse('acme'),
    startFakeCse('mobius'),
    startFakeCse('tinyiot'),
    startCse({ port: 0, log: () => undefined }),
  ]);
});
afterAll(() => Promise.all([acme.close(), mobius.close(), tinyiot.close(), embedded.close()]));

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++counter}`;
const mobiusSession = () =>
  new Session({ url: mobius.url, cseId: '/Mobius2', cseName: 'Mobius', originator: 'Sponde', releaseVersion: '2a' });

describe('issue 10 wire bugs', () => {
  it('1: an object reached by resource ID creates, finds, lists and deletes its children (ACME)', async () => {
    const session = new Session({ url: acme.url });
    const cse = await session.cseBase();
    const ae = await cse.ae(unique('ri'), { api: 'Nri', rr: false, srv: ['3'] });
    const box = (await cse.retrieveResource((await ae.container('box')).ri)) as model.Container;
    const inner = await box.container('inner');
    expect((await box.findContainer('inner'))?.ri).toBe(inner.ri);
    expect((await box.containers()).map((c) => c.rn)).toEqual(['inner']);
    await inner.delete();
    await ae.delete();
  });

  it('2: the embedded CSE lets only the creator set acpi, not the admin', async () => {
    const session = new Session({ url: embedded.url });
    const cse = await session.cseBase();
    const ae = await cse.ae(unique('acpi'), { api: 'Nacpi', rr: false, srv: ['3'] }, { actAs: 'session' });
    const acp = await cse.accessControlPolicy(unique('acp'), {
      pv: { acr: [{ acor: ['CAdmin'], acop: 63 }] },
      pvs: { acr: [{ acor: ['CAdmin'], acop: 63 }] },
    });
    const denied = await ae.setAccessControlPolicies([acp]).catch((e: unknown) => e);
    expect((denied as ResponseError).rsc).toBe(4103);
    await ae.delete();
    await acp.delete();
  });

  it('3: discovery at release 2a sends no rcn=11 (Mobius answers 4000 to it)', async () => {
    const ae = await (await mobiusSession().cseBase()).ae(unique('d'), { api: 'Nd', rr: false, srv: ['2a'] });
    await ae.container('x', { lbl: ['l'] });
    expect((await ae.discover({ lbl: ['l'] })).map((r) => r.rn)).toEqual(['x']);
    await ae.delete();
  });

  it('4: group member responses with string rsc are read, not dropped as success (Mobius)', async () => {
    const ae = await (await mobiusSession().cseBase()).ae(unique('g'), { api: 'Ng', rr: false, srv: ['2a'] });
    const a = await ae.container('a');
    const group = await ae.group('g', { mid: [a.ri], mnm: 5 });
    const result = await group.getGroupResources();
    expect(result.results.map((r) => [r.rsc, r.ok])).toEqual([[2000, true]]);
    expect(result.resources.map((r) => r.rn)).toEqual(['a']);
    await ae.delete();
  });

  it('5: subscribe() sends nct, and a child-created event has its resource (Mobius defaults to nct 2)', async () => {
    const server = await NotificationServer.start();
    try {
      const ae = await (await mobiusSession().cseBase()).ae(unique('s'), { api: 'Ns', rr: true, srv: ['2a'] });
      const box = await ae.container('box');
      const subscription = await box.subscribe(undefined, { endpoint: server });
      await box.addContent('v');
      const n = await subscription.next({ timeoutMs: 5000 });
      expect((n.resource as model.ContentInstance | undefined)?.content).toBe('v');
      await ae.delete();
    } finally {
      await server.close({ unsubscribe: false });
    }
  });

  it('6: contentInstances come oldest first with 1-second ct and newest-first lists (Mobius)', async () => {
    const ae = await (await mobiusSession().cseBase()).ae(unique('o'), { api: 'No', rr: false, srv: ['2a'] });
    const box = await ae.container('box');
    for (const v of ['1', '2', '3']) await box.addContent(v);
    expect(await box.contents()).toEqual(['1', '2', '3']);
    await ae.delete();
  });

  it('8: an error status with X-M2M-RI None is a ResponseError with rsc and dbg (ACME)', async () => {
    const client = new Client({ url: acme.url, encoding: 'xml' });
    const error = await client.create(ContainerDescriptor, 'cse-in', { rn: unique('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect([(error as ResponseError).rsc, (error as ResponseError).debug]).toEqual([
      4000,
      expect.stringContaining('Malformed'),
    ]);
  });

  it('9: XML answered with an empty 2000 fails, naming the encoding and csz (ACME)', async () => {
    const error = await new Session({ url: acme.url, encoding: 'xml' }).cseBase().catch((e: unknown) => e);
    expect(String(error)).toMatch(/speak xml.*csz\) application\/json, application\/cbor/);
  });

  it('13: direct children are listed for a non-admin AE whose discovery is filtered (tinyIoT)', async () => {
    const session = new Session({ url: tinyiot.url, cseId: '/tinyiot', cseName: 'TinyIoT' });
    const ae = await (await session.cseBase()).ae(unique('c'), { api: 'Nc', rr: false, srv: ['3'] });
    await ae.container('a');
    expect((await ae.containers()).map((c) => c.rn)).toEqual(['a']);
    await ae.delete();
  });
});
