import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BinarySwitchDescriptor,
  ColourDescriptor,
  DeviceLightDescriptor,
  ThreeDPrinterDescriptor,
  ToggleDescriptor,
} from '../../generated/flexcontainers/index.gen.js';
import { FlexContainerDescriptor } from '../../generated/index.gen.js';
import { FlexContainer, type GenericResource, isModelError } from '../../src/model/index.js';
import { ENCODINGS, sessionFor, unique, useCse } from './helpers.js';

// The object model's FlexContainer typed by its specialisation, nested as the SDT templates say.

const cse = useCse();

for (const encoding of ENCODINGS) {
  describe(`flexContainer specialisations in the model (${encoding})`, () => {
    it('creates a device with modules, typed by their descriptors, cnd filled in, and updates a module', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('lampAE'), { api: 'Nlamp', rr: false, srv: ['3'] });
      const lamp = await ae.flexContainer(DeviceLightDescriptor, 'lamp');
      expectTypeOf(lamp).toEqualTypeOf<FlexContainer<'cod:devLt'>>();
      expect([lamp.typeName, lamp.specialization, lamp.cnd]).toEqual([
        'cod:devLt',
        'cod:devLt',
        'org.onem2m.common.device.deviceLight',
      ]);
      const power = await lamp.flexContainer(BinarySwitchDescriptor, 'switch', { state: false });
      expectTypeOf(power.attributes.state).toEqualTypeOf<boolean | undefined>();
      expect(power.attributes.state).toBe(false);
      const colour = await lamp.flexContainer(ColourDescriptor, 'colour', { red: 255, green: 200, blue: 0 });
      expect(colour.attributes).toMatchObject({ red: 255, green: 200, blue: 0 });

      await power.update({ state: true });
      expect(power.attributes.state).toBe(true);
      // The CSE's copy, materialised anew, is the same typed specialisation.
      const again = await lamp.find(BinarySwitchDescriptor, 'switch');
      expect(again).toBeInstanceOf(FlexContainer);
      expect(again?.attributes.state).toBe(true);
      // get-or-create finds what exists.
      expect((await lamp.flexContainer(BinarySwitchDescriptor, 'switch', { state: false })).ri).toBe(power.ri);
      // Listing by specialisation keeps only that specialisation.
      expect((await lamp.flexContainers(BinarySwitchDescriptor)).map((f) => f.ri)).toEqual([power.ri]);
      expect((await lamp.flexContainers()).map((f) => f.typeName).sort()).toEqual(['cod:binSh', 'cod:color']);
      // A module nests its actions.
      const toggle = await power.flexContainer(ToggleDescriptor, 'toggle');
      expect(toggle.typeName).toBe('cod:togge');
      await ae.delete();
    });

    it('refuses a module the template does not nest in the device, before sending anything', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('lampAE'), { api: 'Nlamp', rr: false, srv: ['3'] });
      const lamp = await ae.flexContainer(DeviceLightDescriptor, 'lamp');
      const error = await lamp
        // @ts-expect-error a deviceLight holds no threeDPrinter
        .flexContainer(ThreeDPrinterDescriptor, 'printer', {})
        .catch((e: unknown) => e);
      expect(isModelError(error)).toBe(true);
      expect(String(error)).toMatch(/ThreeDPrinter \(cod:thDPr\) is not part of a cod:devLt/);
      expect(await lamp.flexContainers()).toEqual([]);
      // A plain flexContainer, an AE and the CSEBase take any specialisation.
      const plain = await ae.flexContainer('plain', { cnd: 'org.example.any' });
      expect((await plain.flexContainer(ThreeDPrinterDescriptor, 'printer')).typeName).toBe('cod:thDPr');
      // @ts-expect-error a content attribute of another specialisation
      await ae.flexContainer(BinarySwitchDescriptor, 'sw', { red: 1 }).catch(() => undefined);
      await ae.delete();
    });

    it('keeps the history when fcied is true, typed by the instance variant', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('histAE'), { api: 'Nhist', rr: false, srv: ['3'] });
      const power = await ae.flexContainer(BinarySwitchDescriptor, 'switch', { state: false, fcied: true, mni: 5 });
      await power.update({ state: true });
      await power.update({ state: false });
      const history = await power.instances();
      expectTypeOf(history).toEqualTypeOf<GenericResource<'cod:binShInst'>[]>();
      expect(history.map((h) => [h.typeName, h.attributes.state])).toEqual([
        ['cod:binShInst', false],
        ['cod:binShInst', true],
        ['cod:binShInst', false],
      ]);
      expect((await power.latestInstance())?.attributes.state).toBe(false);
      await ae.delete();
    });
  });
}

it('a resource reached without its descriptor is still a FlexContainer of its specialisation', async () => {
  const session = sessionFor(cse.current, 'json');
  const cb = await session.cseBase();
  const name = unique('lamp');
  const lamp = await cb.flexContainer(DeviceLightDescriptor, name);
  const found = await session.retrieve(lamp.address);
  expect(found).toBeInstanceOf(FlexContainer);
  expect([found.typeName, (found as FlexContainer<string>).specialization]).toEqual(['cod:devLt', 'cod:devLt']);
  // Plain flexContainers stay plain.
  const plain = await cb.flexContainer(unique('plain'), { cnd: 'org.example.any' });
  expect([plain.typeName, plain.specialization, plain.descriptor]).toEqual([
    'm2m:fcnt',
    undefined,
    FlexContainerDescriptor,
  ]);
  await lamp.delete();
  await plain.delete();
});
