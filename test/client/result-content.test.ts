import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { UnexpectedContentError } from '../../src/errors/index.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';

// Responses as the reference CSE shapes them for each result content (digest §12.7).
const cnt = {
  rn: 'temp',
  ri: 'cnt1',
  pi: 'ae1',
  ty: 3,
  cni: 2,
  cbs: 4,
  st: 2,
  ct: '20260101T000000',
  lt: '20260101T000000',
  et: '20370101T000000',
};
const cin = (n: number) => ({
  rn: `cin${n}`,
  ri: `cin${n}`,
  pi: 'cnt1',
  ty: 4,
  con: String(n),
  cs: 1,
  st: 0,
  ct: '20260101T000000',
  lt: '20260101T000000',
  et: '20370101T000000',
});
const refs = [
  { nm: 'cin1', typ: 4, val: 'cse-in/ae/temp/cin1' },
  { nm: 'cin2', typ: 4, val: 'cse-in/ae/temp/cin2' },
];
const byRcn: Record<number, object | undefined> = {
  0: undefined,
  1: { 'm2m:cnt': cnt },
  2: { 'm2m:uri': 'cse-in/ae/temp' },
  3: { 'm2m:rce': { cnt, uri: 'cse-in/ae/temp' } },
  4: { 'm2m:cnt': { ...cnt, 'm2m:cin': [cin(1), cin(2)] } },
  5: { 'm2m:cnt': { ...cnt, ch: refs } },
  6: { 'm2m:rrl': { rrf: refs } },
  8: { 'm2m:cnt': { 'm2m:cin': [cin(1), cin(2)] } },
  9: { 'm2m:cnt': { cni: 2 } },
};

let recorder: Recorder;
let client: Client;
beforeAll(async () => {
  recorder = await startRecorder((req) =>
    ok(req, byRcn[Number(new URLSearchParams(req.query).get('rcn') ?? (req.method === 'DELETE' ? 0 : 1))]),
  );
  client = new Client({ url: recorder.url });
});
afterAll(() => recorder.close());

describe('resources of a type not known in advance', () => {
  it('retrieveAny takes the schemas’ types and flexContainer specialisations, and refuses non-resources', async () => {
    const flex = await startRecorder((req) =>
      ok(req, req.path.endsWith('/flex') ? { 'cod:tempe': { rn: 'flex', curT0: 21 } } : { 'm2m:uril': [] }),
    );
    try {
      const c = new Client({ url: flex.url });
      expect(await c.retrieveAny('cse-in/flex')).toEqual({
        typeName: 'cod:tempe',
        resource: { rn: 'flex', curT0: 21 },
      });
      await expect(c.retrieveAny('cse-in/other')).rejects.toThrow(/expected a resource in the response, got m2m:uril/);
    } finally {
      await flex.close();
    }
  });
});

describe('each result content gives its value', () => {
  it('retrieve: 1 the resource, 4 with children inline, 5 with child references, 6 the reference list, 8 the children only', async () => {
    expect(await client.retrieve(ContainerDescriptor, 'x')).toEqual(cnt);
    const withChildren = await client.retrieve(ContainerDescriptor, 'x', { rcn: 4 });
    expect(withChildren['m2m:cin']?.map((c) => c['con'])).toEqual(['1', '2']);
    expect((await client.retrieve(ContainerDescriptor, 'x', { rcn: 5 })).ch).toEqual(refs);
    expect((await client.retrieve(ContainerDescriptor, 'x', { rcn: 6 })).rrf).toEqual(refs);
    expect((await client.retrieve(ContainerDescriptor, 'x', { rcn: 8 }))['m2m:cin']).toHaveLength(2);
  });

  it('create: 0 nothing, 1 the resource, 2 its address, 3 both (m2m:rce, with or without the m2m: prefix), 9 what the CSE set', async () => {
    expect(await client.create(ContainerDescriptor, 'p', { rn: 'temp' }, { rcn: 0 })).toBeUndefined();
    expect(await client.create(ContainerDescriptor, 'p', { rn: 'temp' })).toEqual(cnt);
    expect(await client.create(ContainerDescriptor, 'p', { rn: 'temp' }, { rcn: 2 })).toBe('cse-in/ae/temp');
    expect(await client.create(ContainerDescriptor, 'p', { rn: 'temp' }, { rcn: 3 })).toEqual({
      resource: cnt,
      uri: 'cse-in/ae/temp',
    });
    byRcn[3] = { 'm2m:rce': { 'm2m:cnt': cnt, uri: 'cse-in/ae/temp' } };
    expect(await client.create(ContainerDescriptor, 'p', { rn: 'temp' }, { rcn: 3 })).toEqual({
      resource: cnt,
      uri: 'cse-in/ae/temp',
    });
    expect(await client.create(ContainerDescriptor, 'p', { rn: 'temp' }, { rcn: 9 })).toEqual({ cni: 2 });
  });

  it('update: 0 nothing, 9 the modified attributes; delete: 0 nothing, 1 the deleted resource', async () => {
    expect(await client.update(ContainerDescriptor, 'x', { mni: 1 }, { rcn: 0 })).toBeUndefined();
    expect(await client.update(ContainerDescriptor, 'x', { mni: 1 }, { rcn: 9 })).toEqual({ cni: 2 });
    expect(await client.delete(ContainerDescriptor, 'x')).toBeUndefined();
    expect(await client.delete(ContainerDescriptor, 'x', { rcn: 1 })).toEqual(cnt);
  });

  it('content that does not match the rcn is an UnexpectedContentError naming both', async () => {
    byRcn[2] = { 'm2m:cnt': cnt };
    await expect(client.create(ContainerDescriptor, 'p', { rn: 'temp' }, { rcn: 2 })).rejects.toThrow(
      /expected m2m:uri in the response, got m2m:cnt/,
    );
    byRcn[6] = undefined;
    await expect(client.retrieve(ContainerDescriptor, 'x', { rcn: 6 })).rejects.toBeInstanceOf(UnexpectedContentError);
  });
});
