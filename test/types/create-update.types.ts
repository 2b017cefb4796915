// Compiled by tsc in the test run (test/types.test.ts); every @ts-expect-error must be needed,
// so each line below fails the build if the generated types ever accept it.
import type { AECreate } from '../../generated/resources/ae.gen.js';
import type { Container, ContainerCreate, ContainerUpdate } from '../../generated/resources/container.gen.js';
import type { ContentInstanceUpdate } from '../../generated/resources/content-instance.gen.js';

export const okCreate: ContainerCreate = { rn: 'temp', mni: 10, lbl: ['a'] };
// @ts-expect-error cni is RO: create rule NP
export const withCni: ContainerCreate = { rn: 'temp', cni: 0 };
// @ts-expect-error ri is RO: create rule NP
export const withRi: ContainerCreate = { ri: 'cnt1' };

export const okAE: AECreate = { api: 'Nmyapp', rr: true, srv: ['3'] };
// @ts-expect-error api is mandatory (create rule M)
export const noApi: AECreate = { rr: true, srv: ['3'] };
// @ts-expect-error rr is mandatory (create rule M)
export const noRr: AECreate = { api: 'Nmyapp', srv: ['3'] };

export const okUpdate: ContainerUpdate = { mni: 5, lbl: null };
// @ts-expect-error rn is WO: update rule NP
export const withRn: ContainerUpdate = { rn: 'renamed' };

// @ts-expect-error a contentInstance cannot be updated at all
export const cinUpdate: ContentInstanceUpdate = {};

export function readOnly(container: Container): void {
  // @ts-expect-error RO attributes are readonly in the resource interface
  container.cni = 1;
  container.mni = 3;
}
