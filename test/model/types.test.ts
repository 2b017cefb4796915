import { expectTypeOf, it } from 'vitest';
import { ContentInstanceDescriptor, FirmwareDescriptor, type ResourceType } from '../../generated/index.gen.js';
import {
  acr,
  type AE,
  type Container,
  type ContentInstance,
  type FlexContainer,
  type GenericResource,
  type Group,
  type GroupResponse,
  type MgmtObj,
  type ModelOf,
  type Resource,
  type Subscription,
} from '../../src/model/index.js';

// Compile-time checks (tsc runs over test/): what the model's methods return and refuse.
it('types follow the descriptors', () => {
  expectTypeOf<ModelOf<'m2m:ae'>>().toEqualTypeOf<AE>();
  expectTypeOf<ModelOf<'m2m:fwr'>>().toEqualTypeOf<MgmtObj<'m2m:fwr'>>();
  expectTypeOf<ModelOf<'m2m:sch'>>().toEqualTypeOf<GenericResource<'m2m:sch'>>();
  expectTypeOf<ModelOf<'cod:tempe'>>().toEqualTypeOf<FlexContainer<'cod:tempe'>>();
  expectTypeOf<ModelOf<'acme:custom'>>().toEqualTypeOf<GenericResource<'acme:custom'>>();

  const check = async (ae: AE, cnt: Container, grp: Group): Promise<void> => {
    expectTypeOf(await ae.container('x')).toEqualTypeOf<Container>();
    expectTypeOf(await cnt.subscribe()).toEqualTypeOf<Subscription>();
    expectTypeOf(await cnt.discover({ ty: [4 as ResourceType] })).toEqualTypeOf<Resource[]>();
    expectTypeOf(await cnt.discover({}, { type: ContentInstanceDescriptor })).toEqualTypeOf<ContentInstance[]>();
    expectTypeOf(await cnt.latestContentInstance()).toEqualTypeOf<ContentInstance | undefined>();
    expectTypeOf(await grp.createGroupResources(ContentInstanceDescriptor, { con: 'x' })).toEqualTypeOf<
      GroupResponse<ContentInstance>
    >();
    expectTypeOf(cnt.attributes.cni).toEqualTypeOf<number>();
    expectTypeOf(ae.attributes.aei).toEqualTypeOf<string>();
    const node = await ae.session.cseBase().then((cb) => cb.node('n', { ni: 'x' }));
    const fw = await node.mgmtObj(FirmwareDescriptor, 'fw', { vr: '1', fwn: 'f', url: 'u', ud: false });
    expectTypeOf(fw.attributes.vr).toEqualTypeOf<string>();

    // @ts-expect-error resourceName cannot be updated
    await cnt.update({ rn: 'renamed' });
    // @ts-expect-error currentNrOfInstances is read-only
    await cnt.update({ cni: 1 });
    // @ts-expect-error an AE needs api, rr and srv
    await ae.session.cseBase().then((cb) => cb.ae('x', { rr: true }));
    // @ts-expect-error con is not a container attribute
    await ae.container('x', { con: 'x' });
    // @ts-expect-error not an access control operation
    acr({ originators: ['a'], operations: ['read'] });
  };
  void check;
});
