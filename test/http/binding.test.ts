import { describe, expect, it } from 'vitest';
import { fromHttpPath, toHttpPath } from '../../src/http/addressing.js';
import { httpToRequest, requestToHttp, type RequestFormatError, responseToHttp } from '../../src/http/binding.js';
import { decodeRequestQuery, encodeRequestQuery } from '../../src/http/query.js';
import { httpStatusFor } from '../../src/http/status.js';
import { cborCodec, jsonCodec } from '../../src/encoding/index.js';
import type { RequestPrimitive } from '../../src/primitives/request.js';

describe('addressing', () => {
  const addresses = [
    'cse-in/myAE/cnt1',
    'cnt8765',
    '/id-in/cse-in/myAE',
    '//sp.example/id-in/cnt1',
    'cse-in/a%b/ü',
    '-/x',
  ];
  for (const address of addresses) {
    it(`${address} survives toHttpPath → fromHttpPath`, () => {
      expect(fromHttpPath(toHttpPath(address))).toBe(address);
    });
  }
});

describe('query parameters', () => {
  it('every filter criteria member and request parameter round-trips typed', () => {
    const request = {
      op: 2,
      to: 'cse-in',
      rqi: '1',
      rcn: 11,
      drt: 2,
      da: true,
      rp: 5000,
      atrl: ['ri', 'lbl'],
      rids: ['r1'],
      sqi: false,
      fc: {
        fu: 1,
        ty: [2, 3],
        chty: [4],
        pty: [2],
        lbl: ['a:1', 'b'],
        clbl: ['c'],
        palb: ['p'],
        cty: ['text/plain'],
        smf: ['SELECT ?s', 'ASK {}'],
        cra: '20200101T000000',
        crb: '20300101T000000',
        ms: '20200101T000000',
        us: '20300101T000000',
        exa: '20200101T000000',
        exb: '20300101T000000',
        sts: 10,
        stb: 1,
        sza: 0,
        szb: 100,
        lim: 5,
        ofst: 2,
        lvl: 3,
        fo: 2,
        arp: 'la',
        lbq: 'a=1',
        cfs: 1,
        cfq: '$.x',
        ops: 63,
        atr: [{ nm: 'cr', val: 'Sam' }],
        catr: [{ nm: 'mni', val: '3' }],
        patr: [{ nm: 'rn', val: 'p' }],
      },
    } as const satisfies RequestPrimitive;
    const decoded = decodeRequestQuery(encodeRequestQuery(request));
    const { op: _op, to: _to, rqi: _rqi, ...parameters } = request;
    expect(decoded).toEqual(parameters);
  });

  it('repeated and +-joined list values both decode; bad values name the parameter', () => {
    expect(decodeRequestQuery('ty=2&ty=3+4').fc).toEqual({ ty: [2, 3, 4] });
    expect(() => decodeRequestQuery('lim=ten')).toThrow('query parameter lim: expected a number, got "ten"');
    expect(() => decodeRequestQuery('da=maybe')).toThrow('query parameter da: expected true or false');
    expect(() => decodeRequestQuery('lim=1&lim=2')).toThrow('query parameter lim: given 2 times but takes one value');
  });
});

describe('receiver side', () => {
  it('a request primitive survives requestToHttp → httpToRequest in json and cbor', () => {
    const request: RequestPrimitive = {
      op: 1,
      to: '/id-in/cse-in/ae',
      fr: 'Cae',
      rqi: 'q1',
      rvi: '4',
      ty: 3,
      pc: { 'm2m:cnt': { rn: 'x', lbl: ['a'] } },
      rqet: 'PT5S',
      rset: 1000,
      oet: '20300101T000000',
      ec: 2,
      vsi: 'v',
      rt: { rtv: 2, nu: ['http://x/n'] },
      rcn: 2,
      fc: { lbl: ['a'] },
      tkns: ['t1'],
    };
    for (const codec of [jsonCodec, cborCodec]) {
      const message = requestToHttp(request, codec);
      expect(httpToRequest(message)).toEqual(request);
    }
  });

  it('POST without ty is a notify; unknown methods, bad ty, unknown media types and broken bodies are refused with an rsc', () => {
    const base = { path: '/cse-in', query: '', headers: { 'x-m2m-ri': '1', 'x-m2m-origin': 'C' } };
    expect(
      httpToRequest({
        ...base,
        method: 'POST',
        headers: { ...base.headers, 'content-type': 'application/json' },
        body: new TextEncoder().encode('{"m2m:sgn":{"vrq":true}}'),
      }).op,
    ).toBe(5);
    const refused = (message: Parameters<typeof httpToRequest>[0]) => {
      try {
        httpToRequest(message);
      } catch (error) {
        return [(error as RequestFormatError).rsc, (error as Error).message];
      }
      return undefined;
    };
    expect(refused({ ...base, method: 'PATCH' })).toEqual([
      4005,
      'HTTP method PATCH has no oneM2M operation; use GET, POST, PUT or DELETE',
    ]);
    expect(
      refused({
        ...base,
        method: 'POST',
        headers: { ...base.headers, 'content-type': 'application/json;ty=x' },
        body: new Uint8Array([123, 125]),
      })?.[0],
    ).toBe(4000);
    expect(
      refused({
        ...base,
        method: 'POST',
        headers: { ...base.headers, 'content-type': 'text/plain;ty=3' },
        body: new Uint8Array([1]),
      })?.[0],
    ).toBe(4015);
    expect(
      refused({
        ...base,
        method: 'POST',
        headers: { ...base.headers, 'content-type': 'application/json;ty=3' },
        body: new TextEncoder().encode('{'),
      })?.[0],
    ).toBe(4000);
  });

  it('responses carry X-M2M-RSC, the HTTP status of TS-0009 and Content-Location', () => {
    const message = responseToHttp(
      { rsc: 2001, rqi: 'q', rvi: '4', pc: { 'm2m:uri': 'cse-in/x' } },
      jsonCodec,
      'cse-in/x',
    );
    expect(message.status).toBe(201);
    expect(message.headers).toEqual({
      'x-m2m-rsc': '2001',
      'x-m2m-ri': 'q',
      'x-m2m-rvi': '4',
      'content-location': 'cse-in/x',
      'content-type': 'application/json',
    });
    expect([
      httpStatusFor(4004),
      httpStatusFor(4105),
      httpStatusFor(4103),
      httpStatusFor(4008),
      httpStatusFor(5204),
      httpStatusFor(4199),
    ]).toEqual([404, 409, 403, 504, 500, 400]);
  });
});
