import { FilterUsage } from '../../generated/enums/filter-usage.gen.js';
import { Operation } from '../../generated/enums/operation.gen.js';
import { ResultContent } from '../../generated/enums/result-content.gen.js';
import type { AE, AECreate } from '../../generated/resources/ae.gen.js';
import { AEDescriptor } from '../../generated/resources/ae.gen.js';
import { resourceTypeTable } from '../../generated/registry.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { ListOfChildResourceRef } from '../../generated/types/list-of-child-resource-ref.gen.js';
import type { ResourceDescriptor } from '../codegen-api/descriptor.js';
import type { ResourceExecutor } from '../codegen-api/executor.js';
import { isEncoding, type Encoding } from '../encoding/codec.js';
import {
  AbortError,
  EncodingNotSupportedError,
  requestContext,
  ResponseError,
  UnexpectedContentError,
  type RequestContext,
} from '../errors/index.js';
import { redactUrl } from '../http/credentials.js';
import { contentRoot, type PrimitiveContent } from '../primitives/content.js';
import { requestIdGenerator } from '../primitives/request-id.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { toTimestamp } from '../time/timestamp.js';
import type { Transport } from '../transport/transport.js';
import { checkEncoding, checkRequestAgainstProfile } from '../profiles/unsupported.js';
import type { CseProfile } from '../profiles/profile.js';
import { resolveProfile } from '../profiles/profiles.js';
import {
  discoveryAddresses,
  discoveryPages,
  discoveryRequest,
  splitFilter,
  type DiscoveryPageOptions,
} from './discovery.js';
import { isNonBlockingAcknowledgement, pollRequestResource, requestResourceAddress } from './non-blocking.js';
import type { ClientOptions, RequestOptions } from './options.js';
import { transportFor } from './transport-for-url.js';
import {
  extractResult,
  type CreateContentOf,
  type CreateResult,
  type DeleteResult,
  type ResourceOf,
  type RetrieveResult,
  type TypeName,
  type UpdateContentOf,
  type UpdateResult,
} from './result-content.js';
import { isRetryable, retryDelay, retryPolicyFor, sleep } from './retry.js';

/** Whether a successful response to `request` must carry content (a retrieve; a create or update asking for the resource). */
function expectsContent(request: RequestPrimitive, response: ResponsePrimitive): boolean {
  if (response.rsc < 2000 || response.rsc >= 3000) return false;
  if (request.op === Operation.Retrieve) return true;
  if (request.op === Operation.Create) return request.rcn === undefined || [1, 2, 3].includes(request.rcn);
  if (request.op === Operation.Update) return request.rcn === undefined || request.rcn === 1;
  return false;
}

/** A descriptor whose type name is known to the generated resource map. */
export type TypedDescriptor = ResourceDescriptor & { readonly typeName: TypeName };

/** A resource of a type not known in advance: its root name and its attributes. */
export interface AnyResource {
  readonly typeName: string;
  readonly resource: Record<string, unknown>;
}

const RESPONSE_TYPE_VALUE = { blocking: 3, nonBlockingSynch: 1, flexBlocking: 4 } as const;

/**
 * A oneM2M client bound to one CSE. It implements the executor the generated CRUD functions use
 * (`createContainer(client, parent, {...})`) and offers the same operations typed by descriptor,
 * with the return type following the result content asked for.
 */
export class Client implements ResourceExecutor<RequestOptions> {
  readonly url: string;
  readonly cseId: string;
  readonly cseName: string;
  readonly originator: string;
  readonly releaseVersion: string;
  readonly encoding: Encoding;
  readonly transport: Transport;
  /** What the client knows about the CSE: its identifiers, defaults and departures from the spec. */
  readonly profile: CseProfile;
  // Private (#) so that inspect and JSON.stringify never show the credentials it holds.
  readonly #options: ClientOptions;
  private readonly nextRequestId: () => string;

