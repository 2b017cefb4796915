import { decode as decodeCbor } from 'cbor2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ContainerDescriptor,
  createContainer,
  deleteContainer,
  retrieveContainer,
  updateContainer,
} from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import type { ClientOptions } from '../../src/client/options.js';
import { ok, startRecorder, type RecordedRequest, type Recorder } from '../helpers/recorder.js';

// Exactly what goes on the wire for each operation and addressing form (TS-0009 §6).

let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());
beforeEach(() => {
  recorder.requests.length = 0;
  recorder.reply = (req) =>
    ok(
      req,
      req.method === 'DELETE' ? undefined : { 'm2m:cnt': { rn: 'temp', ty: 3 } },
      req.method === 'POST' ? 2001 : 2000,
    );
});

function client(options: ClientOptions = {}): Client {
  let n = 0;
  return new Client({
    url: recorder.url,
    originator: 'Cmyae',
    releaseVersion: '4',
    requestId: () => `rq-${++n}`,
    ...options,
  });
}

/** The oneM2M headers plus Content-Type and Accept of a recorded request. */
function m2mHeaders(request: RecordedRequest): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name]) => name.startsWith('x-m2m-') || name === 'content-type' || name === 'accept' || name === 'authorization',
    ),
  );
}

function only(): RecordedRequest {
  expect(recorder.requests).toHaveLength(1);
  return recorder.requests[0]!;
}

describe('operations', () => {
  it('create: POST to the parent, ty in Content-Type, the resource under its root key', async () => {
    await client().create(ContainerDescriptor, 'cse-in/myAE', { rn: 'temp', mni: 100, lbl: ['tag:1'] });
    const r = only();
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/cse-in/myAE');
    expect(r.query).toBe('');
    expect(m2mHeaders(r)).toEqual({
      'x-m2m-origin': 'Cmyae',
      'x-m2m-ri': 'rq-1',
      'x-m2m-rvi': '4',
      'content-type': 'application/json;ty=3',
      accept: 'application/json',
    });
    expect(r.body.toString()).toBe('{"m2m:cnt":{"rn":"temp","mni":100,"lbl":["tag:1"]}}');
  });

  it('retrieve: GET with no body and no Content-Type', async () => {
    await client().retrieve(ContainerDescriptor, 'cse-in/myAE/temp');
    const r = only();
    expect([r.method, r.path, r.query, r.body.length]).toEqual(['GET', '/cse-in/myAE/temp', '', 0]);
    expect(m2mHeaders(r)).toEqual({
      'x-m2m-origin': 'Cmyae',
      'x-m2m-ri': 'rq-1',
      'x-m2m-rvi': '4',
      accept: 'application/json',
    });
  });

  it('update: PUT with the changed attributes only, null to delete one, no ty', async () => {
    await client().update(ContainerDescriptor, 'cse-in/myAE/temp', { mni: 5, lbl: null });
    const r = only();
    expect([r.method, r.path]).toEqual(['PUT', '/cse-in/myAE/temp']);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body.toString()).toBe('{"m2m:cnt":{"mni":5,"lbl":null}}');
  });

  it('delete: DELETE with no body', async () => {
    await client().delete(ContainerDescriptor, 'cse-in/myAE/temp');
    const r = only();
    expect([r.method, r.path, r.body.length, r.headers['content-type']]).toEqual([
      'DELETE',
      '/cse-in/myAE/temp',
      0,
      undefined,
    ]);
  });

  it('notify: POST without ty in Content-Type', async () => {
    await client().notify('cse-in/myAE', { 'm2m:sgn': { sur: '/id-in/sub1', vrq: true } });
    const r = only();
    expect([r.method, r.path, r.headers['content-type']]).toEqual(['POST', '/cse-in/myAE', 'application/json']);
    expect(JSON.parse(r.body.toString())).toEqual({ 'm2m:sgn': { sur: '/id-in/sub1', vrq: true } });
  });

  it('the generated CRUD functions send the same requests through the client', async () => {
    const c = client();
    await createContainer(c, 'cse-in/myAE', { rn: 'temp' });
    await retrieveContainer(c, 'cse-in/myAE/temp');
    await updateContainer(c, 'cse-in/myAE/temp', { mni: 1 });
    await deleteContainer(c, 'cse-in/myAE/temp');
    expect(recorder.requests.map((r) => `${r.method} ${r.path} ${r.headers['content-type'] ?? '-'}`)).toEqual([
      'POST /cse-in/myAE application/json;ty=3',
      'GET /cse-in/myAE/temp -',
      'PUT /cse-in/myAE/temp application/json',
      'DELETE /cse-in/myAE/temp -',
    ]);
  });
});

