import { NotificationContentType } from '../../generated/enums/notification-content-type.gen.js';
import { NotificationEventType } from '../../generated/enums/notification-event-type.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { resourceTypeTable } from '../../generated/registry.gen.js';
import { SubscriptionDescriptor } from '../../generated/resources/subscription.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
import { isSpecialization } from '../codegen-api/specialization.js';
import { isResponseError } from '../errors/index.js';
import { defaultNotificationEndpoint } from '../notifications/endpoint.js';
import type { NotificationCallback } from '../notifications/event.js';
import { contentTypeValue, eventTypeValue } from '../notifications/event-types.js';
import type { AccessControlPolicy } from './access-control-policy.js';
import { addressOfChild } from './address.js';
import { childReferences, referenceAddress, resolvePath } from './children.js';
import { notificationTarget } from './notification-target.js';
import { registerAE, type AERegistrationOptions } from './ae-registration.js';
import { mapConcurrently } from './concurrency.js';
import { changedAttributes, frozenCopy } from './diff.js';
import { ModelError } from './errors.js';
import { describeResource, resourceTypeLabel } from './format.js';
import {
  createResource,
  deleteResource,
  retrieveIfExists,
  retrieveResource,
  updateResource,
  type Representation,
} from './requests.js';
import type { Session } from './session.js';
import type { SubscribeOptions, Subscription } from './subscription.js';
import type { AttributesOf, CreateInput, DescriptorOf, ModelOf, TypeName, UpdateInput } from './types.js';

/** A resource as plain JSON: `JSON.stringify(resource)` gives this; `session.resource(json)` takes it back. */
export interface ResourceJSON {
  readonly typeName: string;
  readonly address: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Options of the navigation and discovery methods. */
export interface ListOptions extends RequestOptions {
  /** How many resources are retrieved at once. Default 8. */
  readonly concurrency?: number;
}

/** Options of discover(): `type` narrows to one resource type and types the result. */
export interface DiscoverOptions<M extends string = string> extends ListOptions {
  readonly type?: DescriptorOf<M & TypeName>;
}

const DEFAULT_CONCURRENCY = 8;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Whether other types share the descriptor's ty (mgmtObj specialisations, flexContainer specialisations), so results must match its root name. */
function sharesTy(type: ResourceDescriptor): boolean {
  return type.mgd !== undefined || isSpecialization(type);
}

function knownType(typeName: string): boolean {
  return resourceTypeTable.some((t) => t.typeName === typeName);
}

/**
 * A resource on a CSE: its address, the session requests go through, and the attributes as last
 * seen (a read-only view that retrieve, update and the CSE's answers refresh). Subclasses add what
 * their type offers; every resource can be retrieved, updated, deleted, searched below, navigated
 * and subscribed to.
 */
export class Resource<N extends string = string> {
  /** The generated descriptor of the class's resource type, if the class has one. */
  static readonly descriptor: ResourceDescriptor | undefined = undefined;

  /** The session requests about this resource go through (its originator, encoding, CSE). */
  readonly session: Session;
  /** The root name of the type, e.g. `m2m:cnt`. */
  readonly typeName: N;
  /** The address requests use: structured (`cse-in/myAE/cnt`) where the model built it. */
  readonly address: string;
  #attributes: Readonly<AttributesOf<N>>;

  constructor(session: Session, typeName: N, address: string, attributes: Readonly<Record<string, unknown>>) {
    this.session = session;
    this.typeName = typeName;
    this.address = address;
    this.#attributes = frozenCopy(attributes) as Readonly<AttributesOf<N>>;
  }

  /** The descriptor of this resource's type (undefined for types without a model class). */
  get descriptor(): ResourceDescriptor | undefined {
    return (this.constructor as typeof Resource).descriptor;
  }

  /** The attributes as last retrieved, created or updated (deeply frozen). */
  get attributes(): Readonly<AttributesOf<N>> {
    return this.#attributes;
  }

