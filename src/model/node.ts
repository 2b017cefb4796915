import { MgmtObjDescriptor } from '../../generated/resources/mgmt-obj.gen.js';
import { NodeDescriptor } from '../../generated/resources/node.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { MgmtObj } from './mgmt-obj.js';
import { Resource, type ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { CreateInput, DescriptorOf, MgmtTypeName, ModelOf } from './types.js';

/** A node: the device a CSE or AE runs on, holding its management objects. */
export class Node extends Resource<'m2m:nod'> {
  static override readonly descriptor = NodeDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:nod', address, attributes);
  }

  /** nodeID (ni). */
  get ni(): string {
    return this.attributes.ni;
  }

  /** All management objects under the node, each typed by its specialisation. */
  mgmtObjs(options?: ListOptions): Promise<MgmtObj[]> {
    return this.children(MgmtObjDescriptor, options) as Promise<MgmtObj[]>;
  }

  /** The management objects of one specialisation (e.g. FirmwareDescriptor). */
  mgmtObjsOf<M extends MgmtTypeName>(type: DescriptorOf<M>, options?: ListOptions): Promise<ModelOf<M>[]> {
    return this.children(type, options);
  }

  /** The management object at `path` (relative to this resource), or undefined when the CSE has none there. */
  findMgmtObj<M extends MgmtTypeName>(
    type: DescriptorOf<M>,
    path: string,
    options?: RequestOptions,
  ): Promise<ModelOf<M> | undefined> {
    return this.find(type, path, options);
  }

  /** The management object named `name`, created with `content` if missing (mgd is filled in). */
  mgmtObj<M extends MgmtTypeName>(
    type: DescriptorOf<M>,
    name: string,
    content: Omit<CreateInput<M>, 'rn'>,
    options?: RequestOptions,
  ): Promise<ModelOf<M>> {
    return this.getOrCreate(type, name, content, options);
  }

  /** Creates a management object below this resource; without `rn` in the content the CSE names it. */
  createMgmtObj<M extends MgmtTypeName>(
    type: DescriptorOf<M>,
    content: CreateInput<M>,
    options?: RequestOptions,
  ): Promise<ModelOf<M>> {
    return this.create(type, content, options);
  }
}
