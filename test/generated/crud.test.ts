import { describe, expect, it } from 'vitest';
import * as model from '../../generated/index.gen.js';
import {
  ContainerDescriptor,
  createContainer,
  deleteContainer,
  retrieveContainer,
  updateContainer,
} from '../../generated/resources/container.gen.js';
import type { Container } from '../../generated/resources/container.gen.js';
import { createFirmware } from '../../generated/resources/firmware.gen.js';
import type { ResourceDescriptor, ResourceExecutor } from '../../src/codegen-api/index.js';

interface Call {
  readonly op: string;
  readonly descriptor: ResourceDescriptor;
  readonly address: string;
  readonly content?: object;
  readonly options?: { readonly rqi: string };
}

/** An executor that records each call and answers with a canned resource. */
function fakeExecutor(answer: unknown) {
  const calls: Call[] = [];
  const executor: ResourceExecutor<{ readonly rqi: string }> = {
    create: async (descriptor, address, content, options) => (
      calls.push({ op: 'create', descriptor, address, content, ...(options ? { options } : {}) }), answer
    ),
    retrieve: async (descriptor, address, options) => (
      calls.push({ op: 'retrieve', descriptor, address, ...(options ? { options } : {}) }), answer
    ),
    update: async (descriptor, address, content, options) => (
      calls.push({ op: 'update', descriptor, address, content, ...(options ? { options } : {}) }), answer
    ),
    delete: async (descriptor, address, options) =>
      void calls.push({ op: 'delete', descriptor, address, ...(options ? { options } : {}) }),
  };
  return { executor, calls };
}

const stored = {
  rn: 'temp',
  ty: 3,
  ri: 'cnt1',
  pi: 'CAdmin',
  ct: '20250101T000000',
  lt: '20250101T000000',
  et: '20300101T000000',
  st: 0,
  cni: 0,
  cbs: 0,
} satisfies Container;

describe('generated CRUD functions', () => {
  it('delegate to the executor with the descriptor, address, content and options', async () => {
    const { executor, calls } = fakeExecutor(stored);
    const created = await createContainer(executor, 'cse-in/CAdmin', { rn: 'temp', mni: 10 }, { rqi: 'r1' });
    expect(created).toBe(stored);
    await retrieveContainer(executor, 'cse-in/CAdmin/temp');
    await updateContainer(executor, 'cse-in/CAdmin/temp', { mni: 5, lbl: null }, { rqi: 'r3' });
    await deleteContainer(executor, 'cse-in/CAdmin/temp');
    expect(calls).toEqual([
      {
        op: 'create',
        descriptor: ContainerDescriptor,
        address: 'cse-in/CAdmin',
        content: { rn: 'temp', mni: 10 },
        options: { rqi: 'r1' },
      },
      { op: 'retrieve', descriptor: ContainerDescriptor, address: 'cse-in/CAdmin/temp' },
      {
        op: 'update',
        descriptor: ContainerDescriptor,
        address: 'cse-in/CAdmin/temp',
        content: { mni: 5, lbl: null },
        options: { rqi: 'r3' },
      },
      { op: 'delete', descriptor: ContainerDescriptor, address: 'cse-in/CAdmin/temp' },
    ]);
  });

  it('carry ty, mgd and the root key in the descriptor', async () => {
    const { executor, calls } = fakeExecutor({});
    await createFirmware(executor, 'cse-in/node1', {
      mgd: 1001,
      vr: '1.0',
      fwn: 'fw',
      url: 'http://example.net/fw',
      ud: false,
      dc: 'firmware',
    });
    expect(calls[0]?.descriptor).toMatchObject({ ty: 13, mgd: 1001, typeName: 'm2m:fwr', name: 'Firmware' });
    expect(ContainerDescriptor.attributes.cni).toEqual({
      longName: 'currentNrOfInstances',
      mode: 'RO',
      create: 'NP',
      update: 'NP',
      cardinality: '1',
      dataType: 'nonNegInteger',
    });
  });

  it('exist only for the operations a type allows', () => {
    const exported = model as Record<string, unknown>;
    expect(exported['createCSEBase']).toBeUndefined();
    expect(exported['deleteCSEBase']).toBeUndefined();
    expect(exported['retrieveCSEBase']).toBeTypeOf('function');
    expect(exported['updateContentInstance']).toBeUndefined();
    expect(exported['createContentInstance']).toBeTypeOf('function');
    for (const row of model.resourceTypeTable) {
      const descriptor = exported[`${row.name}Descriptor`] as ResourceDescriptor;
      expect(descriptor.typeName).toBe(row.typeName);
      for (const op of ['create', 'update', 'delete'] as const) {
        expect(typeof exported[`${op}${row.name}`], `${op}${row.name}`).toBe(
          descriptor.operations[op] ? 'function' : 'undefined',
        );
      }
    }
  });

  it('expose enumerations by name and value', () => {
    expect(model.ResponseStatusCode.NotFound).toBe(4004);
    expect(model.ResponseStatusCodeNames[4004]).toBe('NotFound');
    expect(model.ResultContent.AttributesAndChildResources).toBe(4);
    expect(model.attributeLongNames.cni).toBe('currentNrOfInstances');
    expect(model.attributeShortNames.currentNrOfInstances).toBe('cni');
  });
});
