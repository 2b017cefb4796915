import { describe, expect, it } from 'vitest';
import { cborCodec, jsonCodec } from '../../src/encoding/index.js';
import { validateCSEBase } from '../../generated/validators/cse-base.gen.js';
import { ADMIN, body, create, dbg, rawFetch, registerAe, send, testCse } from './helpers.js';

const headers = (extra: Record<string, string> = {}) => ({
  'x-m2m-origin': ADMIN,
  'x-m2m-ri': 'raw-1',
  'x-m2m-rvi': '4',
  accept: 'application/json',
  ...extra,
});

describe('CSEBase and addressing', () => {
  it('answers a CSEBase retrieve with a schema-valid m2m:cb', async () => {
    const cse = await testCse({ cseId: '/id-test', cseName: 'cse-test' });
    const response = await send(cse.url, { op: 2, to: 'cse-test', fr: ADMIN });
    expect(response.rsc).toBe(2000);
    expect(response.http.status).toBe(200);
    expect(response.rqi).toMatch(/^test-/);
    expect(response.fr).toBe('/id-test');
    const cb = body(response, 'm2m:cb');
    expect(cb).toMatchObject({ ty: 5, ri: 'id-test', rn: 'cse-test', pi: '', csi: '/id-test', cst: 1, poa: [cse.url] });
    expect(cb['srt']).toEqual(expect.arrayContaining([1, 2, 3, 4, 9, 15, 23, 28, 29, 30]));
    const check = validateCSEBase(cb);
    expect(check.issues).toEqual([]);
  });

  it('reaches the same resource through every address form', async () => {
    const cse = await testCse();
    const aei = await registerAe(cse.url, 'app');
    const cnt = await create(cse.url, aei, `cse-in/app`, 3, 'm2m:cnt', { rn: 'box' });
    const forms = [
      'cse-in/app/box', // CSE-relative structured
      '-/app/box', // `-` for the CSEBase name
      String(cnt['ri']), // CSE-relative unstructured
      '/id-in/cse-in/app/box', // SP-relative structured
      `/id-in/${String(cnt['ri'])}`, // SP-relative unstructured
      '//acme.example.com/id-in/cse-in/app/box', // absolute
    ];
    for (const to of forms) {
      const response = await send(cse.url, { op: 2, to, fr: aei });
      expect({ to, rsc: response.rsc }).toEqual({ to, rsc: 2000 });
      expect(body(response, 'm2m:cnt')['ri']).toBe(cnt['ri']);
    }
    // A resource ID may be followed only by a virtual resource (la, ol, fopt, pcu), as in ACME.
    for (const to of [`${aei}/box`, `/id-in/${aei}/box`]) {
      const response = await send(cse.url, { op: 2, to, fr: aei });
      expect({ to, rsc: response.rsc }).toEqual({ to, rsc: 4004 });
      expect(String(body(response, 'm2m:dbg'))).toContain('only a virtual resource');
    }
    expect((await send(cse.url, { op: 2, to: `${String(cnt['ri'])}/la`, fr: aei })).rsc).toBe(4004); // empty: no instance yet
    for (const to of ['id-in', '/id-in', '-']) expect((await send(cse.url, { op: 2, to, fr: ADMIN })).rsc).toBe(2000);
  });

  it('answers NOT_FOUND for unknown targets and other CSEs', async () => {
    const cse = await testCse();
    for (const to of ['cse-in/nothing', 'nothing', '/id-other/cse-in', '//other.example.com/id-in/cse-in']) {
      const response = await send(cse.url, { op: 2, to, fr: ADMIN });
      expect({ to, rsc: response.rsc }).toEqual({ to, rsc: 4004 });
      expect(response.http.status).toBe(404);
      expect(dbg(response)).not.toBe('');
    }
  });

  it('speaks CBOR when asked', async () => {
    const cse = await testCse();
    const created = await send(
      cse.url,
      { op: 1, to: 'cse-in', ty: 2, pc: { 'm2m:ae': { rn: 'cb', api: 'Ncb', rr: false, srv: ['4'] } } },
      { codec: cborCodec },
    );
    expect(created.rsc).toBe(2001);
    expect(created.http.headers['content-type']).toBe(cborCodec.mediaType);
    expect(body(created, 'm2m:ae')['rr']).toBe(false);
    const retrieved = await send(
      cse.url,
      { op: 2, to: 'cse-in/cb', fr: String(body(created, 'm2m:ae')['aei']) },
      { codec: jsonCodec, accept: cborCodec },
    );
    expect(retrieved.http.headers['content-type']).toBe(cborCodec.mediaType);
    expect(body(retrieved, 'm2m:ae')['api']).toBe('Ncb');
  });

  it('sets Content-Location to the created resource', async () => {
    const cse = await testCse();
    const response = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cnt': { rn: 'top' } } });
    expect(response.http.headers['content-location']).toBe('cse-in/top');
  });
});

