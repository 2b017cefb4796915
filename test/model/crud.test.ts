import { describe, expect, it } from 'vitest';
import {
  AEDescriptor,
  ContainerDescriptor,
  ContentInstanceDescriptor,
  ResponseStatusCode,
} from '../../generated/index.gen.js';
import { isResponseError } from '../../src/errors/index.js';
import { AE, Container, isModelError, ModelError } from '../../src/model/index.js';
import { ENCODINGS, recordingFetch, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

for (const encoding of ENCODINGS) {
  describe(`create, retrieve, update, delete (${encoding})`, () => {
    it('gets or creates an AE by name; the AE object speaks as its AE-ID', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const name = unique('ae');
      const ae = await cb.ae(name, { api: 'Ncrud', rr: true, srv: ['3'] });
      expect(ae).toBeInstanceOf(AE);
      expect([ae.address, ae.rn, ae.api, ae.rr]).toEqual([`cse-in/${name}`, name, 'Ncrud', true]);
      expect(ae.aei).toMatch(/^C/);
      expect(ae.session.originator).toBe(ae.aei);
      const again = await cb.ae(name, { api: 'Nother', rr: false, srv: ['3'] });
      expect([again.ri, again.api, again.session.originator]).toEqual([ae.ri, 'Ncrud', ae.aei]);
      // What the AE creates belongs to it: the AE itself may delete it.
      const cnt = await ae.container('data');
      expect(cnt.session.originator).toBe(ae.aei);
      await ae.delete();
      expect(await cb.findAE(name)).toBeUndefined();
    });

    it('registers with a given originator, or keeps the session originator with actAs', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const id = `C${unique('fixed').replace(/-/g, '')}`;
      const ae = await cb.ae(unique('fixed'), { api: 'Nfixed', rr: true, srv: ['3'] }, { originator: id });
      expect([ae.aei, ae.session.originator]).toEqual([id, id]);
      const asAdmin = await cb.ae(ae.rn, { api: 'Nfixed', rr: true, srv: ['3'] }, { actAs: 'session' });
      expect([asAdmin.ri, asAdmin.session.originator]).toEqual([ae.ri, 'CAdmin']);
      await ae.delete();
    });

    it('explicit create fails when the name exists', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.createAE({ rn: unique('explicit'), api: 'Nexplicit', rr: true, srv: ['3'] });
      await expect(cb.createAE({ rn: ae.rn, api: 'Nexplicit', rr: true, srv: ['3'] })).rejects.toSatisfy((e) =>
        isResponseError(e, ResponseStatusCode.Conflict),
      );
      const cnt = await ae.createContainer({ rn: 'once' });
      expect(cnt).toBeInstanceOf(Container);
      await expect(ae.createContainer({ rn: 'once' })).rejects.toSatisfy((e) =>
        isResponseError(e, ResponseStatusCode.Conflict),
      );
      const unnamed = await ae.createContainer();
      expect(unnamed.rn).not.toBe('');
      expect(unnamed.address).toBe(`${ae.address}/${unnamed.rn}`);
      await ae.delete();
    });

    it('retrieve refreshes the known state; delete removes the subtree', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('state'), { api: 'Nstate', rr: true, srv: ['3'] });
      const cnt = await ae.container('c', { mni: 3 });
      const inner = await cnt.container('inner');
      expect(cnt.cni).toBe(0);
      await cnt.addContent('a');
      await cnt.addContent('b');
      expect(cnt.cni).toBe(0);
      expect((await cnt.retrieve()).cni).toBe(2);
      await cnt.delete();
      expect(await ae.findContainer('c')).toBeUndefined();
      await expect(inner.retrieve()).rejects.toSatisfy((e) => isResponseError(e, ResponseStatusCode.NotFound));
      await ae.delete();
    });
  });
}