  constructor(options: ClientOptions = {}, shared?: { transport: Transport; nextRequestId: () => string }) {
    if ('ky' in options)
      throw new TypeError(
        'the ky option is gone: the HTTP transport no longer uses ky; wrap `fetch` or the transport to log or sign requests',
      );
    // Every option a user leaves out is the profile's (by default the spec's, with the reference
    // CSE's identifiers).
    this.profile = resolveProfile(options.profile);
    const url = options.url ?? this.profile.url;
    // Credentials in the URL go into the transport's auth; the client shows the URL without them.
    this.url = redactUrl(url).replace('//***@', '//');
    this.cseId = options.cseId ?? this.profile.cseId;
    this.cseName = options.cseName ?? this.profile.cseName;
    this.originator = options.originator ?? this.profile.adminOriginator;
    this.releaseVersion = options.releaseVersion ?? this.profile.releaseVersion;
    this.encoding = options.encoding ?? this.profile.encodings[0] ?? 'json';
    if (!isEncoding(this.encoding))
      throw new TypeError(`encoding ${JSON.stringify(this.encoding)} is not one of json, xml, cbor`);
    checkEncoding(this.profile, this.encoding);
    this.#options = options;
    // The binding follows from the URL's scheme: http(s), mqtt(s) (a broker) or ws(s).
    this.transport =
      shared?.transport ??
      options.transport ??
      transportFor(url, options, { encoding: this.encoding, cseId: this.cseId, profile: this.profile });
    this.nextRequestId = shared?.nextRequestId ?? options.requestId ?? requestIdGenerator();
  }