describe('malformed requests', () => {
  it('refuses a request without X-M2M-Origin with BAD_REQUEST', async () => {
    const cse = await testCse();
    const { 'x-m2m-origin': _, ...rest } = headers();
    const response = await rawFetch(cse.url, 'GET', '/cse-in', rest);
    expect(response.headers['x-m2m-rsc']).toBe('4000');
    expect(response.headers['x-m2m-ri']).toBe('raw-1');
    expect(new TextDecoder().decode(response.body)).toContain('X-M2M-Origin');
  });

  it('refuses a missing or unsupported release version with 4001', async () => {
    const cse = await testCse();
    const { 'x-m2m-rvi': _, ...rest } = headers();
    expect((await rawFetch(cse.url, 'GET', '/cse-in', rest)).headers['x-m2m-rsc']).toBe('4001');
    const old = await rawFetch(cse.url, 'GET', '/cse-in', headers({ 'x-m2m-rvi': '1' }));
    expect(old.headers['x-m2m-rsc']).toBe('4001');
    expect(old.status).toBe(501);
  });

  it('refuses a request without X-M2M-RI', async () => {
    const cse = await testCse();
    const { 'x-m2m-ri': _, ...rest } = headers();
    expect((await rawFetch(cse.url, 'GET', '/cse-in', rest)).headers['x-m2m-rsc']).toBe('4000');
  });

  it('refuses bodies that are not valid JSON or CBOR with BAD_REQUEST', async () => {
    const cse = await testCse();
    const json = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      headers({ 'content-type': 'application/json;ty=3' }),
      '{"m2m:cnt": {',
    );
    expect(json.headers['x-m2m-rsc']).toBe('4000');
    const notObject = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      headers({ 'content-type': 'application/json;ty=3' }),
      '[1,2]',
    );
    expect(notObject.headers['x-m2m-rsc']).toBe('4000');
    const cbor = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      headers({ 'content-type': 'application/cbor;ty=3' }),
      new Uint8Array([0xbf, 0x61]),
    );
    expect(cbor.headers['x-m2m-rsc']).toBe('4000');
  });

  it('refuses an unsupported media type with 4015', async () => {
    const cse = await testCse();
    const response = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      headers({ 'content-type': 'text/plain;ty=3' }),
      'hello',
    );
    expect(response.headers['x-m2m-rsc']).toBe('4015');
    expect(response.status).toBe(415);
  });

  it('refuses an unknown or malformed ty with BAD_REQUEST', async () => {
    const cse = await testCse();
    const unknown = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 999 as never, pc: { 'm2m:xyz': {} } });
    expect(unknown.rsc).toBe(4000);
    expect(dbg(unknown)).toContain('ty=999');
    const malformed = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      headers({ 'content-type': 'application/json;ty=abc' }),
      '{"m2m:cnt":{}}',
    );
    expect(malformed.headers['x-m2m-rsc']).toBe('4000');
    const mismatch = await send(cse.url, { op: 1, to: 'cse-in', fr: ADMIN, ty: 3, pc: { 'm2m:cin': { con: 'x' } } });
    expect(mismatch.rsc).toBe(4000);
    expect(dbg(mismatch)).toContain('m2m:cnt');
  });

  it('refuses an oversized body with a clear error and stays usable', async () => {
    const cse = await testCse({ maxBodyBytes: 1000 });
    const big = JSON.stringify({ 'm2m:cnt': { lbl: ['x'.repeat(2000)] } });
    const response = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      headers({ 'content-type': 'application/json;ty=3' }),
      big,
    );
    expect(response.status).toBe(413);
    expect(response.headers['x-m2m-rsc']).toBe('4000');
    expect(new TextDecoder().decode(response.body)).toContain('1000 bytes');
    expect((await send(cse.url, { op: 2, to: 'cse-in', fr: ADMIN })).rsc).toBe(2000);
  });

  it('answers an unknown HTTP method with OPERATION_NOT_ALLOWED', async () => {
    const cse = await testCse();
    expect((await rawFetch(cse.url, 'PATCH', '/cse-in', headers())).headers['x-m2m-rsc']).toBe('4005');
  });

  it('refuses NOTIFY to an ordinary resource', async () => {
    const cse = await testCse();
    const response = await send(cse.url, { op: 5, to: 'cse-in', fr: ADMIN, pc: { 'm2m:sgn': { sur: '/id-in/x' } } });
    expect(response.rsc).toBe(4005);
  });
});
