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
  /** The container children of this resource (discovered, level 1). */
  containers(options?: ListOptions): Promise<Container[]> {
    return this.children(ContainerDescriptor, options);
  }
  /** The container at `path` (relative to this resource), or undefined when the CSE has none there. */
  findContainer(path: string, options?: RequestOptions): Promise<Container | undefined> {
    return this.find(ContainerDescriptor, path, options);
  }
  /** Get or create: the container named `name` below this resource, created with `content` when it does not exist. */
  container(name: string, content: Content<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.getOrCreate(ContainerDescriptor, name, content, options);
  }
  /** Creates a container below this resource; without `rn` in the content the CSE names it. */
  createContainer(content: CreateInput<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.create(ContainerDescriptor, content, options);
  }

  // groups
  /** The group children of this resource (discovered, level 1). */
  groups(options?: ListOptions): Promise<Group[]> {
    return this.children(GroupDescriptor, options);
  }
  /** The group at `path` (relative to this resource), or undefined when the CSE has none there. */
  findGroup(path: string, options?: RequestOptions): Promise<Group | undefined> {
    return this.find(GroupDescriptor, path, options);
  }
  /** Get or create: the group named `name` below this resource, created with `content` when it does not exist. */
  group(name: string, content: Content<'m2m:grp'>, options?: RequestOptions): Promise<Group> {
    return this.getOrCreate(GroupDescriptor, name, content, options);
  }
  /** Creates a group below this resource; without `rn` in the content the CSE names it. */
  createGroup(content: CreateInput<'m2m:grp'>, options?: RequestOptions): Promise<Group> {
    return this.create(GroupDescriptor, content, options);
  }

  // access control policies
  /** The access control policy children of this resource (discovered, level 1). */
  accessControlPolicies(options?: ListOptions): Promise<AccessControlPolicy[]> {
    return this.children(AccessControlPolicyDescriptor, options);
  }
  /** The access control policy at `path` (relative to this resource), or undefined when the CSE has none there. */
  findAccessControlPolicy(path: string, options?: RequestOptions): Promise<AccessControlPolicy | undefined> {
    return this.find(AccessControlPolicyDescriptor, path, options);
  }
  /** Get or create: the access control policy named `name` below this resource, created with `content` when it does not exist. */
  accessControlPolicy(
    name: string,
    content: Content<'m2m:acp'>,
    options?: RequestOptions,
  ): Promise<AccessControlPolicy> {
    return this.getOrCreate(AccessControlPolicyDescriptor, name, content, options);
  }
  /** Creates a access control policy below this resource; without `rn` in the content the CSE names it. */
  createAccessControlPolicy(content: CreateInput<'m2m:acp'>, options?: RequestOptions): Promise<AccessControlPolicy> {
    return this.create(AccessControlPolicyDescriptor, content, options);
  }

  // flexContainers and timeSeries
  /** The flexContainer children of this resource (discovered, level 1). */
  flexContainers(options?: ListOptions): Promise<FlexContainer[]> {
    return this.children(FlexContainerDescriptor, options);
  }
  /** The flexContainer at `path` (relative to this resource), or undefined when the CSE has none there. */
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
  /** The timeSeries children of this resource (discovered, level 1). */
  timeSeriesList(options?: ListOptions): Promise<TimeSeries[]> {
    return this.children(TimeSeriesDescriptor, options);
  }
  /** The timeSeries at `path` (relative to this resource), or undefined when the CSE has none there. */
  findTimeSeries(path: string, options?: RequestOptions): Promise<TimeSeries | undefined> {
    return this.find(TimeSeriesDescriptor, path, options);
  }
  /** Get or create: the timeSeries named `name` below this resource, created with `content` when it does not exist. */
  timeSeries(name: string, content: Content<'m2m:ts'> = {}, options?: RequestOptions): Promise<TimeSeries> {
    return this.getOrCreate(TimeSeriesDescriptor, name, content, options);
  }
}
