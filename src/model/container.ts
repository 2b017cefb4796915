import { ContainerDescriptor } from '../../generated/resources/container.gen.js';
import { ContentInstanceDescriptor } from '../../generated/resources/content-instance.gen.js';
import { FlexContainerDescriptor } from '../../generated/resources/flex-container.gen.js';
import { TimeSeriesDescriptor } from '../../generated/resources/time-series.gen.js';
import type { RequestOptions } from '../client/options.js';
import { addressOfChild, childAddress } from './address.js';
import type { ContentInstance } from './content-instance.js';
import { encodeContent, JSON_TEXT, type ContentValue } from './content.js';
import type { FlexContainer } from './flex-container.js';
import { retrieveIfExists } from './requests.js';
import { Resource, type ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { TimeSeries } from './time-series.js';
import type { CreateInput } from './types.js';

type Content<N extends string> = Omit<CreateInput<N>, 'rn'>;

/** Options of addContent: any contentInstance attribute besides con (rn, lbl, cnf, …). */
export type AddContentOptions = Omit<CreateInput<'m2m:cin'>, 'con'> & { readonly request?: RequestOptions };

/**
 * Sorts instances oldest first by creation time. CSEs with 1-second clocks (Mobius) give many
 * instances the same ct; among those the stateTag (st) decides where both have one, else the
 * CSE's listing order, read the way the CSE lists:
 * where neighbours' times differ, the majority says whether it lists oldest or newest first, and
 * the profile's listsNewestFirst decides when no two times differ.
 */
export function oldestFirst<T extends Resource>(instances: readonly T[], listsNewestFirst: boolean): T[] {
  let rising = 0;
  let falling = 0;
  for (let i = 1; i < instances.length; i++) {
    const order = (instances[i - 1]?.ct ?? '').localeCompare(instances[i]?.ct ?? '');
    if (order < 0) rising++;
    else if (order > 0) falling++;
  }
  const newestFirst = rising === falling ? listsNewestFirst : falling > rising;
  // An instance's stateTag is its container's at its creation (TS-0001), so it orders equal times.
  const stateTag = (r: Resource): number | undefined => {
    const st = r.get('st');
    return typeof st === 'number' ? st : undefined;
  };
  return instances
    .map((r, i) => ({ r, i, st: stateTag(r) }))
    .sort(
      (a, b) =>
        (a.r.ct ?? '').localeCompare(b.r.ct ?? '') ||
        (a.st !== undefined && b.st !== undefined ? a.st - b.st : 0) ||
        (newestFirst ? b.i - a.i : a.i - b.i),
    )
    .map(({ r }) => r);
}

/**
 * Shared by containers and timeSeries: the instance at `<address>/la` or `/ol`, addressed by its
 * own name, or undefined when there is none.
 */
export async function instanceAt<R extends Resource>(
  parent: Resource,
  virtual: 'la' | 'ol',
  options?: RequestOptions,
): Promise<R | undefined> {
  const found = await retrieveIfExists(parent.session.client, childAddress(parent.address, virtual), options);
  if (!found) return undefined;
  const address = addressOfChild(parent.session, parent.address, found.attributes);
  return parent.session.materialize(found.typeName, address, found.attributes) as unknown as R;
}

/** A container of contentInstances (and of further containers). */
export class Container extends Resource<'m2m:cnt'> {
  static override readonly descriptor = ContainerDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:cnt', address, attributes);
  }

  /** maxNrOfInstances (mni). */
  get mni(): number | undefined {
    return this.attributes.mni;
  }
  /** maxByteSize (mbs). */
  get mbs(): number | undefined {
    return this.attributes.mbs;
  }
  /** maxInstanceAge (mia), seconds. */
  get mia(): number | undefined {
    return this.attributes.mia;
  }
  /** currentNrOfInstances (cni), as last seen. */
  get cni(): number {
    return this.attributes.cni;
  }
  /** currentByteSize (cbs), as last seen. */
  get cbs(): number {
    return this.attributes.cbs;
  }

  // sub-containers
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
  /** The flexContainer children of this resource (discovered, level 1). */
  flexContainers(options?: ListOptions): Promise<FlexContainer[]> {
    return this.children(FlexContainerDescriptor, options);
  }
  /** The timeSeries children of this resource (discovered, level 1). */
  timeSeriesList(options?: ListOptions): Promise<TimeSeries[]> {
    return this.children(TimeSeriesDescriptor, options);
  }

  // content
  /** The contentInstances, oldest first. */
  async contentInstances(options?: ListOptions): Promise<ContentInstance[]> {
    return oldestFirst(await this.children(ContentInstanceDescriptor, options), this.session.profile.listsNewestFirst);
  }
  /** The values of the contentInstances, oldest first (decoded, see ContentInstance.content). */
  async contents(options?: ListOptions): Promise<unknown[]> {
    return (await this.contentInstances(options)).map((cin) => cin.content);
  }
  /** The contentInstance at `path` (relative to this resource), or undefined when the CSE has none there. */
  findContentInstance(path: string, options?: RequestOptions): Promise<ContentInstance | undefined> {
    return this.find(ContentInstanceDescriptor, path, options);
  }

  /**
   * Adds a value as a new contentInstance, with a contentInfo that makes it read back as the same
   * type: text/plain:0 for strings, application/json:0 for numbers, booleans, null, objects and
   * arrays, application/octet-stream:1 (base64) for bytes. `cnf` in the options overrides it.
   * (XML cannot carry an empty content: an empty string goes as JSON text, empty bytes fail.)
   */
  addContent(value: ContentValue, options: AddContentOptions = {}): Promise<ContentInstance> {
    const { request, ...attributes } = options;
    // XML writes an empty string as an empty element, which reads as null: send it as JSON text.
    const xmlEmpty = value === '' && attributes.cnf === undefined && this.session.encoding === 'xml';
    const { con, cnf } = xmlEmpty ? { con: '""', cnf: JSON_TEXT } : encodeContent(value, attributes.cnf);
    return this.create(ContentInstanceDescriptor, { ...attributes, con, cnf }, request);
  }

  /** The newest contentInstance (`la`), or undefined for an empty container. */
  latestContentInstance(options?: RequestOptions): Promise<ContentInstance | undefined> {
    return instanceAt<ContentInstance>(this, 'la', options);
  }
  /** The oldest contentInstance (`ol`), or undefined for an empty container. */
  oldestContentInstance(options?: RequestOptions): Promise<ContentInstance | undefined> {
    return instanceAt<ContentInstance>(this, 'ol', options);
  }
  /** The newest value, or undefined for an empty container. */
  async latestContent(options?: RequestOptions): Promise<unknown> {
    return (await this.latestContentInstance(options))?.content;
  }
  /** The oldest value, or undefined for an empty container. */
  async oldestContent(options?: RequestOptions): Promise<unknown> {
    return (await this.oldestContentInstance(options))?.content;
  }
}
