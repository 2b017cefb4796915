import { describe, expect, it } from 'vitest';
import { bundle, EVERYTHING_ENTRY, SLICE_ENTRY } from '../helpers/bundle.js';

describe('tree shaking', () => {
  it('a bundle using AE, CNT and CIN holds no other resource type and no other validator', async () => {
    const slice = await bundle(SLICE_ENTRY);
    const everything = await bundle(EVERYTHING_ENTRY);
    for (const other of ['subscription', 'firmware', 'access-control-policy', 'remote-cse', 'time-series']) {
      expect(everything.code).toContain(`schemas/resources/${other}.`);
      expect(slice.code).not.toContain(`schemas/resources/${other}.`);
    }
    for (const kept of ['ae', 'container', 'content-instance'])
      expect(slice.code).toContain(`schemas/resources/${kept}.`);
    expect(slice.bytes * 5).toBeLessThan(everything.bytes);
    expect(slice.code).not.toContain('schemas/flexcontainers/');
    expect(slice.code).not.toContain('cod:binSh');
  }, 60_000);

  it('a bundle using one specialisation holds no other specialisation', async () => {
    const one = await bundle(
      `import { createBinarySwitch, BinarySwitchDescriptor } from './generated/flexcontainers/binary-switch.gen.ts';
       import { validateBinarySwitchCreate } from './generated/flexcontainers/validators/binary-switch.gen.ts';
       export const used = [createBinarySwitch, BinarySwitchDescriptor, validateBinarySwitchCreate];`,
    );
    expect(one.code).toContain('schemas/flexcontainers/binary-switch.');
    for (const other of ['colour', 'device-light', 'temperature', 'three-d-printer'])
      expect(one.code).not.toContain(`schemas/flexcontainers/${other}.`);
    const all = await bundle(
      `export * from './generated/flexcontainers/index.gen.ts'; export * from './generated/flexcontainers/validators/index.gen.ts';`,
    );
    expect(one.bytes * 10).toBeLessThan(all.bytes);
  }, 60_000);

  it('importing only types and a descriptor pulls in no validation code', async () => {
    const { code } = await bundle(
      `import { ContainerDescriptor } from './generated/resources/container.gen.ts'; export const d = ContainerDescriptor;`,
    );
    expect(code).toContain('m2m:cnt');
    expect(code).not.toContain('instancePath');
  }, 60_000);
});
