import { CSEBaseDescriptor } from '../../generated/resources/cse-base.gen.js';
import { Client } from '../client/Client.js';
import type { ClientOptions, RequestOptions } from '../client/options.js';
import type { Encoding } from '../encoding/codec.js';
import type { CseProfile } from '../profiles/profile.js';
import { bindingEndpoint } from '../notifications/binding-endpoint.js';
import { defaultNotificationEndpoint, type NotificationEndpoint } from '../notifications/endpoint.js';
import { canReceive } from '../transport/transport.js';
import { CSEBase } from './cse-base.js';
import { ModelError } from './errors.js';
import { modelFactory } from './registry.js';
import { retrieveResource } from './requests.js';
import type { Resource, ResourceJSON } from './resource.js';
import type { ModelOf } from './types.js';

/** How a session reaches its CSE; every ClientOptions field left out is the profile's (`profile: 'acme'`). */
export interface SessionOptions extends ClientOptions {
  /**
   * Where subscriptions made through this session are notified. Default: over the session's own
   * connection when it is MQTT or WebSocket (the AE receives on its request topic or connection),
   * else the endpoint of `notifications.setup()`, if one runs; an AE's polling channel replaces
   * it for that AE.
   */
  readonly notifications?: NotificationEndpoint;
}

/** What a derived session shares with or changes from the session it comes from (model-internal). */
export interface SessionInternals {
  readonly client: Client;
  readonly cseId: string;
  readonly cseName: string;
  /** The CSE-ID requests are routed to through the client's CSE (SP-relative addresses). */
  readonly route: string | undefined;
  readonly parent: Session | undefined;
}

/**
 * A connection to one CSE as one originator: the typed Client underneath, the CSE's identity, and
 * where notifications go. Sessions for an AE (speaking as its AE-ID) and for remote CSEs are
 * derived from it and share its transport.
 *
 * @example
 * const session = new Session({ url: 'http://127.0.0.1:8080', encoding: 'json' });
 * const mobius = new Session({ profile: 'mobius' }); // its URL, CSE-ID, originator, release, list style
 * const cse = await session.cseBase();
 * const ae = await cse.ae('myApp', { api: 'Nmyapp', rr: true, srv: ['3'] });
 */
export class Session {
  /** The low-level client, for anything the model does not cover. */
  readonly client: Client;
  /** The CSE-ID of the CSE this session addresses (for a routed session, the remote one). */
  readonly cseId: string;
  /** The CSEBase resource name of that CSE. */
  readonly cseName: string;
  readonly #options: SessionOptions;
  readonly #route: string | undefined;
  readonly #parent: Session | undefined;
  #endpoint: NotificationEndpoint | undefined;

  constructor(options: SessionOptions = {}, internals?: SessionInternals) {
    this.#options = options;
    this.client = internals?.client ?? new Client(options);
    this.cseId = internals?.cseId ?? this.client.cseId;
    this.cseName = internals?.cseName ?? this.client.cseName;
    this.#route = internals?.route;
    this.#parent = internals?.parent;
    this.#endpoint = internals ? undefined : options.notifications;
  }

  /** The HTTP root of the CSE requests are sent to. */
  get url(): string {
    return this.client.url;
  }

  get originator(): string {
    return this.client.originator;
  }

  get encoding(): Encoding {
    return this.client.encoding;
  }

  get releaseVersion(): string {
    return this.client.releaseVersion;
  }

  /** What the session knows about its CSE (identifiers, departures from the spec); see ClientOptions.profile. */
  get profile(): CseProfile {
    return this.client.profile;
  }

  /** See ClientOptions.originatorAfterRegistration. */
  get originatorAfterRegistration(): 'ae-id' | 'unchanged' {
    return this.#options.originatorAfterRegistration ?? 'ae-id';
  }

  /** Whether requests reach this session's CSE through another CSE (SP-relative addresses). */
  get isRouted(): boolean {
    return this.#route !== undefined;
  }

  /** The address of the CSEBase: `cse-in`, or `/id-mn/cse-mn` when routed. */
  get cseBaseAddress(): string {
    return this.#route === undefined ? this.cseName : `${this.#route}/${this.cseName}`;
  }

