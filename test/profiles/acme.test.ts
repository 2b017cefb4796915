import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { EncodingNotSupportedError, ResponseError } from '../../src/errors/index.js';
import { Session } from '../../src/model/index.js';
import { NotSupportedByCseError } from '../../src/profiles/index.js';
import { startFakeCse, type FakeCse } from '../helpers/fake-cse.js';

// ACME's departures (cse-deviations.md, "ACME"), on the wire, through the `acme` profile.

let fake: FakeCse;
beforeAll(async () => {
  fake = await startFakeCse('acme');
});
afterAll(() => fake.close());

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++counter}`;

function session(options: ConstructorParameters<typeof Session>[0] = {}): Session {
  return new Session({ profile: 'acme', url: fake.url, ...options });
}

describe('ACME profile', () => {
  it('has ACME’s identifiers and defaults', () => {
    const client = new Client({ profile: 'acme' });
    expect([client.url, client.cseId, client.cseName, client.originator, client.encoding]).toEqual([
      'http://127.0.0.1:8080',
      '/id-in',
      'cse-in',
      'CAdmin',
      'json',
    ]);
  });

  it('refuses XML before sending: ACME speaks json and cbor', () => {
    expect(() => new Client({ profile: 'acme', url: fake.url, encoding: 'xml' })).toThrow(NotSupportedByCseError);
    expect(() => new Client({ profile: 'acme', encoding: 'xml' })).toThrow(/speaks json and cbor/);
  });

  it('without the profile, XML answered with an empty 2000 is an error naming the encoding and the CSE’s csz', async () => {
    const client = new Client({ url: fake.url, encoding: 'xml' });
    const error = await client.retrieveAny('cse-in').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncodingNotSupportedError);
    expect((error as EncodingNotSupportedError).supported).toEqual(['application/json', 'application/cbor']);
    expect(String(error)).toMatch(/does not seem to speak xml.*application\/json, application\/cbor/);
    const model = await new Session({ url: fake.url, encoding: 'xml' }).cseBase().catch((e: unknown) => e);
    expect(model).toBeInstanceOf(EncodingNotSupportedError);
  });

  it('an unparseable body: the status wins over the request id "None", with rsc and dbg', async () => {
    const client = new Client({ url: fake.url, encoding: 'xml' });
    const error = await client.create(ContainerDescriptor, 'cse-in', { rn: unique('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    const response = error as ResponseError;
    expect([response.rsc, response.status]).toEqual([4000, 400]);
    expect(response.debug).toMatch(/Malformed request\/content/);
    expect(response.message).toMatch(/names request id "None"/);
  });

  it('child attribute filters fail before sending', async () => {
    const before = fake.requests.length;
    const error = await session()
      .client.discover('cse-in', { catr: [{ nm: 'con', val: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSupportedByCseError);
    expect(fake.requests.length).toBe(before);
  });

  it('discovers everything once although lim/ofst bound the children walked', async () => {
    const s = session();
    const cse = await s.cseBase();
    const ae = await cse.ae(unique('walk'), { api: 'Nwalk', rr: false, srv: ['3'] });
    for (let i = 0; i < 3; i++) {
      const box = await ae.container(`box${i}`);
      for (let j = 0; j < 2; j++) await box.container(`sub${j}`, { lbl: ['walked'] });
    }
    const expected = (await s.client.discover(ae.address, { lbl: ['walked'] })).sort();
    expect(expected).toHaveLength(6);
    const seen: string[] = [];
    for await (const a of s.client.discoverAll(ae.address, { lbl: ['walked'] }, { pageSize: 2 })) seen.push(a);
    expect(seen.sort()).toEqual(expected);
    // The spec profile pages, sees the CSE repeat itself, and still yields nothing twice.
    const spec = new Client({ url: fake.url });
    const paged: string[] = [];
    for await (const a of spec.discoverAll(ae.address, { lbl: ['walked'] }, { pageSize: 4 })) paged.push(a);
    expect(new Set(paged).size).toBe(paged.length);
    await ae.delete();
  });

  it('an object reached by resource ID addresses its children correctly (ACME answers 4004 to <ri>/<name>)', async () => {
    const s = session();
    const cse = await s.cseBase();
    const ae = await cse.ae(unique('byri'), { api: 'Nbyri', rr: false, srv: ['3'] });
    const box = await ae.container('box');
    // Reached by resource ID, as session.retrieve(ri) and cse.retrieveResource(ri) do.
    for (const reached of [await ae.session.retrieve(box.ri), await cse.retrieveResource(box.ri)]) {
      const byId = reached as typeof box;
      const inner = await byId.container('inner'); // get-or-create: creates
      expect(await byId.container('inner')).toMatchObject({ ri: inner.ri }); // then finds it
      expect((await byId.findContainer('inner'))?.ri).toBe(inner.ri);
      expect((await byId.containers()).map((c) => c.ri)).toEqual([inner.ri]);
      await inner.addContent('hello');
      expect(await (await byId.findContainer('inner'))?.latestContent()).toBe('hello');
      await inner.delete();
      expect(await byId.findContainer('inner')).toBeUndefined();
    }
    await ae.delete();
  });

  it('only the creator sets acpi on a resource without one: CAdmin gets 4103', async () => {
    const s = session();
    const cse = await s.cseBase();
    const ae = await cse.ae(unique('acpi'), { api: 'Nacpi', rr: false, srv: ['3'] });
    const acp = await cse.accessControlPolicy(unique('acp'), {
      pv: { acr: [{ acor: ['CAdmin', ae.aei], acop: 63 }] },
      pvs: { acr: [{ acor: ['CAdmin', ae.aei], acop: 63 }] },
    });
    const asAdmin = ae.withOriginator('CAdmin');
    const denied = await asAdmin.setAccessControlPolicies([acp]).catch((e: unknown) => e);
    expect((denied as ResponseError).rsc).toBe(4103);
    await ae.setAccessControlPolicies([acp]);
    expect(ae.acpi).toEqual([acp.ri]);
    await ae.delete();
    await acp.delete();
  });

  it('reads m2m:rce without the m2m: prefix', async () => {
    const s = session();
    const result = await s.client.create(ContainerDescriptor, 'cse-in', { rn: unique('rce') }, { rcn: 3 });
    expect(result.uri).toMatch(/^cse-in\/rce/);
    expect(result.resource.ty).toBe(3);
    await s.client.deleteAny(result.uri);
  });
});
