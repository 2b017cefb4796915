import { AEDescriptor } from '../../generated/resources/ae.gen.js';
import { CSEBaseDescriptor } from '../../generated/resources/cse-base.gen.js';
import { NodeDescriptor } from '../../generated/resources/node.gen.js';
import { RemoteCSEDescriptor } from '../../generated/resources/remote-cse.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { AE } from './ae.js';
import type { AERegistrationOptions } from './ae-registration.js';
import type { Node } from './node.js';
import type { RemoteCSE } from './remote-cse.js';
import { ApplicationParent } from './application-parent.js';
import type { ListOptions, Resource } from './resource.js';
import type { Session } from './session.js';
import type { CreateInput } from './types.js';

type Content<N extends string> = Omit<CreateInput<N>, 'rn'>;

/**
 * The CSEBase: the root of a CSE's resource tree, where AEs register and where navigation
 * starts. Get it from `session.cseBase()`, or from a RemoteCSE for another CSE.
 */
export class CSEBase extends ApplicationParent<'m2m:cb'> {
  static override readonly descriptor = CSEBaseDescriptor;
  #retrieved = true;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:cb', address, attributes);
  }

  /** A CSEBase object made without a request: only its name and CSE-ID are known. */
  static reference(session: Session): CSEBase {
    const cse = new CSEBase(session, session.cseBaseAddress, { ty: 5, rn: session.cseName, csi: session.cseId });
    cse.#retrieved = false;
    return cse;
  }

  /** Whether the attributes come from the CSE (false for `cseBase({ retrieve: false })` until retrieve()). */
  get retrieved(): boolean {
    return this.#retrieved;
  }

  override async retrieve(options?: RequestOptions): Promise<this> {
    await super.retrieve(options);
    this.#retrieved = true;
    return this;
  }

  /** CSE-ID (csi). */
  get csi(): string {
    return this.attributes.csi ?? this.session.cseId;
  }

  /** pointOfAccess (poa). */
  get poa(): readonly string[] {
    return this.attributes.poa ?? [];
  }

  /** supportedResourceType (srt). */
  get srt(): readonly number[] {
    return (this.attributes.srt as readonly number[] | undefined) ?? [];
  }

  /** The resource at `address` as its model class (CSE-relative addresses are on this CSE). */
  retrieveResource(address: string, options?: RequestOptions): Promise<Resource> {
    return this.session.retrieve(address, options);
  }

  // AEs
  /** The AE children of this resource (discovered, level 1). */
  aes(options?: ListOptions): Promise<AE[]> {
    return this.children(AEDescriptor, options);
  }
  /** The AE at `path` (relative to this resource), or undefined when the CSE has none there. */
  findAE(path: string, options?: RequestOptions): Promise<AE | undefined> {
    return this.find(AEDescriptor, path, options);
  }
  /** The AE named `name`, registered with `content` if it does not exist; the object speaks as the AE. */
  ae(name: string, content: Content<'m2m:ae'>, options?: AERegistrationOptions): Promise<AE> {
    return this.getOrCreate(AEDescriptor, name, content, options);
  }
  /** Registers an AE; fails when the name or the originator is taken. */
  createAE(content: CreateInput<'m2m:ae'>, options?: AERegistrationOptions): Promise<AE> {
    return this.create(AEDescriptor, content, options);
  }

  // remote CSEs (created by registering CSEs, not by applications)
  /** The remoteCSE children of this resource (discovered, level 1). */
  remoteCSEs(options?: ListOptions): Promise<RemoteCSE[]> {
    return this.children(RemoteCSEDescriptor, options);
  }
  /** The remoteCSE at `path` (relative to this resource), or undefined when the CSE has none there. */
  findRemoteCSE(path: string, options?: RequestOptions): Promise<RemoteCSE | undefined> {
    return this.find(RemoteCSEDescriptor, path, options);
  }

  // nodes
  /** The node children of this resource (discovered, level 1). */
  nodes(options?: ListOptions): Promise<Node[]> {
    return this.children(NodeDescriptor, options);
  }
  /** The node at `path` (relative to this resource), or undefined when the CSE has none there. */
  findNode(path: string, options?: RequestOptions): Promise<Node | undefined> {
    return this.find(NodeDescriptor, path, options);
  }
  /** Get or create: the node named `name` below this resource, created with `content` when it does not exist. */
  node(name: string, content: Content<'m2m:nod'>, options?: RequestOptions): Promise<Node> {
    return this.getOrCreate(NodeDescriptor, name, content, options);
  }
}
