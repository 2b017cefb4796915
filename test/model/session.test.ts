import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { AE, Container, ContentInstance, CSEBase, GenericResource, Session } from '../../src/model/index.js';
import { ENCODINGS, recordingFetch, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

describe('Session', () => {
  it('carries the connection settings and defaults to the reference CSE', () => {
    const session = new Session({
      url: 'http://cse.example:8080',
      encoding: 'cbor',
      originator: 'Cme',
      releaseVersion: '4',
    });
    expect([
      session.url,
      session.encoding,
      session.originator,
      session.releaseVersion,
      session.cseId,
      session.cseName,
    ]).toEqual(['http://cse.example:8080', 'cbor', 'Cme', '4', '/id-in', 'cse-in']);
    expect([session.cseBaseAddress, session.isRouted, session.originatorAfterRegistration]).toEqual([
      'cse-in',
      false,
      'ae-id',
    ]);
    const as = session.withOriginator('Cother');
    expect([as.originator, as.url, as.cseId]).toEqual(['Cother', 'http://cse.example:8080', '/id-in']);
    expect(as.client.transport).toBe(session.client.transport);
  });

  it('routes through another CSE with SP-relative addresses', () => {
    const routed = new Session().routedTo('/id-mn', 'cse-mn');
    expect([routed.cseBaseAddress, routed.isRouted, routed.cseId, routed.cseName]).toEqual([
      '/id-mn/cse-mn',
      true,
      '/id-mn',
      'cse-mn',
    ]);
    expect(routed.resolveAddress('cse-mn/ae')).toBe('/id-mn/cse-mn/ae');
    expect(routed.resolveAddress('/id-mn/cnt1')).toBe('/id-mn/cnt1');
    expect(new Session().resolveAddress('cse-in/ae')).toBe('cse-in/ae');
  });

  for (const encoding of ENCODINGS) {
    it(`retrieves the CSEBase, or makes one without a request (${encoding})`, async () => {
      const spy = recordingFetch();
      const session = sessionFor(cse.current, encoding, { fetch: spy.fetch });
      const offline = await session.cseBase({ retrieve: false });
      expect(spy.seen).toHaveLength(0);
      expect([offline.retrieved, offline.address, offline.csi, offline.rn]).toEqual([
        false,
        'cse-in',
        '/id-in',
        'cse-in',
      ]);
      const cb = await session.cseBase();
      expect(cb).toBeInstanceOf(CSEBase);
      expect([cb.retrieved, cb.csi, cb.ty, cb.poa]).toEqual([true, '/id-in', 5, [cse.current.url]]);
      await offline.retrieve();
      expect([offline.retrieved, offline.ct]).toEqual([true, cb.ct]);
      expect(spy.seen.map((r) => r.method)).toEqual(['GET', 'GET']);
    });
  }

  it('retrieves any resource as its model class', async () => {
    const session = sessionFor(cse.current, 'json');
    const cb = await session.cseBase();
    const ae = await cb.ae(unique('any'), { api: 'Nany', rr: true, srv: ['3'] });
    const cnt = await ae.container('c');
    await cnt.addContent('x');
    expect(await session.retrieve(ae.address)).toBeInstanceOf(AE);
    expect(await session.retrieve(cnt.address)).toBeInstanceOf(Container);
    expect(await session.retrieve(`${cnt.address}/la`)).toBeInstanceOf(ContentInstance);
    const byId = await cb.retrieveResource(cnt.ri);
    expect([byId.typeName, byId.ri, byId.address]).toEqual(['m2m:cnt', cnt.ri, cnt.ri]);
    const schedule = session.materialize('m2m:sch', 'cse-in/x', { ty: 18 });
    expect(schedule).toBeInstanceOf(GenericResource);
    await ae.delete();
  });
});

describe('printing and JSON', () => {
  it('prints readably with long names, also through util.inspect, and round-trips through JSON', async () => {
    const session = sessionFor(cse.current, 'json');
    const cb = await session.cseBase();
    const ae = await cb.ae(unique('print'), { api: 'Nprint', rr: true, srv: ['3'] });
    const cnt = await ae.container('temperature', { mni: 5, lbl: ['room:1'] });
    const text = String(cnt);
    expect(text.split('\n')[0]).toBe(`Container ${ae.address}/temperature`);
    expect(text).toContain('  resourceType (ty): 3');
    expect(text).toContain('  maxNrOfInstances (mni): 5');
    expect(text).toContain('  labels (lbl): ["room:1"]');
    expect(inspect(cnt)).toBe(text);
    expect(inspect({ nested: cnt }, { depth: 4 })).toContain('Container cse-in/');

    const json = JSON.parse(JSON.stringify(cnt)) as {
      typeName: string;
      address: string;
      attributes: Record<string, unknown>;
    };
    expect([json.typeName, json.address, json.attributes['mni'], json.attributes['ri']]).toEqual([
      'm2m:cnt',
      cnt.address,
      5,
      cnt.ri,
    ]);
    const back = session.resource(json);
    expect(back).toBeInstanceOf(Container);
    expect(back.attributes).toEqual(cnt.attributes);
    await ae.delete();
  });

  it('gives a read-only view of the attributes', async () => {
    const session = sessionFor(cse.current, 'json');
    const cnt = session.materialize(ContainerDescriptor.typeName, 'cse-in/x', { ty: 3, lbl: ['a'], mni: 1 });
    expect(Object.isFrozen(cnt.attributes)).toBe(true);
    expect(() => (cnt.attributes.lbl as string[]).push('b')).toThrow(TypeError);
    expect(cnt.lbl).toEqual(['a']);
  });
});
