import { ContainerDescriptor } from '../../generated/resources/container.gen.js';
import { FlexContainerDescriptor } from '../../generated/resources/flex-container.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { Container } from './container.js';
import { Resource, type ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { CreateInput } from './types.js';

type Content<N extends string> = Omit<CreateInput<N>, 'rn'>;

/**
 * A flexContainer (`m2m:fcnt`): a container whose own attributes are the data, defined by its
 * containerDefinition (cnd). Specialisations with their own root names are GenericResources.
 */
export class FlexContainer extends Resource<'m2m:fcnt'> {
  static override readonly descriptor = FlexContainerDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:fcnt', address, attributes);
  }

  /** containerDefinition (cnd). */
  get cnd(): string {
    return this.attributes.cnd;
  }

  /** The flexContainer children of this resource (discovered, level 1). */
  flexContainers(options?: ListOptions): Promise<FlexContainer[]> {
    return this.children(FlexContainerDescriptor, options);
  }
  /** Get or create: the flexContainer named `name` below this resource, created with `content` when it does not exist. */
  flexContainer(name: string, content: Content<'m2m:fcnt'>, options?: RequestOptions): Promise<FlexContainer> {
    return this.getOrCreate(FlexContainerDescriptor, name, content, options);
  }
  /** The container children of this resource (discovered, level 1). */
  containers(options?: ListOptions): Promise<Container[]> {
    return this.children(ContainerDescriptor, options);
  }
  /** Get or create: the container named `name` below this resource, created with `content` when it does not exist. */
  container(name: string, content: Content<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.getOrCreate(ContainerDescriptor, name, content, options);
  }
}