describe('update sends only what changed', () => {
  it('compares with the last known state and skips unchanged attributes', async () => {
    const spy = recordingFetch();
    const cb = await sessionFor(cse.current, 'json', { fetch: spy.fetch }).cseBase();
    const ae = await cb.ae(unique('upd'), { api: 'Nupd', rr: true, srv: ['3'] });
    const cnt = await ae.container('c', { mni: 5, lbl: ['a'] });
    const updates = () => spy.seen.filter((r) => r.method === 'PUT').map((r) => JSON.parse(r.body ?? '{}') as unknown);

    await cnt.update({ mni: 5, lbl: ['a', 'b'], mbs: 1000 });
    expect(updates()).toEqual([{ 'm2m:cnt': { lbl: ['a', 'b'], mbs: 1000 } }]);
    expect([cnt.mni, cnt.lbl, cnt.mbs]).toEqual([5, ['a', 'b'], 1000]);

    // Nothing differs: no request. A spread of the whole state (RO attributes included) sends only the change.
    await cnt.update({ mni: 5, lbl: ['a', 'b'] });
    await cnt.update({ ...cnt.attributes, mia: 60 } as never);
    expect(updates()).toHaveLength(2);
    expect(updates()[1]).toEqual({ 'm2m:cnt': { mia: 60 } });

    // null resets an attribute that is set, and is skipped for one that is not.
    await cnt.update({ mbs: null, or: null });
    expect(updates()[2]).toEqual({ 'm2m:cnt': { mbs: null } });
    expect(cnt.mbs).toBeUndefined();
    expect((await cnt.retrieve()).attributes.mbs).toBeUndefined();
    await ae.delete();
  });

  it('refuses changes the update rules forbid before sending', async () => {
    const spy = recordingFetch();
    const cb = await sessionFor(cse.current, 'json', { fetch: spy.fetch }).cseBase();
    const ae = await cb.ae(unique('np'), { api: 'Nnp', rr: true, srv: ['3'] });
    const cnt = await ae.container('c');
    const before = spy.seen.length;
    await expect(cnt.update({ rn: 'renamed' } as never)).rejects.toSatisfy(
      (e) => isModelError(e) && /'rn' \(resourceName\) cannot be changed by an update/.test((e as Error).message),
    );
    await expect(cnt.update({ cni: 7 } as never)).rejects.toThrow(ModelError);
    const cin = await cnt.addContent('fixed');
    await expect(cin.update({ lbl: ['x'] } as never)).rejects.toThrow(/cannot be updated|cannot be changed/);
    expect(spy.seen.length).toBe(before + 1);
    await ae.delete();
  });
});

describe('request options', () => {
  it('pass through to the requests, e.g. non-blocking synch (followed to the result)', async () => {
    const spy = recordingFetch();
    const cb = await sessionFor(cse.current, 'cbor', { fetch: spy.fetch }).cseBase();
    const ae = await cb.ae(unique('nb'), { api: 'Nnb', rr: true, srv: ['3'] });
    const cnt = await ae.container('c', {}, { responseType: 'nonBlockingSynch' });
    const cin = await cnt.addContent('later', { request: { responseType: 'nonBlockingSynch' } });
    await cnt.update({ lbl: ['nb'] }, { responseType: 'nonBlockingSynch' });
    expect([cnt.address, cin.content, cnt.lbl, (await cnt.retrieve()).lbl]).toEqual([
      `${ae.address}/c`,
      'later',
      ['nb'],
      ['nb'],
    ]);
    const nonBlocking = spy.seen.filter((r) => r.headers['x-m2m-rtu'] !== undefined || /[?&]rt=1/.test(r.url));
    expect(nonBlocking.map((r) => r.method)).toEqual(['POST', 'POST', 'PUT']);
    await ae.delete();
  });
});

describe('generic operations and their checks', () => {
  it('refuses child types the parent cannot have, and existing names of another type', async () => {
    const cb = await sessionFor(cse.current, 'json').cseBase();
    const ae = await cb.ae(unique('gen'), { api: 'Ngen', rr: true, srv: ['3'] });
    await expect(ae.create(ContentInstanceDescriptor, { con: 'x' })).rejects.toThrow(
      /a ContentInstance \(m2m:cin\) cannot be created under a AE \(cse-in\/.*\); its parents may be m2m:cnt/,
    );
    await expect(ae.create(AEDescriptor, { api: 'Nx', rr: true, srv: ['3'] })).rejects.toThrow(ModelError);
    await ae.container('taken');
    await expect(ae.getOrCreate(ContainerDescriptor, 'taken', {})).resolves.toBeInstanceOf(Container);
    const cnt = await ae.getOrCreate(ContainerDescriptor, 'generic', { mni: 2 });
    expect(await ae.find(ContainerDescriptor, 'generic')).toBeInstanceOf(Container);
    expect(await ae.find(AEDescriptor, 'generic')).toBeUndefined();
    await cnt.addContent('x');
    expect(await ae.findContainer('generic/nothing')).toBeUndefined();
    await expect(ae.getOrCreate(AEDescriptor, 'generic', { api: 'Nx', rr: true, srv: ['3'] })).rejects.toThrow(
      ModelError,
    );
    await ae.delete();
  });

  it('withOriginator gives the same resource speaking as someone else', async () => {
    const cb = await sessionFor(cse.current, 'json').cseBase();
    const ae = await cb.ae(unique('who'), { api: 'Nwho', rr: true, srv: ['3'] });
    const cnt = await ae.container('c');
    const stranger = cnt.withOriginator('Cstranger');
    expect(stranger).toBeInstanceOf(Container);
    expect([stranger.address, stranger.session.originator]).toEqual([cnt.address, 'Cstranger']);
    await expect(stranger.retrieve()).rejects.toSatisfy((e) =>
      isResponseError(e, ResponseStatusCode.OriginatorHasNoPrivilege),
    );
    await ae.delete();
  });
});
