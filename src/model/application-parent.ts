import { AccessControlPolicyDescriptor } from '../../generated/resources/access-control-policy.gen.js';
import { ContainerDescriptor } from '../../generated/resources/container.gen.js';
import { FlexContainerDescriptor } from '../../generated/resources/flex-container.gen.js';
import { GroupDescriptor } from '../../generated/resources/group.gen.js';
import { TimeSeriesDescriptor } from '../../generated/resources/time-series.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { AccessControlPolicy } from './access-control-policy.js';
import type { Container } from './container.js';
import type { SpecializationTypeName } from '../../generated/flexcontainers/type-map.gen.js';
import { flexContainerOf, type FlexContainer } from './flex-container.js';
import type { Group } from './group.js';
import { Resource, type ListOptions } from './resource.js';
import type { TimeSeries } from './time-series.js';
import type { CreateInput, DescriptorOf } from './types.js';

type Content<N extends string> = Omit<CreateInput<N>, 'rn'>;

/**
 * What an AE and a CSEBase both hold as applications' resources: containers, groups, access
 * control policies, flexContainers and timeSeries, each with list / find / get-or-create / create.
 */
export abstract class ApplicationParent<N extends 'm2m:ae' | 'm2m:cb'> extends Resource<N> {
  // containers
  containers(options?: ListOptions): Promise<Container[]> {
    return this.children(ContainerDescriptor, options);
  }
  findContainer(path: string, options?: RequestOptions): Promise<Container | undefined> {
    return this.find(ContainerDescriptor, path, options);
  }
  container(name: string, content: Content<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.getOrCreate(ContainerDescriptor, name, content, options);
  }
  createContainer(content: CreateInput<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.create(ContainerDescriptor, content, options);
  }

  // groups
  groups(options?: ListOptions): Promise<Group[]> {
    return this.children(GroupDescriptor, options);
  }
  findGroup(path: string, options?: RequestOptions): Promise<Group | undefined> {
    return this.find(GroupDescriptor, path, options);
  }
  group(name: string, content: Content<'m2m:grp'>, options?: RequestOptions): Promise<Group> {
    return this.getOrCreate(GroupDescriptor, name, content, options);
  }
  createGroup(content: CreateInput<'m2m:grp'>, options?: RequestOptions): Promise<Group> {
    return this.create(GroupDescriptor, content, options);
  }

  // access control policies
  accessControlPolicies(options?: ListOptions): Promise<AccessControlPolicy[]> {
    return this.children(AccessControlPolicyDescriptor, options);
  }
  findAccessControlPolicy(path: string, options?: RequestOptions): Promise<AccessControlPolicy | undefined> {
    return this.find(AccessControlPolicyDescriptor, path, options);
  }
  accessControlPolicy(
    name: string,
    content: Content<'m2m:acp'>,
    options?: RequestOptions,
  ): Promise<AccessControlPolicy> {
    return this.getOrCreate(AccessControlPolicyDescriptor, name, content, options);
  }
  createAccessControlPolicy(content: CreateInput<'m2m:acp'>, options?: RequestOptions): Promise<AccessControlPolicy> {
    return this.create(AccessControlPolicyDescriptor, content, options);
  }

  // flexContainers and timeSeries
  flexContainers(options?: ListOptions): Promise<FlexContainer[]> {
    return this.children(FlexContainerDescriptor, options);
  }
  findFlexContainer(path: string, options?: RequestOptions): Promise<FlexContainer | undefined> {
    return this.find(FlexContainerDescriptor, path, options);
  }
  /** The flexContainer named `name`, created if missing: plain `(name, content)`, or a specialisation `(BinarySwitchDescriptor, name, content)`. */
  flexContainer(name: string, content: Content<'m2m:fcnt'>, options?: RequestOptions): Promise<FlexContainer>;
  flexContainer<M extends SpecializationTypeName>(
    type: DescriptorOf<M>,
    name: string,
    content?: Content<M>,
    options?: RequestOptions,
  ): Promise<FlexContainer<M>>;
  flexContainer(
    typeOrName: DescriptorOf | string,
    nameOrContent: string | Readonly<Record<string, unknown>>,
    contentOrOptions?: Readonly<Record<string, unknown>> | RequestOptions,
    options?: RequestOptions,
  ): Promise<FlexContainer<string>> {
    return flexContainerOf(this, typeOrName, nameOrContent, contentOrOptions, options);
  }
  timeSeriesList(options?: ListOptions): Promise<TimeSeries[]> {
    return this.children(TimeSeriesDescriptor, options);
  }
  findTimeSeries(path: string, options?: RequestOptions): Promise<TimeSeries | undefined> {
    return this.find(TimeSeriesDescriptor, path, options);
  }
  timeSeries(name: string, content: Content<'m2m:ts'> = {}, options?: RequestOptions): Promise<TimeSeries> {
    return this.getOrCreate(TimeSeriesDescriptor, name, content, options);
  }
}