  /** An attribute by its short name, untyped (for attributes outside the type's schema). */
  get(name: string): unknown {
    return (this.#attributes as Readonly<Record<string, unknown>>)[name];
  }

  /** resourceID */
  get ri(): string {
    return String(this.get('ri') ?? '');
  }

  /** resourceName */
  get rn(): string {
    return String(this.get('rn') ?? '');
  }

  /** resourceType */
  get ty(): number {
    return Number(this.get('ty'));
  }

  /** parentID */
  get pi(): string | undefined {
    return this.get('pi') as string | undefined;
  }

  /** creationTime */
  get ct(): string | undefined {
    return this.get('ct') as string | undefined;
  }

  /** lastModifiedTime */
  get lt(): string | undefined {
    return this.get('lt') as string | undefined;
  }

  /** expirationTime */
  get et(): string | undefined {
    return this.get('et') as string | undefined;
  }

  /** labels */
  get lbl(): readonly string[] {
    return (this.get('lbl') as readonly string[] | undefined) ?? [];
  }

  /** accessControlPolicyIDs */
  get acpi(): readonly string[] {
    return (this.get('acpi') as readonly string[] | undefined) ?? [];
  }

  /** Replaces the known state (subclasses call it when the CSE tells them more). */
  protected setAttributes(attributes: Readonly<Record<string, unknown>>): void {
    this.#attributes = frozenCopy(attributes) as Readonly<AttributesOf<N>>;
  }

  /** The model object for a representation at `address`, in this resource's session. */
  protected materialize<M extends string>(representation: Representation, address: string): ModelOf<M> {
    return this.session.materialize(representation.typeName, address, representation.attributes) as ModelOf<M>;
  }

  // ---- the four operations ------------------------------------------------------------------

  /** Retrieves the resource again and replaces the known attributes. */
  async retrieve(options?: RequestOptions): Promise<this> {
    const found = await retrieveResource(this.session.client, this.address, options);
    if (found.typeName !== this.typeName)
      throw new ModelError(`${this.address} is now a ${found.typeName}, not a ${this.typeName}`);
    this.setAttributes(found.attributes);
    return this;
  }

  /**
   * Updates the resource with the attributes in `changes` that differ from the last known state
   * (null removes an attribute); sends nothing when none differs. Changing an attribute that the
   * type's update rule forbids fails before sending.
   */
  async update(changes: UpdateInput<N>, options?: RequestOptions): Promise<this> {
    const current = this.#attributes as Readonly<Record<string, unknown>>;
    const changed = changedAttributes(current, changes as Readonly<Record<string, unknown>>, this.descriptor);
    if (Object.keys(changed).length === 0) return this;
    if (this.descriptor && !this.descriptor.operations.update) {
      throw new ModelError(
        `${resourceTypeLabel(this.typeName)} resources cannot be updated (${this.address}); create a new one instead`,
      );
    }
    const answer = await updateResource(this.session.client, this.address, this.typeName, changed, options);
    const next: Record<string, unknown> = { ...current };
    for (const [name, value] of Object.entries(changed)) {
      if (value === null) delete next[name];
      else next[name] = value;
    }
    this.setAttributes({ ...next, ...answer?.attributes });
    return this;
  }

  /** Deletes the resource and, on the CSE, everything below it. */
  async delete(options?: RequestOptions): Promise<void> {
    await deleteResource(this.session.client, this.address, options);
  }

  // ---- children -----------------------------------------------------------------------------

  #checkChildType(type: ResourceDescriptor): void {
    if (!knownType(this.typeName) || type.parentTypes.length === 0 || type.parentTypes.includes(this.typeName)) return;
    throw new ModelError(
      `a ${type.name} (${type.typeName}) cannot be created under a ${resourceTypeLabel(this.typeName)} (${this.address}); its parents may be ${type.parentTypes.join(', ')}`,
    );
  }

