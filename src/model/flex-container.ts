import type { SpecializationTypeMap, SpecializationTypeName } from '../../generated/flexcontainers/type-map.gen.js';
import { ContainerDescriptor } from '../../generated/resources/container.gen.js';
import { FlexContainerInstanceDescriptor } from '../../generated/resources/flex-container-instance.gen.js';
import { FlexContainerDescriptor } from '../../generated/resources/flex-container.gen.js';
import type { RequestOptions } from '../client/options.js';
import { isSpecialization } from '../codegen-api/specialization.js';
import type { Container } from './container.js';
import { instanceAt, oldestFirst } from './container.js';
import { ModelError } from './errors.js';
import type { GenericResource } from './generic-resource.js';
import { Resource, type ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { CreateInput, DescriptorOf } from './types.js';

type Content<N extends string> = Omit<CreateInput<N>, 'rn'>;

/** The specialisations the template nests under `N` (a device's module classes); any under a plain flexContainer. */
export type ChildSpecializationOf<N extends string> = N extends SpecializationTypeName
  ? SpecializationTypeMap[N]['children']
  : SpecializationTypeName;

/** The root name of the history entries of `N` (`cod:binShInst` for `cod:binSh`; `m2m:fci` for a plain one). */
export type InstanceTypeOf<N extends string> = N extends SpecializationTypeName
  ? SpecializationTypeMap[N]['instance']
  : 'm2m:fci';

/** Anything that can hold flexContainers: AE, CSEBase, FlexContainer. */
type FlexContainerParent = Pick<Resource<string>, 'typeName' | 'address' | 'getOrCreate'>;

/**
 * `parent.flexContainer(name, content)` (a plain `m2m:fcnt`) or `parent.flexContainer(descriptor,
 * name, content)` (a specialisation: cnd is filled in, the content is typed by it). Under a
 * specialisation, a specialised child must be one its template nests there.
 */
export async function flexContainerOf(
  parent: FlexContainerParent,
  typeOrName: DescriptorOf | string,
  nameOrContent: string | Readonly<Record<string, unknown>>,
  contentOrOptions?: Readonly<Record<string, unknown>> | RequestOptions,
  options?: RequestOptions,
): Promise<FlexContainer<string>> {
  if (typeof typeOrName === 'string') {
    // Through unknown: relating ModelOf<…> to FlexContainer<string> directly costs the checker seconds.
    const plain: Promise<unknown> = parent.getOrCreate(
      FlexContainerDescriptor,
      typeOrName,
      nameOrContent as Content<'m2m:fcnt'>,
      contentOrOptions as RequestOptions | undefined,
    );
    return plain as Promise<FlexContainer<string>>;
  }
  const type = typeOrName;
  if (!isSpecialization(type) || type.specializationOf !== FlexContainerDescriptor.typeName)
    throw new ModelError(`flexContainer() takes a flexContainer specialisation's descriptor, not ${type.name}`);
  const within = parent instanceof FlexContainer ? parent.specialization : undefined;
  if (within !== undefined && !type.parentTypes.includes(within)) {
    const owners = type.parentTypes.filter((p) => !p.startsWith('m2m:'));
    throw new ModelError(
      `a ${type.name} (${type.typeName}) is not part of a ${within} in the SDT templates (${parent.address}); ${
        owners.length > 0 ? `it belongs to ${owners.join(', ')}` : 'no specialisation holds it'
      }, or create it under a plain flexContainer, an AE or the CSEBase`,
    );
  }
  const content = { ...(type.cnd === undefined ? {} : { cnd: type.cnd }), ...(contentOrOptions as object | undefined) };
  const specialized: Promise<unknown> = parent.getOrCreate(type, nameOrContent as string, content as never, options);
  return specialized as Promise<FlexContainer<string>>;
}

/**
 * A flexContainer: a container whose own attributes are the data, defined by its
 * containerDefinition (cnd). `FlexContainer<'m2m:fcnt'>` is a plain one; a specialisation from
 * the SDT templates is typed by its root name, `FlexContainer<'cod:binSh'>` (a binarySwitch) with
 * the generated BinarySwitch attributes. Its children nest as the template says (a device's
 * module classes), and its history (<flexContainerInstance>, when fcied is true) is `instances()`.
 */
export class FlexContainer<N extends string = 'm2m:fcnt'> extends Resource<N> {
  static override readonly descriptor = FlexContainerDescriptor;

  constructor(
    session: Session,
    address: string,
    attributes: Readonly<Record<string, unknown>>,
    typeName: N = FlexContainerDescriptor.typeName as N,
  ) {
    super(session, typeName, address, attributes);
  }

  /** containerDefinition (cnd). */
  get cnd(): string {
    return String(this.get('cnd') ?? '');
  }

  /** The specialisation's root name (e.g. `cod:binSh`), undefined for a plain flexContainer. */
  get specialization(): string | undefined {
    return this.typeName === FlexContainerDescriptor.typeName ? undefined : this.typeName;
  }

  /** fcinEnabled (fcied): whether the CSE keeps this flexContainer's history. */
  get fcied(): boolean | undefined {
    return this.get('fcied') as boolean | undefined;
  }

  /** The child flexContainers, all of them or those of one specialisation. */
  flexContainers(options?: ListOptions): Promise<FlexContainer<string>[]>;
  flexContainers<M extends ChildSpecializationOf<N>>(
    type: DescriptorOf<M>,
    options?: ListOptions,
  ): Promise<FlexContainer<M>[]>;
  async flexContainers(
    typeOrOptions?: DescriptorOf | ListOptions,
    options?: ListOptions,
  ): Promise<FlexContainer<string>[]> {
    if (typeOrOptions !== undefined && 'typeName' in typeOrOptions) {
      const found = (await this.children(typeOrOptions, options)) as unknown as FlexContainer<string>[];
      return found.filter((f) => f.typeName === typeOrOptions.typeName);
    }
    return this.children(FlexContainerDescriptor, typeOrOptions) as Promise<FlexContainer<string>[]>;
  }

  /**
   * The child flexContainer named `name`, created if it does not exist: plain with `(name,
   * content)`, a specialisation with `(descriptor, name, content)`, which the template must nest here.
   */
  flexContainer(name: string, content: Content<'m2m:fcnt'>, options?: RequestOptions): Promise<FlexContainer>;
  flexContainer<M extends ChildSpecializationOf<N>>(
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

  /** The history (<flexContainerInstance> children), oldest first. */
  async instances(options?: ListOptions): Promise<GenericResource<InstanceTypeOf<N>>[]> {
    const found = await this.children(FlexContainerInstanceDescriptor, options);
    // ct may have 1-second resolution and lists may come newest first (Mobius): order as instances are.
    return oldestFirst(found, this.session.profile.listsNewestFirst) as unknown as GenericResource<InstanceTypeOf<N>>[];
  }

  /** The newest history entry (`<address>/la`), or undefined when there is none. */
  latestInstance(options?: RequestOptions): Promise<GenericResource<InstanceTypeOf<N>> | undefined> {
    return instanceAt(this as unknown as Resource, 'la', options);
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
