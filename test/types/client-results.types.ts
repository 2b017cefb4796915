// Compiled by tsc in the test run (test/types.test.ts): the client's return type follows the
// result content asked for, and content is checked against the descriptor's create/update types.
import type { ListOfChildResourceRef } from '../../generated/index.gen.js';
import {
  AEDescriptor,
  ContainerDescriptor,
  ContentInstanceDescriptor,
  type AE,
  type Container,
  type ContentInstance,
} from '../../generated/index.gen.js';
import type { Client } from '../../src/client/Client.js';
import type {
  ChildResources,
  ResourceWithAddress,
  WithChildReferences,
  WithChildResources,
} from '../../src/client/result-content.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(_: Equal<A, B>) => undefined;

export async function results(client: Client): Promise<void> {
  same<Container, Awaited<ReturnType<typeof client.retrieve<typeof ContainerDescriptor>>>>(true);
  const plain = await client.retrieve(ContainerDescriptor, 'cse-in/a/c');
  same<Container, typeof plain>(true);
  same<WithChildResources<Container>, Awaited<typeof withChildren>>(true);
  const withChildren = client.retrieve(ContainerDescriptor, 'cse-in/a/c', { rcn: 4 });
  same<WithChildReferences<Container>, Awaited<ReturnType<typeof refs>>>(true);
  const refs = () => client.retrieve(ContainerDescriptor, 'x', { rcn: 5 });
  same<ListOfChildResourceRef, Awaited<ReturnType<typeof childRefs>>>(true);
  const childRefs = () => client.retrieve(ContainerDescriptor, 'x', { rcn: 6 });
  same<ChildResources, Awaited<ReturnType<typeof children>>>(true);
  const children = () => client.retrieve(ContainerDescriptor, 'x', { rcn: 8 });
  const latest: ContentInstance = await client.retrieve(ContentInstanceDescriptor, 'cse-in/a/c/la');
  void latest;

  const ae: AE = await client.create(AEDescriptor, 'cse-in', { api: 'Nx', rr: false, srv: ['3'] });
  void ae;
  const uri: string = await client.create(ContainerDescriptor, 'cse-in/a', { rn: 'c' }, { rcn: 2 });
  void uri;
  same<ResourceWithAddress<Container>, Awaited<ReturnType<typeof both>>>(true);
  const both = () => client.create(ContainerDescriptor, 'x', {}, { rcn: 3 });
  same<undefined, Awaited<ReturnType<typeof nothing>>>(true);
  const nothing = () => client.create(ContainerDescriptor, 'x', {}, { rcn: 0 });
  same<Partial<Container>, Awaited<ReturnType<typeof modified>>>(true);
  const modified = () => client.update(ContainerDescriptor, 'x', { mni: 1 }, { rcn: 9 });
  same<undefined, Awaited<ReturnType<typeof deleted>>>(true);
  const deleted = () => client.delete(ContainerDescriptor, 'x');
  same<Container, Awaited<ReturnType<typeof deletedResource>>>(true);
  const deletedResource = () => client.delete(ContainerDescriptor, 'x', { rcn: 1 });

  // @ts-expect-error cni is not permitted in a container create
  await client.create(ContainerDescriptor, 'cse-in/a', { rn: 'c', cni: 1 });
  // @ts-expect-error rn cannot be updated
  await client.update(ContainerDescriptor, 'cse-in/a/c', { rn: 'd' });
  // @ts-expect-error a contentInstance cannot be updated
  await client.update(ContentInstanceDescriptor, 'cse-in/a/c/i', {});
  const wrong = await client.retrieve(ContainerDescriptor, 'x', { rcn: 2 });
  // @ts-expect-error rcn 2 is not a retrieve result content; the value is unusable
  wrong.mni;
  // @ts-expect-error 13 is not a result content at all
  await client.retrieve(ContainerDescriptor, 'x', { rcn: 13 });
}