  /**
   * The direct children of one type, each retrieved. They are listed by child resource
   * references (rcn 6), which every CSE answers; with `filterCriteria` in the options, by
   * discovery (lvl 1) with that filter.
   */
  async children<M extends TypeName>(type: DescriptorOf<M>, options: ListOptions = {}): Promise<ModelOf<M>[]> {
    const { concurrency, ...request } = options;
    const addresses = request.filterCriteria
      ? (
          await this.session.client.discover(
            this.address,
            { ...request.filterCriteria, ty: [type.ty as ResourceType], lvl: 1 },
            request,
          )
        ).map((a) => this.session.resolveAddress(a))
      : (await childReferences(this.session.client, this.address, request))
          .filter((ref) => ref.type === type.ty)
          .map((ref) => referenceAddress(this.session, this.address, ref));
    const { filterCriteria: _filter, ...plain } = request;
    const found = await mapConcurrently(addresses, concurrency ?? DEFAULT_CONCURRENCY, (a) =>
      retrieveIfExists(this.session.client, a, plain).then((r) => ({ r, a })),
    );
    return found
      .filter(({ r }) => r !== undefined && (!sharesTy(type) || r.typeName === type.typeName))
      .map(({ r, a }) => this.materialize<M>(r as Representation, a));
  }

  /**
   * The resource of type `type` at `path` below this one (a child's name, or a relative path
   * such as `myAE/temperature`); undefined when there is none or it is of another type.
   */
  async find<M extends TypeName>(
    type: DescriptorOf<M>,
    path: string,
    options?: RequestOptions,
  ): Promise<ModelOf<M> | undefined> {
    const address = await resolvePath(this.session, this.address, path, options);
    if (address === undefined) return undefined;
    const found = await retrieveIfExists(this.session.client, address, options);
    if (!found || found.typeName !== type.typeName) return undefined;
    return this.materialize<M>(found, address);
  }

  /**
   * Creates a child; fails (CONFLICT, 4105) when the name is taken. For an AE this is its
   * registration, and the AE object speaks as the new AE-ID.
   */
  async create<M extends TypeName>(
    type: DescriptorOf<M>,
    content: CreateInput<M>,
    options?: AERegistrationOptions,
  ): Promise<ModelOf<M>> {
    this.#checkChildType(type);
    if (type.ty === ResourceType.AE)
      return (await registerAE(this.session, this.address, content as Record<string, unknown>, options)) as ModelOf<M>;
    // The attributes a descriptor implies: a management object's mgd, a specialisation's cnd.
    const implied = {
      ...(type.mgd === undefined ? {} : { mgd: type.mgd }),
      ...(isSpecialization(type) && type.cnd !== undefined ? { cnd: type.cnd } : {}),
    };
    // Spread as a plain record: spreading the generic CreateInput<M> costs the checker seconds.
    const attributes = { ...implied, ...(content as Readonly<Record<string, unknown>>) };
    const created = await createResource(
      this.session.client,
      this.address,
      type.typeName,
      type.ty,
      attributes,
      options,
    );
    return this.materialize<M>(created, addressOfChild(this.session, this.address, created.attributes));
  }

  /**
   * The child named `name`, created with `content` if it does not exist (the model's default
   * way to get a resource, as onem2mlib's). An existing child of another type is an error.
   */
  async getOrCreate<M extends TypeName>(
    type: DescriptorOf<M>,
    name: string,
    content: Omit<CreateInput<M>, 'rn'>,
    options?: AERegistrationOptions,
  ): Promise<ModelOf<M>> {
    this.#checkChildType(type);
    const lookup = async (): Promise<{ found: Representation; address: string } | undefined> => {
      const originator =
        type.ty === ResourceType.AE && options?.originator && !['', 'C', 'S'].includes(options.originator)
          ? options.originator
          : undefined;
      const request = originator ? { originator } : {};
      const address = await resolvePath(this.session, this.address, name, request);
      const found = address === undefined ? undefined : await retrieveIfExists(this.session.client, address, request);
      return found && address !== undefined ? { found, address } : undefined;
    };
    const existing = await lookup();
    if (existing) return this.#existing(type, existing.found, existing.address, options);
    try {
      return await this.create(type, { ...content, rn: name } as CreateInput<M>, options);
    } catch (error) {
      // Someone created it in between.
      if (!isResponseError(error, ResponseStatusCode.Conflict)) throw error;
      const raced = await lookup();
      if (!raced) throw error;
      return this.#existing(type, raced.found, raced.address, options);
    }
  }