describe('addressing forms map to paths (TS-0009 Table 6.2.2.1-1)', () => {
  const cases: [string, string, string][] = [
    ['CSE-relative structured', 'cse-in/myAE/cnt1', '/cse-in/myAE/cnt1'],
    ['CSE-relative unstructured', 'cnt8765', '/cnt8765'],
    ['CSE-relative with the - alias', '-/myAE', '/-/myAE'],
    ['SP-relative structured', '/id-in/cse-in/myAE', '/~/id-in/cse-in/myAE'],
    ['SP-relative unstructured', '/id-in/cnt8765', '/~/id-in/cnt8765'],
    ['absolute structured', '//acme.example.com/id-in/cse-in/myAE', '/_/acme.example.com/id-in/cse-in/myAE'],
    ['absolute unstructured', '//acme.example.com/id-in/cnt8765', '/_/acme.example.com/id-in/cnt8765'],
    ['segments escaped', 'cse-in/a%b/ü/x?y#', '/cse-in/a%25b/%C3%BC/x%3Fy'],
  ];
  for (const [form, to, path] of cases) {
    it(`${form}: ${to} → ${path}`, async () => {
      await client().retrieve(ContainerDescriptor, to);
      expect(only().path).toBe(path);
    });
  }

  it('a #attribute suffix becomes a partial retrieve (atrl)', async () => {
    await client().retrieve(ContainerDescriptor, 'cse-in/myAE/temp#lbl');
    const r = only();
    expect([r.path, r.query]).toEqual(['/cse-in/myAE/temp', 'atrl=lbl']);
  });

  it('an address with an empty segment or whitespace is refused before sending', async () => {
    await expect(client().retrieve(ContainerDescriptor, 'cse-in//x')).rejects.toThrow(/empty path segment/);
    await expect(client().retrieve(ContainerDescriptor, 'cse-in/my ae')).rejects.toThrow(/whitespace/);
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('request parameters', () => {
  it('every header parameter has its X-M2M header', async () => {
    await client({ sendOriginatingTimestamp: true }).retrieve(ContainerDescriptor, 'cse-in/x', {
      requestExpiration: '20301231T235959',
      resultExpiration: 5000,
      operationExecutionTime: 'PT5S',
      eventCategory: 3,
      vendorInformation: 'vendor-x',
      groupRequestId: 'g-7',
      parameters: { rt: { rtv: 2, nu: ['http://127.0.0.1:9/n', 'Cmyae'] }, tkns: ['tok1', 'tok2'] },
    });
    const r = only();
    expect(r.headers['x-m2m-ot']).toMatch(/^\d{8}T\d{6},\d{6}$/);
    expect({ ...m2mHeaders(r), 'x-m2m-ot': 'T' }).toEqual({
      'x-m2m-origin': 'Cmyae',
      'x-m2m-ri': 'rq-1',
      'x-m2m-rvi': '4',
      'x-m2m-ot': 'T',
      'x-m2m-ret': '20301231T235959',
      'x-m2m-rst': '5000',
      'x-m2m-oet': 'PT5S',
      'x-m2m-ec': '3',
      'x-m2m-vsi': 'vendor-x',
      'x-m2m-gid': 'g-7',
      'x-m2m-rtu': 'http://127.0.0.1:9/n&Cmyae',
      authorization: 'tok1+tok2',
      accept: 'application/json',
    });
    expect(r.query).toBe('rt=2');
  });

  it('query parameters: rcn, rp, da, drt, atrl, and the filter criteria with lists joined by +', async () => {
    await client().retrieve(ContainerDescriptor, 'cse-in', {
      rcn: 4,
      drt: 2,
      resultPersistence: 'PT1M',
      deliveryAggregation: false,
      attributes: ['ri', 'lbl'],
      filterCriteria: {
        fu: 2,
        ty: [3, 4],
        lbl: ['tag:1', 'a+b'],
        cra: '20200101T000000',
        lim: 10,
        ofst: 3,
        lvl: 1,
        fo: 2,
        cty: ['text/plain'],
        sts: 5,
        atr: [{ nm: 'cr', val: 'Sam' }],
        catr: [{ nm: 'mni', val: 3 }],
        patr: [{ nm: 'rn', val: 'p' }],
      },
    });
    const r = only();
    expect(r.query).toBe(
      'rcn=4&rp=PT1M&da=false&drt=2&atrl=ri+lbl&cra=20200101T000000&cty=text%2Fplain&fo=2&fu=2&lbl=tag%3A1+a%2Bb&lim=10&lvl=1&ofst=3&sts=5&ty=3+4&cr=Sam&c.mni=3&p.rn=p',
    );
  });

  it('list values containing spaces (semantic filters) repeat the parameter', async () => {
    await client().retrieve(ContainerDescriptor, 'cse-in', {
      filterCriteria: { smf: ['SELECT ?x WHERE { ?x a ?y }', 'ASK {}'] },
    });
    expect(new URLSearchParams(only().query).getAll('smf')).toEqual(['SELECT ?x WHERE { ?x a ?y }', 'ASK {}']);
  });

  it('an AE registration without an originator leaves X-M2M-Origin out', async () => {
    await client().create(ContainerDescriptor, 'cse-in', { rn: 'x' }, { originator: '' });
    expect(only().headers['x-m2m-origin']).toBeUndefined();
  });

  it('extra headers and Basic auth go on every request without replacing oneM2M headers', async () => {
    await client({
      headers: { 'X-Trace': 't1', 'X-M2M-RI': 'ignored' },
      auth: { basic: { username: 'u', password: 'p:w' } },
    }).retrieve(ContainerDescriptor, 'cse-in');
    const r = only();
    expect([r.headers['x-trace'], r.headers['x-m2m-ri'], r.headers['authorization']]).toEqual([
      't1',
      'rq-1',
      `Basic ${Buffer.from('u:p:w').toString('base64')}`,
    ]);
  });

  it('request identifiers are unique per request unless set', async () => {
    const c = new Client({ url: recorder.url });
    await c.retrieve(ContainerDescriptor, 'cse-in');
    await c.retrieve(ContainerDescriptor, 'cse-in');
    await c.retrieve(ContainerDescriptor, 'cse-in', { requestId: 'mine' });
    const ids = recorder.requests.map((r) => r.headers['x-m2m-ri']);
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe('mine');
  });

  it('a custom fetch carries every request', async () => {
    const seen: string[] = [];
    const c = client({
      fetch: (input, init) => (seen.push(input instanceof Request ? input.url : String(input)), fetch(input, init)),
    });
    await c.retrieve(ContainerDescriptor, 'cse-in/myAE');
    expect(seen).toEqual([`${recorder.url}/cse-in/myAE`]);
  });
});

describe('encodings on the wire', () => {
  it('cbor: Content-Type and Accept application/vnd.onem2m-res+cbor, a CBOR body', async () => {
    recorder.reply = (req) => ({
      ...ok(req, undefined, 2001, 201),
      headers: { 'x-m2m-rsc': '2001', 'content-type': 'application/vnd.onem2m-res+cbor' },
      body: Buffer.from([0xa1, 0x67, ...Buffer.from('m2m:cnt'), 0xa1, 0x62, ...Buffer.from('rn'), 0x61, 0x78]),
    });
    const created = await client({ encoding: 'cbor' }).create(ContainerDescriptor, 'cse-in/myAE', { rn: 'x', mni: 3 });
    const r = only();
    expect([r.headers['content-type'], r.headers['accept']]).toEqual([
      'application/vnd.onem2m-res+cbor;ty=3',
      'application/vnd.onem2m-res+cbor',
    ]);
    expect(decodeCbor(r.body)).toEqual({ 'm2m:cnt': { rn: 'x', mni: 3 } });
    expect(created).toEqual({ rn: 'x' });
  });

  it('xml: Content-Type and Accept application/xml', async () => {
    recorder.reply = (req) => ok(req, undefined, 2004);
    await client({ encoding: 'xml' }).update(ContainerDescriptor, 'cse-in/myAE/x', { mni: 3 }, { rcn: 0 });
    const r = only();
    expect([r.headers['content-type'], r.headers['accept']]).toEqual(['application/xml', 'application/xml']);
    expect(r.body.toString()).toMatch(
      /<m2m:cnt xmlns:m2m="http:\/\/www\.onem2m\.org\/xml\/protocols">\s*<mni>3<\/mni>\s*<\/m2m:cnt>/,
    );
  });
});
