import { describe, expect, it } from 'vitest';
import { codecForMediaType, DecodingError, EncodingError, xmlCodec } from '../../src/encoding/index.js';
import type { PrimitiveContent } from '../../src/primitives/content.js';

const NS = 'xmlns:m2m="http://www.onem2m.org/xml/protocols"';
const text = (content: PrimitiveContent) => new TextDecoder().decode(xmlCodec.encode(content));
const decode = (xml: string) => xmlCodec.decode(new TextEncoder().encode(xml));
const roundTrip = (content: PrimitiveContent) => xmlCodec.decode(xmlCodec.encode(content));

function encodingError(content: PrimitiveContent): EncodingError {
  try {
    xmlCodec.encode(content);
  } catch (error) {
    if (error instanceof EncodingError) return error;
    throw error;
  }
  throw new Error('encode did not throw');
}

function decodingError(xml: string | Uint8Array): DecodingError {
  try {
    xmlCodec.decode(typeof xml === 'string' ? new TextEncoder().encode(xml) : xml);
  } catch (error) {
    if (error instanceof DecodingError) return error;
    throw error;
  }
  throw new Error('decode did not throw');
}

describe('resources', () => {
  const container = {
    'm2m:cnt': {
      rn: 'temp',
      ty: 3,
      ri: 'cnt1',
      mni: 10,
      cni: 0,
      disr: true,
      lbl: ['unit:celsius'],
      acpi: ['acp1', 'acp2'],
      ct: '20250314T101503',
    },
  };

  it('writes the m2m root with the namespace, rn as attribute, lists as xs:list', () => {
    const xml = text(container);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?><m2m:cnt xmlns:m2m="http://www.onem2m.org/xml/protocols" rn="temp">',
      ),
    ).toBe(true);
    expect(xml).toContain('<mni>10</mni>');
    expect(xml).toContain('<disr>true</disr>');
    expect(xml).toContain('<lbl>unit:celsius</lbl>');
    expect(xml).toContain('<acpi>acp1 acp2</acpi>');
    expect(xml).not.toContain('<rn>');
  });

  it('round-trips with numbers, booleans and one-element lists typed as in JSON', () => {
    const back = roundTrip(container);
    expect(back).toStrictEqual(container);
    const cnt = back['m2m:cnt'] as Record<string, unknown>;
    expect(cnt['mni']).toBe(10);
    expect(cnt['disr']).toBe(true);
    expect(cnt['lbl']).toEqual(['unit:celsius']);
    expect(cnt['ct']).toBe('20250314T101503');
  });

  it('reads rn as a child element, any element order, indentation, another prefix and xsi attributes', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <p:cnt xmlns:p="http://www.onem2m.org/xml/protocols" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y">
        <ty>3</ty>
        <rn>temp</rn>
        <lbl>
          a   b
        </lbl>
        <mni> 10 </mni>
        <disr>1</disr>
      </p:cnt>`;
    expect(decode(xml)).toStrictEqual({ 'm2m:cnt': { ty: 3, rn: 'temp', lbl: ['a', 'b'], mni: 10, disr: true } });
  });

  it('writes null as an empty element and reads an empty element as null (update deleting attributes)', () => {
    const update = { 'm2m:cnt': { lbl: null, mni: null } };
    expect(text(update)).toBe(`<?xml version="1.0" encoding="UTF-8"?><m2m:cnt ${NS}><lbl></lbl><mni></mni></m2m:cnt>`);
    expect(roundTrip(update)).toStrictEqual(update);
    expect(
      decode(
        `<m2m:cnt ${NS}><lbl/><mni xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></m2m:cnt>`,
      ),
    ).toStrictEqual(update);
  });

  it('reads an empty root as an empty resource: a create with defaults', () => {
    expect(decode(`<m2m:cnt ${NS}/>`)).toStrictEqual({ 'm2m:cnt': {} });
    expect(roundTrip({ 'm2m:cnt': {} })).toStrictEqual({ 'm2m:cnt': {} });
  });

  it('reads child resources returned inline as lists, one or several', () => {
    const xml = `<m2m:cnt ${NS} rn="temp"><cni>2</cni>
      <m2m:cin rn="c1"><con>20.5</con><cs>4</cs></m2m:cin>
      <m2m:cin rn="c2"><con>21</con><cs>2</cs></m2m:cin>
      <m2m:sub rn="s1"><nu>CAdmin</nu><nct>1</nct></m2m:sub>
    </m2m:cnt>`;
    expect(decode(xml)).toStrictEqual({
      'm2m:cnt': {
        rn: 'temp',
        cni: 2,
        'm2m:cin': [
          { rn: 'c1', con: '20.5', cs: 4 },
          { rn: 'c2', con: '21', cs: 2 },
        ],
        'm2m:sub': [{ rn: 's1', nu: ['CAdmin'], nct: 1 }],
      },
    });
    const content = { 'm2m:cnt': { rn: 'temp', 'm2m:cin': [{ rn: 'c1', con: 'x' }] } };
    expect(text(content)).toContain('<m2m:cin rn="c1"><con>x</con></m2m:cin>');
    expect(roundTrip(content)).toStrictEqual(content);
  });

  it('writes child references as simple content with attributes (result content 5/6)', () => {
    const content = {
      'm2m:ae': {
        rn: 'app',
        ch: [
          { nm: 'cnt1', typ: 3, val: 'cse-in/app/cnt1' },
          { nm: 'sub1', typ: 23, val: 'cse-in/app/sub1' },
        ],
      },
    };
    const xml = text(content);
    expect(xml).toContain('<ch nm="cnt1" typ="3">cse-in/app/cnt1</ch><ch nm="sub1" typ="23">cse-in/app/sub1</ch>');
    expect(roundTrip(content)).toStrictEqual(content);
  });

  it('writes schedule entries as repeated elements, since their items contain spaces', () => {
    const content = { 'm2m:sch': { se: { sce: ['* 0-5 2,6,10 * * * *'] } } };
    expect(text(content)).toContain('<se><sce>* 0-5 2,6,10 * * * *</sce></se>');
    expect(roundTrip(content)).toStrictEqual(content);
  });

  it('keeps strings exactly: spaces, line breaks, carriage returns, markup, digits, non-ASCII', () => {
    const content = { 'm2m:cin': { con: '  <a href="x">1 & 2</a>\r\n\t]]> 😀 ', cnf: 'text/plain:0', rn: '007' } };
    const xml = text(content);
    expect(xml).toContain('&lt;a href="x"&gt;1 &amp; 2&lt;/a&gt;&#13;');
    expect(roundTrip(content)).toStrictEqual(content);
    expect(decode(`<m2m:cin ${NS}><con><![CDATA[<b>&amp;</b>]]> &amp; &#x1F600;&#65;</con></m2m:cin>`)).toStrictEqual({
      'm2m:cin': { con: '<b>&amp;</b> & 😀A' },
    });
  });

  it('decodes attributes the shapes do not know as strings', () => {
    expect(
      decode(
        `<m2m:cnt ${NS}><mni>5</mni><vendorCount>5</vendorCount><vendorFlag>true</vendorFlag><vendorObj><a>1</a><a>2</a></vendorObj></m2m:cnt>`,
      ),
    ).toStrictEqual({
      'm2m:cnt': { mni: 5, vendorCount: '5', vendorFlag: 'true', vendorObj: { a: ['1', '2'] } },
    });
    expect(roundTrip({ 'm2m:cnt': { vendorCount: 5 } })).toStrictEqual({ 'm2m:cnt': { vendorCount: '5' } });
  });

  it('keeps names that are also Object.prototype members, and refuses those the parser cannot read', () => {
    expect(decode(`<m2m:cnt ${NS} toString="1"><valueOf>2</valueOf><hasOwnProperty/></m2m:cnt>`)).toStrictEqual({
      'm2m:cnt': { toString: '1', valueOf: '2', hasOwnProperty: null },
    });
    expect(encodingError({ 'm2m:cnt': { constructor: 'x' } }).message).toContain('cannot be read back');
    expect(decodingError(`<m2m:cnt ${NS}><__proto__><polluted>1</polluted></__proto__></m2m:cnt>`)).toBeInstanceOf(
      DecodingError,
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('types digit strings of string-or-integer attributes (dgt, bn/dur) as numbers and timestamps as strings', () => {
    expect(decode(`<m2m:cin ${NS}><dgt>1700000000000</dgt></m2m:cin>`)).toStrictEqual({
      'm2m:cin': { dgt: 1700000000000 },
    });
    expect(roundTrip({ 'm2m:sub': { bn: { num: 2, dur: 'PT10S' } } })).toStrictEqual({
      'm2m:sub': { bn: { num: 2, dur: 'PT10S' } },
    });
    expect(roundTrip({ 'm2m:sub': { bn: { num: 2, dur: 10000 } } })).toStrictEqual({
      'm2m:sub': { bn: { num: 2, dur: 10000 } },
    });
  });
});

describe('other primitive content', () => {
  it('m2m:uril is one element of space-separated addresses; empty is []', () => {
    const content = { 'm2m:uril': ['cse-in/a', 'cse-in/b'] };
    expect(text(content)).toBe(`<?xml version="1.0" encoding="UTF-8"?><m2m:uril ${NS}>cse-in/a cse-in/b</m2m:uril>`);
    expect(roundTrip(content)).toStrictEqual(content);
    expect(decode(`<m2m:uril ${NS}>cse-in/a</m2m:uril>`)).toStrictEqual({ 'm2m:uril': ['cse-in/a'] });
    expect(decode(`<m2m:uril ${NS}/>`)).toStrictEqual({ 'm2m:uril': [] });
    expect(roundTrip({ 'm2m:uril': [] })).toStrictEqual({ 'm2m:uril': [] });
  });

  it('m2m:dbg and m2m:uri are text', () => {
    expect(decode(`<m2m:dbg ${NS}>resource does not exist: cse-in/x</m2m:dbg>`)).toStrictEqual({
      'm2m:dbg': 'resource does not exist: cse-in/x',
    });
    expect(roundTrip({ 'm2m:dbg': 'a < b' })).toStrictEqual({ 'm2m:dbg': 'a < b' });
    expect(roundTrip({ 'm2m:uri': 'cse-in/ae/cnt' })).toStrictEqual({ 'm2m:uri': 'cse-in/ae/cnt' });
  });

  it('m2m:rrl holds child references with name and type attributes', () => {
    const xml = `<m2m:rrl ${NS}>
      <rrf nm="cnt1" typ="3">cse-in/ae/cnt1</rrf>
    </m2m:rrl>`;
    expect(decode(xml)).toStrictEqual({ 'm2m:rrl': { rrf: [{ nm: 'cnt1', typ: 3, val: 'cse-in/ae/cnt1' }] } });
    const content = {
      'm2m:rrl': {
        rrf: [
          { nm: 'cnt1', typ: 3, val: 'cse-in/ae/cnt1' },
          { nm: 'fc', typ: 28, val: 'cse-in/ae/fc', spty: { cnd: 'org.onem2m.x' } },
        ],
      },
    };
    expect(roundTrip(content)).toStrictEqual(content);
  });

  it('m2m:sgn carries the resource of its event under its m2m: root', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
    <m2m:sgn ${NS}>
      <nev>
        <rep>
          <m2m:cin rn="cin_1"><ty>4</ty><con>22.5</con><cs>4</cs><lbl>t</lbl></m2m:cin>
        </rep>
        <net>3</net>
      </nev>
      <sur>cse-in/ae/cnt/sub</sur>
    </m2m:sgn>`;
    const expected = {
      'm2m:sgn': {
        nev: { rep: { 'm2m:cin': { rn: 'cin_1', ty: 4, con: '22.5', cs: 4, lbl: ['t'] } }, net: 3 },
        sur: 'cse-in/ae/cnt/sub',
      },
    };
    expect(decode(xml)).toStrictEqual(expected);
    expect(text(expected)).toContain('<rep><m2m:cin rn="cin_1">');
    expect(roundTrip(expected)).toStrictEqual(expected);
    const verification = { 'm2m:sgn': { vrq: true, sur: 'cse-in/ae/cnt/sub', cr: 'CAdmin' } };
    expect(roundTrip(verification)).toStrictEqual(verification);
  });

  it('m2m:agn repeats m2m:sgn', () => {
    const content = { 'm2m:agn': { 'm2m:sgn': [{ sur: 'a', nev: { net: 1, rep: { 'm2m:uri': 'x' } } }] } };
    expect(text(content)).toContain('<m2m:agn xmlns:m2m="http://www.onem2m.org/xml/protocols"><m2m:sgn>');
    expect(roundTrip(content)).toStrictEqual(content);
  });

  it('m2m:rce wraps the resource (m2m:cnt in XML, cnt in JSON) and its uri', () => {
    const content = { 'm2m:rce': { cnt: { rn: 'temp', ty: 3, cni: 0 }, uri: 'cse-in/ae/temp' } };
    expect(text(content)).toContain('<m2m:cnt rn="temp">');
    expect(roundTrip(content)).toStrictEqual(content);
    expect(decode(`<m2m:rce ${NS}><uri>cse-in/x</uri><cnt rn="x"><cni>1</cni></cnt></m2m:rce>`)).toStrictEqual({
      'm2m:rce': { uri: 'cse-in/x', cnt: { rn: 'x', cni: 1 } },
    });
  });

  it('m2m:rsp and m2m:agr carry typed content in pc', () => {
    const rsp = { rsc: 2000, rqi: 'req1', pc: { 'm2m:cnt': { rn: 'c', cni: 1, lbl: ['x'] } }, rvi: '3' };
    expect(roundTrip({ 'm2m:rsp': rsp })).toStrictEqual({ 'm2m:rsp': rsp });
    expect(text({ 'm2m:rsp': rsp })).toContain('<pc><m2m:cnt rn="c">');
    expect(
      roundTrip({ 'm2m:agr': { 'm2m:rsp': [rsp, { rsc: 4004, rqi: 'req2', pc: { 'm2m:dbg': 'not found' } }] } }),
    ).toStrictEqual({
      'm2m:agr': { 'm2m:rsp': [rsp, { rsc: 4004, rqi: 'req2', pc: { 'm2m:dbg': 'not found' } }] },
    });
  });

  it('m2m:rqp (TS-0004 §8.3.2 example)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<m2m:rqp ${NS}>
    <op>1</op>
    <to>//example.net/myCSE/-/Cont1</to>
    <fr>/myCSE/C2345</fr>
    <rqi>0002bf63</rqi>
    <ty>4</ty>
    <pc>
        <m2m:cin>
            <cnf>application/xml:1</cnf>
            <con>PHRpbWU+MTc4ODkzMDk8L3RpbWU+PHRlbXA+MjA8L3RlbXA+DQo=</con>
        </m2m:cin>
    </pc>
</m2m:rqp>`;
    expect(decode(xml)).toStrictEqual({
      'm2m:rqp': {
        op: 1,
        to: '//example.net/myCSE/-/Cont1',
        fr: '/myCSE/C2345',
        rqi: '0002bf63',
        ty: 4,
        pc: { 'm2m:cin': { cnf: 'application/xml:1', con: 'PHRpbWU+MTc4ODkzMDk8L3RpbWU+PHRlbXA+MjA8L3RlbXA+DQo=' } },
      },
    });
  });

  it('m2m:atrl is a list of attribute names', () => {
    expect(roundTrip({ 'm2m:atrl': ['lbl', 'mni'] })).toStrictEqual({ 'm2m:atrl': ['lbl', 'mni'] });
  });

  it('is found by its media types', () => {
    expect(codecForMediaType('application/vnd.onem2m-res+xml; charset=utf-8')).toBe(xmlCodec);
    expect(codecForMediaType('application/xml')).toBe(xmlCodec);
  });
});