  /** The same client speaking as another originator (over the same connection settings). */
  withOriginator(originator: string): Client {
    return new Client(
      { ...this.#options, originator },
      { transport: this.transport, nextRequestId: this.nextRequestId },
    );
  }

  /** Closes the transport's kept-alive connections (the client stays usable; later requests reconnect). */
  async close(): Promise<void> {
    await this.transport.close?.();
  }

  /** A structured address below the CSEBase: `client.address('myAE', 'temp')` → `cse-in/myAE/temp`. */
  address(...segments: string[]): string {
    return [this.cseName, ...segments].join('/');
  }

  /** Builds the request primitive for an operation; every option maps to its primitive member. */
  buildRequest(
    op: RequestPrimitive['op'],
    to: string,
    options: RequestOptions = {},
    extra: { ty?: number; pc?: PrimitiveContent } = {},
  ): RequestPrimitive {
    const rtv = options.responseType === undefined ? undefined : RESPONSE_TYPE_VALUE[options.responseType];
    const request: Record<string, unknown> = {
      op,
      to,
      fr: options.originator ?? this.originator,
      rqi: options.requestId ?? this.nextRequestId(),
      rvi: this.releaseVersion,
      ...extra,
      ...(this.#options.sendOriginatingTimestamp ? { ot: toTimestamp(new Date()) } : {}),
      ...(rtv === undefined || rtv === 3 ? {} : { rt: { rtv } }),
      rcn: options.rcn,
      fc: options.filterCriteria,
      drt: options.drt,
      rqet: options.requestExpiration,
      rset: options.resultExpiration,
      oet: options.operationExecutionTime,
      rp: options.resultPersistence,
      da: options.deliveryAggregation,
      ec: options.eventCategory,
      vsi: options.vendorInformation,
      gid: options.groupRequestId,
      atrl: options.attributes,
      ...options.parameters,
    };
    for (const key of Object.keys(request)) if (request[key] === undefined) delete request[key];
    return request as unknown as RequestPrimitive;
  }

  /**
   * Sends a request primitive and returns the final response primitive. Error statuses become a
   * ResponseError; transient failures of retrieve (and of delete, if enabled) are retried; a
   * non-blocking synch acknowledgement is followed to its result.
   */
  async send(
    request: RequestPrimitive,
    options: Pick<RequestOptions, 'retry' | 'signal' | 'poll' | 'timeoutMs'> = {},
  ): Promise<ResponsePrimitive> {
    const context = requestContext(request, this.transport.endpoint);
    checkRequestAgainstProfile(this.profile, request);
    const policy =
      options.retry === false ? undefined : (options.retry ?? retryPolicyFor(request.op, this.#options.retry));
    for (let attempt = 0; ; attempt++) {
      let response: ResponsePrimitive;
      try {
        const result = await this.transport.send(request, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
        response = result.response;
        if (response.rsc >= 3000 || response.rsc < 1000) throw new ResponseError(context, response, result.status);
        if (response.pc === undefined && this.encoding !== 'json' && expectsContent(request, response))
          throw new EncodingNotSupportedError(context, this.encoding, await this.supportedSerializations());
      } catch (error) {
        if (options.signal?.aborted && !(error instanceof AbortError))
          throw new AbortError(context, options.signal.reason);
        if (!policy || attempt >= policy.retries || !isRetryable(error, policy)) throw error;
        await sleep(retryDelay(policy, attempt), options.signal);
        continue;
      }
      // Following a non-blocking request is not part of the retried exchange: the CSE accepted it.
      if (request.rt?.rtv === 1 && isNonBlockingAcknowledgement(response.rsc)) {
        return this.followNonBlocking(response, context, options).catch((error: unknown) => {
          throw options.signal?.aborted && !(error instanceof AbortError)
            ? new AbortError(context, options.signal.reason)
            : error;
        });
      }
      return response;
    }
  }

  /** The CSEBase's csz, asked in JSON (undefined when that is not possible or fails). */
  private async supportedSerializations(): Promise<string[] | undefined> {
    if (this.#options.transport) return undefined;
    // A client of its own (its own connections), closed again once the CSEBase is read.
    const json = new Client({ ...this.#options, encoding: 'json', retry: { retrieve: { retries: 0 } } });
    try {
      const { resource } = await json.retrieveAny(this.cseName);
      const csz = resource['csz'];
      return Array.isArray(csz) ? csz.map(String) : undefined;
    } catch {
      return undefined;
    } finally {
      await json.close();
    }
  }

  private async followNonBlocking(
    ack: ResponsePrimitive,
    context: RequestContext,
    options: Pick<RequestOptions, 'signal' | 'poll'>,
  ): Promise<ResponsePrimitive> {
    const address = requestResourceAddress(ack, context);
    const final = await pollRequestResource(
      (to) => this.send(this.buildRequest(Operation.Retrieve, to), options.signal ? { signal: options.signal } : {}),
      address,
      context,
      { ...options.poll, ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (final.rsc >= 3000) throw new ResponseError(context, final);
    return final;
  }

  /**
   * Sends a request as non-blocking asynch (rt=2): the CSE acknowledges at once (1002) with the
   * address of a `<request>` resource and later sends the result as a notification (`m2m:rsp`)
   * to `notificationUris` (X-M2M-RTU), or to the originator when none are given.
   */
  async sendNonBlockingAsynch(
    op: RequestPrimitive['op'],
    to: string,
    options: RequestOptions & {
      readonly notificationUris?: readonly string[];
      readonly content?: PrimitiveContent;
      readonly ty?: number;
    } = {},
  ): Promise<{ readonly requestAddress: string; readonly acknowledgement: ResponsePrimitive }> {
    const { notificationUris, content, ty, ...rest } = options;
    const rt = {
      rtv: 2 as const,
      ...(notificationUris && notificationUris.length > 0 ? { nu: [...notificationUris] } : {}),
    };
    const request = this.buildRequest(
      op,
      to,
      { ...rest, parameters: { ...rest.parameters, rt } },
      { ...(ty === undefined ? {} : { ty }), ...(content === undefined ? {} : { pc: content }) },
    );
    const acknowledgement = await this.send(request, { ...(rest.signal ? { signal: rest.signal } : {}), retry: false });
    return {
      requestAddress: requestResourceAddress(acknowledgement, requestContext(request, this.transport.endpoint)),
      acknowledgement,
    };
  }

  /** Waits for the result of a non-blocking request whose `<request>` resource is at `address`. */
  async awaitRequest(
    address: string,
    options: Pick<RequestOptions, 'signal' | 'poll'> = {},
  ): Promise<ResponsePrimitive> {
    return this.followNonBlocking(
      { rsc: 1001, rqi: '', pc: { 'm2m:uri': address } },
      { operation: Operation.Retrieve, target: address, requestId: '(await)', endpoint: this.transport.endpoint },
      options,
    );
  }

  private async run(
    op: RequestPrimitive['op'],
    to: string,
    options: RequestOptions | undefined,
    typeName: string,
    extra: { ty?: number; pc?: PrimitiveContent } = {},
  ): Promise<unknown> {
    const request = this.buildRequest(op, to, options, extra);
    const response = await this.send(request, options ?? {});
    return extractResult(op, request.rcn, typeName, response.pc, requestContext(request, this.transport.endpoint));
  }

  /** Creates a resource of the descriptor's type under `parent`. */
  create<D extends TypedDescriptor, const R extends ResultContent = 1>(
    descriptor: D,
    parent: string,
    content: CreateContentOf<D['typeName']>,
    options?: RequestOptions & { readonly rcn?: R },
  ): Promise<CreateResult<ResourceOf<D['typeName']>, R>> {
    return this.run(Operation.Create, parent, options, descriptor.typeName, {
      ty: descriptor.ty,
      pc: { [descriptor.typeName]: content },
    }) as Promise<CreateResult<ResourceOf<D['typeName']>, R>>;
  }

  /** Retrieves the resource at `target`; `rcn` chooses what comes back (children, references…). */
  retrieve<D extends TypedDescriptor, const R extends ResultContent = 1>(
    descriptor: D,
    target: string,
    options?: RequestOptions & { readonly rcn?: R },
  ): Promise<RetrieveResult<ResourceOf<D['typeName']>, R>> {
    return this.run(Operation.Retrieve, target, options, descriptor.typeName) as Promise<
      RetrieveResult<ResourceOf<D['typeName']>, R>
    >;
  }

  /** Updates the resource at `target` with only the attributes in `content` (null deletes one). */
  update<D extends TypedDescriptor, const R extends ResultContent = 1>(
    descriptor: D,
    target: string,
    content: UpdateContentOf<D['typeName']>,
    options?: RequestOptions & { readonly rcn?: R },
  ): Promise<UpdateResult<ResourceOf<D['typeName']>, R>> {
    return this.run(Operation.Update, target, options, descriptor.typeName, {
      pc: { [descriptor.typeName]: content },
    }) as Promise<UpdateResult<ResourceOf<D['typeName']>, R>>;
  }

  /** Deletes the resource at `target` and its subtree. */
  delete<D extends TypedDescriptor, const R extends ResultContent = 0>(
    descriptor: D,
    target: string,
    options?: RequestOptions & { readonly rcn?: R },
  ): Promise<DeleteResult<ResourceOf<D['typeName']>, R>> {
    return this.run(Operation.Delete, target, options, descriptor.typeName) as Promise<
      DeleteResult<ResourceOf<D['typeName']>, R>
    >;
  }

  /** Retrieves a resource whose type is not known in advance. */
  async retrieveAny(target: string, options?: RequestOptions): Promise<AnyResource> {
    const request = this.buildRequest(Operation.Retrieve, target, options);
    const response = await this.send(request, options ?? {});
    const typeName = contentRoot(response.pc);
    // Any single namespaced root is a resource: the schemas' types, and flexContainer
    // specialisations such as cod:tempe that only the CSE knows.
    if (
      typeName === undefined ||
      !(resourceTypeTable.some((t) => t.typeName === typeName) || /^[A-Za-z][\w-]*:[\w-]+$/.test(typeName)) ||
      ['m2m:dbg', 'm2m:uri', 'm2m:uril', 'm2m:rrl'].includes(typeName)
    ) {
      throw new UnexpectedContentError(
        requestContext(request, this.transport.endpoint),
        'a resource',
        typeName ?? 'no single root',
      );
    }
    return { typeName, resource: response.pc?.[typeName] as Record<string, unknown> };
  }

  /** Deletes whatever is at `target`. */
  async deleteAny(target: string, options?: RequestOptions): Promise<void> {
    await this.send(this.buildRequest(Operation.Delete, target, options), options ?? {});
  }

  /** Sends a notification (e.g. `{ 'm2m:sgn': {...} }`) to a target; resolves to the response. */
  notify(target: string, content: PrimitiveContent, options?: RequestOptions): Promise<ResponsePrimitive> {
    return this.send(this.buildRequest(Operation.Notify, target, options, { pc: content }), options ?? {});
  }

  /**
   * Registers an AE under the CSEBase and returns it with a client that speaks as it. With no
   * `originator` option the registration is sent as `C` so the CSE assigns an AE-ID.
   */
  async registerAE(content: AECreate, options: RequestOptions = {}): Promise<{ ae: AE; client: Client }> {
    const ae: AE = await this.create(AEDescriptor, this.cseName, content, {
      ...options,
      rcn: ResultContent.Attributes,
      originator: options.originator ?? 'C',
    });
    const originator = this.#options.originatorAfterRegistration === 'unchanged' ? (options.originator ?? 'C') : ae.aei;
    return { ae, client: this.withOriginator(originator) };
  }

  /**
   * Discovery (fu=1): the addresses of the resources below `target` that match the filter. From
   * release 3 on it asks for discovery result references (rcn 11); below, it sends no rcn (the
   * CSE's default, a URI list). Either way the result is read as whatever list the CSE sent.
   * Alternatives a CSE reads only one of (tinyIoT's labels) are asked one by one and united.
   */
  async discover(
    target: string,
    filter: FilterCriteria = {},
    options: RequestOptions & { readonly drt?: 1 | 2 } = {},
  ): Promise<string[]> {
    const found = new Set<string>();
    for (const part of splitFilter(this.profile, filter)) {
      const request = discoveryRequest(this, target, part, options);
      const response = await this.send(request, options);
      for (const address of discoveryAddresses(response.pc, requestContext(request, this.transport.endpoint)))
        found.add(address);
    }
    return [...found];
  }

  /** Discovery answered with child resource references (rcn 6): name, type and address of each match. */
  async discoverReferences(
    target: string,
    filter: FilterCriteria = {},
    options: RequestOptions = {},
  ): Promise<ListOfChildResourceRef> {
    const request = this.buildRequest(Operation.Retrieve, target, {
      ...options,
      rcn: ResultContent.ChildResourceReferences,
      filterCriteria: { fu: FilterUsage.Discovery, ...filter },
    });
    const response = await this.send(request, options);
    return extractResult(
      Operation.Retrieve,
      request.rcn,
      '',
      response.pc,
      requestContext(request, this.transport.endpoint),
    ) as ListOfChildResourceRef;
  }

  /**
   * Walks every match of a discovery page by page (lim/ofst), holding one page at a time, so
   * 10 000 results never sit in memory together.
   */
  async *discoverAll(
    target: string,
    filter: FilterCriteria = {},
    options: RequestOptions & DiscoveryPageOptions = {},
  ): AsyncGenerator<string, void, undefined> {
    for await (const page of discoveryPages(this, target, filter, options)) yield* page;
  }

  /** Like discoverAll, but retrieves each match and yields the resources. */
  async *discoverResources(
    target: string,
    filter: FilterCriteria = {},
    options: RequestOptions & DiscoveryPageOptions = {},
  ): AsyncGenerator<AnyResource, void, undefined> {
    for await (const address of this.discoverAll(target, filter, options))
      yield await this.retrieveAny(address, options.signal ? { signal: options.signal } : {});
  }
}