  #existing<M extends TypeName>(
    type: DescriptorOf<M>,
    found: Representation,
    address: string,
    options: AERegistrationOptions | undefined,
  ): ModelOf<M> {
    if (found.typeName !== type.typeName)
      throw new ModelError(
        `${address} exists but is a ${resourceTypeLabel(found.typeName)} (${found.typeName}), not a ${type.name}`,
      );
    const aei = found.attributes['aei'];
    const acting =
      type.ty === ResourceType.AE && options?.actAs !== 'session' && typeof aei === 'string'
        ? this.session.withOriginator(aei)
        : this.session;
    return acting.materialize(found.typeName, address, found.attributes) as ModelOf<M>;
  }

  // ---- discovery ----------------------------------------------------------------------------

  /**
   * Discovery below this resource: every filter criterion (labels `lbl`, resource types `ty`,
   * times, sizes, attributes, `lvl`, `lim`, …) as the generated FilterCriteria names them; the
   * matches are retrieved and returned as model objects.
   */
  async discover<M extends string = string>(
    filter: FilterCriteria = {},
    options: DiscoverOptions<M> = {},
  ): Promise<Array<string extends M ? Resource : ModelOf<M>>> {
    const { concurrency, type, ...request } = options;
    const criteria: FilterCriteria = type ? { ...filter, ty: [type.ty as ResourceType] } : filter;
    const addresses = (await this.session.client.discover(this.address, criteria, request)).map((a) =>
      this.session.resolveAddress(a),
    );
    const found = await mapConcurrently(addresses, concurrency ?? DEFAULT_CONCURRENCY, (a) =>
      retrieveIfExists(this.session.client, a, request),
    );
    const results: Resource[] = [];
    found.forEach((r, i) => {
      if (r && (!type || !sharesTy(type) || r.typeName === type.typeName))
        results.push(this.session.materialize(r.typeName, addresses[i] as string, r.attributes));
    });
    return results as Array<string extends M ? Resource : ModelOf<M>>;
  }

  /** Like discover, page by page (lim/ofst), yielding each match as it is retrieved. */
  async *discoverEach(
    filter: FilterCriteria = {},
    options: RequestOptions & { readonly pageSize?: number } = {},
  ): AsyncGenerator<Resource, void, undefined> {
    for await (const address of this.session.client.discoverAll(this.address, filter, options)) {
      const resolved = this.session.resolveAddress(address);
      const found = await retrieveIfExists(
        this.session.client,
        resolved,
        options.signal ? { signal: options.signal } : {},
      );
      if (found) yield this.session.materialize(found.typeName, resolved, found.attributes);
    }
  }

  // ---- subscriptions ------------------------------------------------------------------------

  /**
   * Subscribes to this resource: creates a `<subscription>` whose notificationURI (and
   * subscriberURI, for the deletion notice) is the session's notification endpoint, and routes
   * its notifications to `callback` (else the endpoint's default callback) and to the returned
   * subscription's async iterator. Without `eventTypes`/`enc.net`, the subscription covers
   * updates and deletion of the resource and creation and deletion of its direct children (only
   * updates with contentType modifiedAttributes, the only event those exist for).
   */
  async subscribe(callback?: NotificationCallback, options: SubscribeOptions = {}): Promise<Subscription> {
    const { endpoint: given, eventTypes, contentType, nu, request, ...attributes } = options;
    let endpoint = given ?? this.session.notifications;
    if (!endpoint) {
      throw new ModelError(
        `cannot subscribe to ${this.address}: the session has no notification endpoint; start one with notifications.setup() (Node), pass { notifications } to the Session, or for an AE that is not reachable (rr=false) call ae.pollingChannel() first`,
      );
    }
    // nct is always sent: CSEs differ in their default (Mobius: modified attributes).
    const nct =
      contentType === undefined
        ? (attributes.nct ?? NotificationContentType.AllAttributes)
        : contentTypeValue(contentType);
    // Modified-attributes notifications exist only for updates.
    const everything =
      nct === NotificationContentType.ModifiedAttributes ? [NotificationEventType.UpdateOfResource] : [1, 2, 3, 4];
    const net = eventTypes?.map(eventTypeValue) ?? (attributes.enc?.net === undefined ? everything : undefined);
    let target = await notificationTarget(this, endpoint, request);
    if (target === undefined) {
      // Over MQTT or WebSocket only an AE receives notifications; another originator needs another endpoint.
      const fallback = defaultNotificationEndpoint();
      if (!fallback)
        throw new ModelError(
          `cannot subscribe to ${this.address} as ${request?.originator ?? this.session.originator}: over ${endpoint.poa?.split(':')[0] ?? 'this binding'} notifications reach an AE on its own connection, and this originator is no AE above ${this.address}; subscribe through the AE's session (e.g. from cse.ae(...)), or start an HTTP receiver with notifications.setup()`,
        );
      endpoint = fallback;
      target = fallback.notificationUri;
    }
    await endpoint.prepare?.();
    const content = {
      ...attributes,
      nu: [target, ...(nu ?? [])],
      su: attributes.su ?? (endpoint.poa === undefined ? endpoint.notificationUri : target),
      ...(net ? { enc: { ...attributes.enc, net } } : {}),
      nct,
    };
    const chosen = endpoint;
    return chosen.router.subscribing(async () => {
      const subscription = await this.create(SubscriptionDescriptor, content as CreateInput<'m2m:sub'>, request);
      subscription.attach(callback, { endpoint: chosen, target: this.address });
      return subscription;
    });
  }

