import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { ResponseError } from '../errors/index.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { resolvePath } from './children.js';
import { GroupDescriptor } from '../../generated/resources/group.gen.js';
import type { RequestOptions } from '../client/options.js';
import { cseRelative, childAddress } from './address.js';
import { mapConcurrently } from './concurrency.js';
import { readGroupResponse, type GroupResponse } from './group-results.js';
import { retrieveIfExists } from './requests.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';
import type { CreateInput, DescriptorOf, ModelOf, TypeName, UpdateInput } from './types.js';

/** Options of the fan-out methods: `path` below each member (`fopt/<path>`, e.g. `la`). */
export interface FanOutOptions extends RequestOptions {
  readonly path?: string;
}

/**
 * A group of resources. Its members are the resources named in mid; requests to its fan-out
 * point (`<group>/fopt`) go to every member, and each member's answer comes back on its own.
 */
export class Group extends Resource<'m2m:grp'> {
  static override readonly descriptor = GroupDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:grp', address, attributes);
  }

  /** memberIDs (mid). */
  get mid(): readonly string[] {
    return this.attributes.mid;
  }
  /** maxNrOfMembers (mnm). */
  get mnm(): number {
    return this.attributes.mnm;
  }
  /** currentNrOfMembers (cnm). */
  get cnm(): number {
    return this.attributes.cnm;
  }
  /** memberType (mt): a resource type, or 0 for mixed. */
  get mt(): number {
    return this.attributes.mt;
  }
  /** The address of the fan-out point. */
  get fanOutPoint(): string {
    return childAddress(this.address, 'fopt');
  }

  /** The members, each retrieved (members that no longer exist are left out). */
  async members(options?: RequestOptions): Promise<Resource[]> {
    const found = await mapConcurrently(this.mid, 8, (id) =>
      retrieveIfExists(this.session.client, this.session.resolveAddress(id), options),
    );
    return found.flatMap((r, i) =>
      r ? [this.session.materialize(r.typeName, this.session.resolveAddress(this.mid[i] as string), r.attributes)] : [],
    );
  }

  /** Adds members (objects or IDs) that are not members yet. */
  addMembers(members: ReadonlyArray<Resource | string>, options?: RequestOptions): Promise<this> {
    const ids = members.map((m) => (typeof m === 'string' ? m : m.referenceId));
    return this.update({ mid: [...this.mid, ...ids.filter((id) => !this.mid.includes(id))] }, options);
  }

  /** Removes members (objects or IDs). */
  removeMembers(members: ReadonlyArray<Resource | string>, options?: RequestOptions): Promise<this> {
    const ids = new Set(members.map((m) => (typeof m === 'string' ? m : m.referenceId)));
    return this.update({ mid: this.mid.filter((id) => !ids.has(id)) }, options);
  }

  /** RETRIEVE of every member (or of `path` below each). */
  getGroupResources(options: FanOutOptions = {}): Promise<GroupResponse> {
    return this.#fanOut(Operation.Retrieve, options, undefined, 'self');
  }

  /** CREATE of a resource of `type` under every member (or under `path` below each). */
  createGroupResources<M extends TypeName>(
    type: DescriptorOf<M>,
    content: CreateInput<M>,
    options: FanOutOptions = {},
  ): Promise<GroupResponse<ModelOf<M>>> {
    const pc = { [type.typeName]: type.mgd === undefined ? content : { mgd: type.mgd, ...content } };
    return this.#fanOut(Operation.Create, options, { ty: type.ty, pc }, 'child') as Promise<GroupResponse<ModelOf<M>>>;
  }

  /** UPDATE of every member (or of `path` below each) with `changes` of the members' type. */
  updateGroupResources<M extends TypeName>(
    type: DescriptorOf<M>,
    changes: UpdateInput<M>,
    options: FanOutOptions = {},
  ): Promise<GroupResponse<ModelOf<M>>> {
    return this.#fanOut(Operation.Update, options, { pc: { [type.typeName]: changes } }, 'self') as Promise<
      GroupResponse<ModelOf<M>>
    >;
  }

  /** DELETE of every member (or of `path` below each). The group itself stays. */
  deleteGroupResources(options: FanOutOptions = {}): Promise<GroupResponse> {
    return this.#fanOut(Operation.Delete, options, undefined, 'self');
  }

  async #fanOut(
    op: Operation,
    options: FanOutOptions,
    extra: { ty?: number; pc?: Record<string, unknown> } | undefined,
    result: 'self' | 'child',
  ): Promise<GroupResponse> {
    const { path, ...request } = options;
    const content =
      path && !this.session.profile.fanOutPath
        ? await this.#eachMember(op, path, request, extra)
        : await this.#throughFanOutPoint(op, path, request, extra);
    return readGroupResponse(content, this.mid, this.session.cseId, (typeName, attributes, member) =>
      this.session.materialize(typeName, this.#addressOf(attributes, member, path, result), attributes),
    );
  }

  async #throughFanOutPoint(
    op: Operation,
    path: string | undefined,
    request: RequestOptions,
    extra: { ty?: number; pc?: Record<string, unknown> } | undefined,
  ): Promise<PrimitiveContent | undefined> {
    const target = path ? childAddress(this.fanOutPoint, path) : this.fanOutPoint;
    const primitive = this.session.client.buildRequest(op, target, request, extra ?? {});
    return (await this.session.client.send(primitive, request)).pc;
  }

  /**
   * What `<group>/fopt/<path>` would do, for a CSE that fans out only at `fopt` itself (the
   * profile's fanOutPath false, Mobius): the request is sent to `<member>/<path>` of each member,
   * and the members' answers are read as the CSE's m2m:agr would be.
   */
  async #eachMember(
    op: Operation,
    path: string,
    request: RequestOptions,
    extra: { ty?: number; pc?: Record<string, unknown> } | undefined,
  ): Promise<PrimitiveContent> {
    const { session } = this;
    const responses = await mapConcurrently(this.mid, 8, async (member): Promise<ResponsePrimitive> => {
      try {
        const target = await resolvePath(session, session.resolveAddress(member), path, request);
        if (target === undefined)
          return {
            rsc: ResponseStatusCode.NotFound,
            rqi: '',
            fr: member,
            pc: { 'm2m:dbg': `${member} has no ${path}` },
          };
        const primitive = session.client.buildRequest(op, target, request, extra ?? {});
        return { ...(await session.client.send(primitive, request)), fr: member };
      } catch (error) {
        if (error instanceof ResponseError) return { ...error.response, fr: member };
        throw error;
      }
    });
    return { 'm2m:agr': { 'm2m:rsp': responses } };
  }

  /**
   * A member result's address: the member itself, or the created child below a structured member
   * address; otherwise (results below a path, unstructured member IDs) the resource ID.
   */
  #addressOf(
    attributes: Readonly<Record<string, unknown>>,
    member: string | undefined,
    path: string | undefined,
    result: 'self' | 'child',
  ): string {
    const ri = this.session.resolveAddress(String(attributes['ri'] ?? ''));
    if (member === undefined || path) return ri;
    const base = this.session.resolveAddress(member);
    if (result === 'self') return base;
    const relative = cseRelative(member, this.session.cseId);
    const structured =
      relative !== undefined && (relative.startsWith(`${this.session.cseName}/`) || relative.startsWith('-/'));
    const rn = attributes['rn'];
    return structured && typeof rn === 'string' ? childAddress(base, rn) : ri;
  }
}
