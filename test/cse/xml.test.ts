import { describe, expect, it } from 'vitest';
import { jsonCodec, xmlCodec } from '../../src/encoding/index.js';
import { ADMIN, body, dbg, rawFetch, send, testCse } from './helpers.js';

describe('XML serialization', () => {
  it('registers an AE, creates and reads a container and discovers in XML', async () => {
    const cse = await testCse();
    const ae = await send(
      cse.url,
      {
        op: 1,
        to: 'cse-in',
        ty: 2,
        fr: 'Cxml',
        pc: { 'm2m:ae': { rn: 'xml', api: 'Nxml', rr: true, srv: ['3', '4'], lbl: ['a', 'b'] } },
      },
      { codec: xmlCodec },
    );
    expect(ae.rsc, dbg(ae)).toBe(2001);
    expect(ae.http.headers['content-type']).toContain('xml');
    expect(body(ae, 'm2m:ae')).toMatchObject({ aei: 'Cxml', rr: true, srv: ['3', '4'], lbl: ['a', 'b'] });
    const cnt = await send(
      cse.url,
      { op: 1, to: 'cse-in/xml', ty: 3, fr: 'Cxml', pc: { 'm2m:cnt': { rn: 'box', mni: 5 } } },
      { codec: xmlCodec },
    );
    expect(body(cnt, 'm2m:cnt')).toMatchObject({ rn: 'box', mni: 5, cni: 0 });
    await send(
      cse.url,
      { op: 1, to: 'cse-in/xml/box', ty: 4, fr: 'Cxml', pc: { 'm2m:cin': { con: 'hello' } } },
      { codec: xmlCodec },
    );
    const nested = await send(cse.url, { op: 2, to: 'cse-in/xml/box', fr: 'Cxml', rcn: 4 }, { codec: xmlCodec });
    expect(nested.rsc, dbg(nested)).toBe(2000);
    expect(body(nested, 'm2m:cnt')['m2m:cin']).toEqual([expect.objectContaining({ con: 'hello', cs: 5 })]);
    const found = await send(cse.url, { op: 2, to: 'cse-in/xml', fr: 'Cxml', fc: { fu: 1 } }, { codec: xmlCodec });
    expect(body(found, 'm2m:uril')).toHaveLength(2);
  });

  it('answers JSON requests in XML when Accept asks for it, errors included', async () => {
    const cse = await testCse();
    await send(cse.url, { op: 1, to: 'cse-in', ty: 3, fr: ADMIN, pc: { 'm2m:cnt': { rn: 'box' } } });
    const ok = await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN }, { codec: jsonCodec, accept: xmlCodec });
    expect(ok.http.headers['content-type']).toContain('xml');
    expect(body(ok, 'm2m:cnt')['rn']).toBe('box');
    const error = await send(cse.url, { op: 2, to: 'cse-in/none', fr: ADMIN }, { codec: jsonCodec, accept: xmlCodec });
    expect(error.rsc).toBe(4004);
    expect(dbg(error)).toContain('none');
  });

  it('refuses malformed XML with BAD_REQUEST', async () => {
    const cse = await testCse();
    const response = await rawFetch(
      cse.url,
      'POST',
      '/cse-in',
      { 'x-m2m-origin': ADMIN, 'x-m2m-ri': 'x', 'x-m2m-rvi': '4', 'content-type': 'application/xml;ty=3' },
      '<m2m:cnt xmlns:m2m="http://www.onem2m.org/xml/protocols"><mni>',
    );
    expect(response.headers['x-m2m-rsc']).toBe('4000');
  });

  it('retrieves the CSEBase in XML', async () => {
    const cse = await testCse();
    const response = await send(cse.url, { op: 2, to: 'cse-in', fr: ADMIN }, { codec: xmlCodec });
    expect(response.rsc, dbg(response)).toBe(2000);
    expect(body(response, 'm2m:cb')['csi']).toBe('/id-in');
  });
});