  /**
   * Ends the subscriptions to this resource that notify the session's endpoint: those made here
   * (deleted and detached) and any others on the CSE whose notificationURI is the endpoint (left
   * from an earlier run). Resolves to how many were deleted.
   */
  async unsubscribe(options?: RequestOptions): Promise<number> {
    const endpoint = this.session.notifications;
    let count = 0;
    for (const route of endpoint?.router.routesFor(this.address) ?? []) {
      await route.unsubscribe();
      count++;
    }
    if (!endpoint) return count;
    for (const subscription of await this.subscriptions(options)) {
      if (!subscription.notificationUris.includes(endpoint.notificationUri)) continue;
      try {
        await subscription.delete(options);
        count++;
      } catch (error) {
        if (!isResponseError(error, ResponseStatusCode.NotFound)) throw error;
      }
    }
    return count;
  }

  /** The `<subscription>` children of this resource. */
  subscriptions(options?: ListOptions): Promise<Subscription[]> {
    return this.children(SubscriptionDescriptor, options);
  }

  // ---- access control ------------------------------------------------------------------------

  /** Sets accessControlPolicyIDs (acpi) to these policies (objects or resource IDs). */
  setAccessControlPolicies(
    policies: ReadonlyArray<AccessControlPolicy | string>,
    options?: RequestOptions,
  ): Promise<this> {
    const acpi = policies.map((p) => (typeof p === 'string' ? p : p.referenceId));
    return this.update({ acpi } as unknown as UpdateInput<N>, options);
  }

  /**
   * The ID other resources use to reference this one (group members, acpi): the resource ID, or
   * its SP-relative form when the session reaches the CSE through another CSE.
   */
  get referenceId(): string {
    return this.session.isRouted ? `${this.session.cseId}/${this.ri}` : this.ri;
  }

  // ---- other views ---------------------------------------------------------------------------

  /** The same resource, with requests sent as another originator. */
  withOriginator(originator: string): this {
    return this.session
      .withOriginator(originator)
      .materialize(this.typeName, this.address, this.#attributes) as unknown as this;
  }

  /** A readable multi-line description (type, address, one attribute per line with its long name). */
  toString(): string {
    return describeResource(this.typeName, this.address, this.#attributes as Readonly<Record<string, unknown>>);
  }

  /** The resource as plain JSON (`{ 'm2m:cnt': { … } }`), for logging and `JSON.stringify`. */
  toJSON(): ResourceJSON {
    return {
      typeName: this.typeName,
      address: this.address,
      attributes: this.#attributes as Readonly<Record<string, unknown>>,
    };
  }

  /** What console.log and util.inspect show in Node (no node:util import: the model runs in browsers). */
  [INSPECT](): string {
    return this.toString();
  }
}
