import { decode as decodeCbor } from 'cborg';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  BinarySwitchDescriptor,
  type BinarySwitch,
  type BinarySwitchCreate,
  createBinarySwitch,
  DeviceLightDescriptor,
  retrieveBinarySwitch,
} from '../../generated/flexcontainers/index.gen.js';
import {
  validateBinarySwitch,
  validateBinarySwitchCreate,
} from '../../generated/flexcontainers/validators/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { cborCodec, jsonCodec, xmlCodec } from '../../src/encoding/index.js';
import { toLongNames } from '../../src/names/long-names.js';
import { ok, startRecorder, type Recorder } from '../helpers/recorder.js';

// The typed client with flexContainer specialisations, on the wire: a local server answers as ACME
// does for its SDT specialisations (root name cod:binSh, custom attributes next to the flexContainer ones).

const ACME_SWITCH = {
  'cod:binSh': {
    rn: 'switch',
    ty: 28,
    ri: 'fcnt6173481562836209735',
    pi: 'fcnt3391452853961290023',
    ct: '20250102T030405,123456',
    lt: '20250102T030405,123456',
    et: '20300102T030405,123456',
    cnd: 'org.onem2m.common.moduleclass.binarySwitch',
    st: 0,
    cs: 4,
    cr: 'Clamp',
    state: true,
  },
};

let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder((req) => ok(req, ACME_SWITCH, req.method === 'POST' ? 2001 : 2000));
});
afterAll(() => recorder.close());

const client = (encoding: 'json' | 'cbor' = 'json') =>
  new Client({ url: recorder.url, originator: 'Clamp', releaseVersion: '4', encoding });

describe('flexContainer specialisations through the typed client', () => {
  it('create sends ty=28 and the content under the specialisation root; the answer is typed', async () => {
    recorder.requests.length = 0;
    const created = await client().create(BinarySwitchDescriptor, 'cse-in/lamp', {
      rn: 'switch',
      cnd: 'org.onem2m.common.moduleclass.binarySwitch',
      state: true,
    });
    expectTypeOf(created).toEqualTypeOf<BinarySwitch>();
    expectTypeOf(created.state).toEqualTypeOf<boolean | undefined>();
    expect(created.state).toBe(true);
    const [request] = recorder.requests;
    expect(request?.headers['content-type']).toBe('application/json;ty=28');
    expect(JSON.parse(String(request?.body))).toEqual({
      'cod:binSh': { rn: 'switch', cnd: 'org.onem2m.common.moduleclass.binarySwitch', state: true },
    });
    // What ACME answers is a valid BinarySwitch.
    expect(validateBinarySwitch(ACME_SWITCH['cod:binSh']).issues).toEqual([]);
  });

  it('the generated CRUD functions and the CBOR encoding carry the same', async () => {
    recorder.requests.length = 0;
    const content: BinarySwitchCreate = { cnd: 'org.onem2m.common.moduleclass.binarySwitch', state: false };
    await createBinarySwitch(client('cbor'), 'cse-in/lamp', content);
    expect(decodeCbor(recorder.requests[0]?.body as Uint8Array)).toEqual({ 'cod:binSh': content });
    expect((await retrieveBinarySwitch(client(), 'cse-in/lamp/switch')).cnd).toBe(
      'org.onem2m.common.moduleclass.binarySwitch',
    );
  });

  it('type-checks the custom attributes of creates and updates', () => {
    const check = async (c: Client) => {
      // @ts-expect-error state is a boolean
      await c.create(BinarySwitchDescriptor, 'p', { cnd: 'org.onem2m.common.moduleclass.binarySwitch', state: 'on' });
      // @ts-expect-error the cnd of a binarySwitch is fixed
      await c.create(BinarySwitchDescriptor, 'p', { cnd: 'org.onem2m.common.device.deviceLight' });
      // @ts-expect-error red is not a binarySwitch attribute
      await c.update(BinarySwitchDescriptor, 'p', { red: 1 });
      // @ts-expect-error state (cardinality 1) cannot be reset with null
      await c.update(BinarySwitchDescriptor, 'p', { state: null });
      await c.update(BinarySwitchDescriptor, 'p', { state: true, dgt: null });
      expectTypeOf(await c.retrieve(DeviceLightDescriptor, 'p')).toHaveProperty('nodLk');
    };
    void check;
  });

  it('validators report the attribute, the rule and the fix', () => {
    const result = validateBinarySwitchCreate({ cnd: 'org.onem2m.common.device.deviceLight', state: 'on', colour: 1 });
    expect(result.issues.map((i) => [i.rule, i.attribute])).toEqual([
      ['unknown-attribute', 'colour'],
      ['data-type', 'cnd'],
      ['data-type', 'state'],
    ]);
    expect(result.issues[1]?.message).toBe(
      'BinarySwitch create: attribute \'cnd\' (containerDefinition) must be "org.onem2m.common.moduleclass.binarySwitch"; send a string.',
    );
    expect(validateBinarySwitchCreate({ state: true }).issues.map((i) => [i.rule, i.attribute])).toEqual([
      ['create-mandatory', 'cnd'],
    ]);
  });
});

describe('flexContainer specialisations in the codecs', () => {
  it('XML writes the specialisation root in its namespace and reads custom attributes back typed', () => {
    const content = {
      'cod:color': { rn: 'c', ty: 28, cnd: 'org.onem2m.common.moduleclass.colour', red: 255, green: 0, blue: 12 },
    };
    const xml = new TextDecoder().decode(xmlCodec.encode(content));
    expect(xml).toContain('<cod:color xmlns:cod="http://www.onem2m.org/xml/protocols/commondomain"');
    expect(xml).toContain('<red>255</red>');
    expect(xmlCodec.decode(new TextEncoder().encode(xml))).toEqual(content);
    const history = { 'cod:binShInst': { rn: 's_1', ty: 58, state: false, st: 1, cs: 5 } };
    expect(xmlCodec.decode(xmlCodec.encode(history))).toEqual(history);
  });

  it('CBOR and JSON round-trip specialisations unchanged', () => {
    for (const codec of [cborCodec, jsonCodec]) expect(codec.decode(codec.encode(ACME_SWITCH))).toEqual(ACME_SWITCH);
  });

  it('the long-name view names the specialisation and its custom attributes', () => {
    expect(toLongNames({ 'cod:binSh': { state: true, dgt: '20250102T030405', cnd: 'x' } })).toEqual({
      'cod:binarySwitch': { state: true, dataGenerationTime: '20250102T030405', containerDefinition: 'x' },
    });
  });
});