  /**
   * The notification endpoint subscriptions use: this session's or its parent's own; else, over
   * MQTT or WebSocket, the session's connection (for the originator, an AE); else the process-wide one.
   */
  get notifications(): NotificationEndpoint | undefined {
    return this.#ownEndpoint() ?? this.bindingNotifications ?? defaultNotificationEndpoint();
  }

  #ownEndpoint(): NotificationEndpoint | undefined {
    return this.#endpoint ?? (this.#parent ? this.#parent.#ownEndpoint() : undefined);
  }

  /** The endpoint on the session's own MQTT or WebSocket connection for its originator; undefined over HTTP. */
  get bindingNotifications(): NotificationEndpoint | undefined {
    const { transport } = this.client;
    return canReceive(transport) ? bindingEndpoint(transport, this.originator) : undefined;
  }

  /** Sets this session's notification endpoint (undefined: back to the inherited one). */
  useNotifications(endpoint: NotificationEndpoint | undefined): this {
    this.#endpoint = endpoint;
    return this;
  }

  /** The same CSE, speaking as another originator (sharing the connection and the notification endpoint). */
  withOriginator(originator: string): Session {
    return new Session(this.#options, {
      client: this.client.withOriginator(originator),
      cseId: this.cseId,
      cseName: this.cseName,
      route: this.#route,
      parent: this,
    });
  }

  /**
   * Another CSE reached through this one: requests carry SP-relative addresses
   * (`/id-mn/cse-mn/...`) that this session's CSE forwards (onem2mlib's cseFromLocalCSE).
   */
  routedTo(cseId: string, cseName: string): Session {
    return new Session(this.#options, { client: this.client, cseId, cseName, route: cseId, parent: this });
  }

  /** A session straight to another CSE's point of access, with the same originator and settings. */
  directTo(target: { readonly url: string; readonly cseId: string; readonly cseName: string }): Session {
    // The transport is bound to this session's URL; the new session builds its own.
    const { transport: _bound, notifications: _own, ...options } = this.#options;
    const endpoint = this.notifications;
    return new Session({
      ...options,
      url: target.url,
      cseId: target.cseId,
      cseName: target.cseName,
      originator: this.originator,
      ...(endpoint ? { notifications: endpoint } : {}),
    });
  }

  /** The address to send for an address a CSE returned: CSE-relative ones get the route prefix. */
  resolveAddress(address: string): string {
    if (address.startsWith('/') || this.#route === undefined) return address;
    return `${this.#route}/${address}`;
  }

  /**
   * The CSEBase. By default it is retrieved; with `retrieve: false` no request is made (for
   * originators that may not retrieve it, as onem2mlib's instantly=False) and only its name and
   * CSE-ID are known.
   */
  async cseBase(options: RequestOptions & { readonly retrieve?: boolean } = {}): Promise<CSEBase> {
    const { retrieve = true, ...request } = options;
    if (!retrieve) return CSEBase.reference(this);
    const found = await retrieveResource(this.client, this.cseBaseAddress, request);
    if (found.typeName !== CSEBaseDescriptor.typeName)
      throw new ModelError(`${this.cseBaseAddress} is a ${found.typeName}, not a CSEBase`);
    return new CSEBase(this, this.cseBaseAddress, found.attributes);
  }

  /** The resource at `address` (any form; CSE-relative ones are on this session's CSE), as its model class. */
  async retrieve(address: string, options?: RequestOptions): Promise<Resource> {
    const resolved = this.resolveAddress(address);
    const found = await retrieveResource(this.client, resolved, options);
    return this.materialize(found.typeName, resolved, found.attributes);
  }

  /** A model object for a representation the CSE sent, without a request. */
  materialize<N extends string>(
    typeName: N,
    address: string,
    attributes: Readonly<Record<string, unknown>>,
  ): ModelOf<N> {
    return modelFactory(typeName)(this, typeName, address, attributes) as ModelOf<N>;
  }

  /** The model object for a resource's JSON form (`resource.toJSON()`), in this session. */
  resource(json: ResourceJSON): Resource {
    return this.materialize(json.typeName, json.address, json.attributes);
  }
}