describe('refusing to encode what XML would not give back', () => {
  it('an any-typed number, boolean or object: send a string or use json/cbor', () => {
    for (const con of [21.5, true, { temp: 21 }, [1, 2]]) {
      const error = encodingError({ 'm2m:cin': { con } });
      expect(error.pointer).toBe('/m2m:cin/con');
      expect(error.message).toContain('send a string (e.g. JSON.stringify) or use the json/cbor encoding');
    }
    expect(roundTrip({ 'm2m:cin': { con: JSON.stringify({ temp: 21 }) } })).toStrictEqual({
      'm2m:cin': { con: '{"temp":21}' },
    });
  });

  it('a list item with whitespace in an xs:list', () => {
    const error = encodingError({ 'm2m:cnt': { lbl: ['ok', 'not ok'] } });
    expect(error.pointer).toBe('/m2m:cnt/lbl/1');
    expect(error.message).toContain('contains whitespace');
  });

  it('empty strings, lists and objects below the root, which XML reads as null', () => {
    expect(encodingError({ 'm2m:cin': { con: '' } }).pointer).toBe('/m2m:cin/con');
    expect(encodingError({ 'm2m:cnt': { lbl: [] } }).message).toContain('an empty list is written as an empty element');
    expect(encodingError({ 'm2m:sub': { enc: {} } }).message).toContain('an empty object');
  });

  it('values of the wrong type for their attribute', () => {
    expect(encodingError({ 'm2m:cnt': { mni: '10' } }).message).toContain('expected a finite number');
    expect(encodingError({ 'm2m:cnt': { mni: Number.NaN } }).pointer).toBe('/m2m:cnt/mni');
    expect(encodingError({ 'm2m:cnt': { disr: 'true' } }).message).toContain('expected true or false');
    expect(encodingError({ 'm2m:cnt': { ri: 5 } }).message).toContain('expected a string');
    expect(encodingError({ 'm2m:cin': { dgt: '12345' } }).message).toContain('would be read back as the number 12345');
    expect(encodingError({ 'm2m:cnt': { 'm2m:cin': { rn: 'x' } } }).message).toContain(
      'inline child resources are a list',
    );
    expect(encodingError({ 'm2m:cnt': { 'm2m:cin': [] } }).pointer).toBe('/m2m:cnt/m2m:cin');
  });

  it('characters XML 1.0 cannot carry, names that are not XML names, several roots, cycles', () => {
    expect(encodingError({ 'm2m:cin': { con: 'a\u0001b' } }).message).toContain('U+0001');
    expect(encodingError({ 'm2m:cnt': { 'bad name': 'x' } }).message).toContain('not a valid XML element name');
    expect(encodingError({ 'm2m:cnt': {}, 'm2m:cin': {} }).message).toContain('2 root members');
    expect(encodingError({ cnt: {} }).message).toContain('is not oneM2M content');
    const cyclic: Record<string, unknown> = { a: 'x' };
    cyclic['self'] = cyclic;
    expect(encodingError({ 'm2m:cnt': { vendor: cyclic } }).message).toContain('nested deeper than');
  });
});

describe('refusing to decode what is not safe, well-formed oneM2M XML', () => {
  it('malformed XML', () => {
    expect(decodingError(`<m2m:cnt ${NS}><mni>5</cni></m2m:cnt>`).message).toContain("Expected closing tag 'mni'");
    expect(decodingError(`<m2m:cnt ${NS}><mni>5</mni>`).message).toContain('Unclosed tag');
    expect(decodingError('{"m2m:cnt":{}}').message).toMatch(/cannot decode xml body/);
    expect(decodingError('').message).toContain('cannot decode xml body');
    expect(decodingError(`<m2m:cnt ${NS}/><m2m:cin ${NS}/>`).message).toContain('2 root elements');
  });

  it('a DOCTYPE, so no entity expansion (billion laughs) and no external entities', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><m2m:cin ${NS}><con>&lol2;</con></m2m:cin>`;
    expect(decodingError(laughs).message).toContain('DOCTYPE');
    expect(decodingError(`<!DOCTYPE m2m:cin SYSTEM "file:///etc/passwd"><m2m:cin ${NS}/>`).message).toContain(
      'DOCTYPE',
    );
    expect(decodingError(`<m2m:cin ${NS}><con>&lol;</con></m2m:cin>`).message).toContain(
      'entity &lol; is not declared',
    );
  });

  it('deep nesting', () => {
    const deep = `<m2m:cnt ${NS}>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</m2m:cnt>`;
    expect(decodingError(deep).message).toContain('nested deeper than 64 levels');
  });

  it('a root that is not m2m:…, or the wrong namespace', () => {
    expect(decodingError('<cnt><mni>5</mni></cnt>').message).toContain('root element <cnt> is not oneM2M content');
    expect(decodingError('<m2m:cnt xmlns:m2m="http://example.com/other"/>').message).toContain(
      'expected http://www.onem2m.org/xml/protocols',
    );
    expect(decodingError('<m2m:cnt rn="x"/>').message).toContain('namespace prefix "m2m" of <m2m:cnt> is not declared');
    expect(decodingError('<x:cnt xmlns:x="urn:other"/>').message).toContain(
      'root element <x:cnt> is not oneM2M content',
    );
  });

  it('values that do not fit their attribute', () => {
    expect(decodingError(`<m2m:cnt ${NS}><mni>ten</mni></m2m:cnt>`).message).toContain(
      'm2m:cnt/mni: expected a finite number, got "ten"',
    );
    expect(decodingError(`<m2m:cnt ${NS}><mni>1e400</mni></m2m:cnt>`).message).toContain('expected a finite number');
    expect(decodingError(`<m2m:cnt ${NS}><disr>yes</disr></m2m:cnt>`).message).toContain('expected true or false');
    expect(decodingError(`<m2m:cnt ${NS}><mni>1</mni><mni>2</mni></m2m:cnt>`).message).toContain('appears 2 times');
    expect(decodingError(`<m2m:cnt ${NS}>stray text<mni>1</mni></m2m:cnt>`).message).toContain('unexpected text');
  });

  it('bodies that are not UTF-8', () => {
    expect(decodingError(new Uint8Array([0x3c, 0x61, 0xff, 0x3e])).message).toContain('not valid UTF-8');
    expect(decodingError(`<?xml version="1.0" encoding="ISO-8859-1"?><m2m:cnt ${NS}/>`).message).toContain(
      'oneM2M XML is UTF-8',
    );
  });
});
