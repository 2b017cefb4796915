import { Operation } from '../../generated/enums/operation.gen.js';
import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { codecForMediaType, codecs, isEncoding, jsonCodec, type ContentCodec } from '../encoding/index.js';
import { httpToResponse, requestToHttp } from '../http/binding.js';
import type { HttpResponseMessage } from '../http/message.js';
import type { PrimitiveContent } from '../primitives/content.js';
import type { RequestPrimitive } from '../primitives/request.js';
import { requestIdGenerator } from '../primitives/request-id.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { findResource, normalizeOriginator } from './addressing.js';
import type { RequestContext } from './behaviour.js';
import type { CseContext } from './context.js';
import { isCseError } from './errors.js';
import { formatTimestamp } from './time.js';
import type { StoredResource } from './tree.js';

// Requests the CSE itself sends (TS-0009 §6.6 of the digest): verification requests,
// notifications, subscription deletion notices and the results of non-blocking requests. A
// target is
// - a URL (`http://host:port/path`): POSTed to as it is, after removing a `ct=json|xml|cbor`
//   query parameter that chooses the encoding;
// - an entity: an AE-ID, or the resource ID or address of an <AE> or <remoteCSE>. A
//   request-reachable one gets the request at its pointOfAccess (each poa in turn until one
//   answers); an AE with rr=false and a <pollingChannel> gets it queued for its pcu (it counts as
//   delivered when queued, as ACME does);
// - another resource of this CSE that takes notifications (a <crossResourceSubscription>, whose
//   subscriptions name it in their nu): the NOTIFY is handed to its type's notify hook in-process.
// The encoding is the `ct` parameter's, else the first of the receiving AE's supported
// serializations (csz), else JSON. URLs of other schemes (mqtt://, ws://) go through the
// outgoing binding registered for the scheme (mqtt-server.ts, ws-server.ts; loaded on first use),
// and an AE that holds a connection open to this CSE (WebSocket) is reached over it first.

/** The release version the CSE states in requests it originates. */
const OUTGOING_RVI = '4';

/** An outgoing request could not be delivered; `message` says why, for logs and m2m:dbg. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What became of a delivered request: the receiver's response, or a place in a polling channel queue. */
export type DeliveryResult =
  | { readonly kind: 'response'; readonly response: ResponsePrimitive; readonly url: string }
  | { readonly kind: 'queued'; readonly ae: string; readonly request: RequestPrimitive };

/** Members of an outgoing request besides its content. */
export interface OutgoingOptions {
  /** Default NOTIFY. */
  readonly op?: Operation;
  /** Default the CSE-ID. */
  readonly fr?: string;
  /** Default 4. */
  readonly rvi?: string;
  /** Event category (HTTP X-M2M-EC), e.g. 4 "latest" for a subscription with ln=true. */
  readonly ec?: number;
}

const nextRequestId = requestIdGenerator();

/**
 * Sends the CSE's requests over a binding other than HTTP: to URLs of its schemes, and to AEs
 * over connections they hold open to this CSE.
 */
export interface OutgoingBinding {
  /** The URL schemes it sends to, lower case without the colon (`mqtt`, `ws`). */
  readonly schemes: readonly string[];
  /**
   * Sends `request` to `url`: a poa of `entity`, or a target URL as given (entity undefined).
   * Resolves with the response, or undefined when the binding expects none (a direct MQTT topic).
   */
  send(
    url: string,
    request: RequestPrimitive,
    codec: ContentCodec,
    entity: StoredResource | undefined,
  ): Promise<ResponsePrimitive | undefined>;
  /** The request sent over a connection `entity` holds open to this CSE, or undefined when it holds none. */
  overConnection?(
    entity: StoredResource,
    request: RequestPrimitive,
    codec: ContentCodec,
  ): Promise<ResponsePrimitive> | undefined;
}

/** The built-in outgoing bindings, loaded when a URL of their scheme is first met. */
const BUILT_IN: Readonly<Record<string, (cse: CseContext) => Promise<OutgoingBinding>>> = {
  mqtt: async (cse) => (await import('./mqtt-server.js')).mqttOutgoing(cse),
  mqtts: async (cse) => (await import('./mqtt-server.js')).mqttOutgoing(cse),
  ws: async (cse) => (await import('./ws-server.js')).webSocketOutgoing(cse),
  wss: async (cse) => (await import('./ws-server.js')).webSocketOutgoing(cse),
};

function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
}

/** A URL target with its `ct` parameter removed, and the encoding it asked for. */
function splitEncoding(url: string): { url: string; codec?: ContentCodec } {
  if (!/[?&]ct=/.test(url)) return { url };
  try {
    const parsed = new URL(url);
    const ct = parsed.searchParams.get('ct') ?? '';
    parsed.searchParams.delete('ct');
    const codec = isEncoding(ct) ? codecs[ct] : undefined;
    return { url: parsed.toString(), ...(codec ? { codec } : {}) };
  } catch {
    return { url };
  }
}

/** The codec for an AE's first supported serialization (csz), if it names one this CSE speaks. */
function preferredCodec(entity: StoredResource | undefined): ContentCodec | undefined {
  const csz = entity?.attributes['csz'];
  const first = Array.isArray(csz) ? csz[0] : undefined;
  return typeof first === 'string' ? codecForMediaType(first) : undefined;
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${error.message} (${(cause as { code?: string }).code ?? cause.message})`;
  return error.message;
}

/** Sends the CSE's own requests to notification targets. */
export class Deliverer {
  readonly #bindings = new Map<string, OutgoingBinding>();
  readonly #loading = new Map<string, Promise<OutgoingBinding>>();

  constructor(private readonly cse: CseContext) {}

  /** Sends URLs of the binding's schemes through it (replacing the built-in one for them). */
  addBinding(binding: OutgoingBinding): void {
    for (const scheme of binding.schemes) this.#bindings.set(scheme, binding);
  }

  async #bindingFor(scheme: string): Promise<OutgoingBinding | undefined> {
    const added = this.#bindings.get(scheme);
    if (added) return added;
    const load = BUILT_IN[scheme];
    if (!load) return undefined;
    let loading = this.#loading.get(scheme);
    if (!loading) {
      loading = load(this.cse);
      this.#loading.set(scheme, loading);
      loading.catch(() => this.#loading.delete(scheme));
    }
    return loading;
  }

  /** Sends to a URL of a scheme other than http(s); a binding that expects no response counts as accepted. */
  async #sendOther(
    url: string,
    scheme: string,
    request: RequestPrimitive,
    codec: ContentCodec,
    entity: StoredResource | undefined,
  ): Promise<ResponsePrimitive> {
    let binding: OutgoingBinding | undefined;
    try {
      binding = await this.#bindingFor(scheme);
    } catch (error) {
      throw new DeliveryError(url, `cannot send to ${url}: ${reason(error)}`, { cause: error });
    }
    if (!binding) throw new DeliveryError(url, `${url}: this CSE sends no requests over ${scheme}://`);
    const response = await binding.send(url, request, codec, entity);
    return response ?? { rsc: 2000, rqi: request.rqi };
  }

  /** The request primitive the CSE sends with `pc` to `target`. */
  request(target: string, pc: PrimitiveContent, options: OutgoingOptions = {}): RequestPrimitive {
    return {
      op: options.op ?? Operation.Notify,
      to: target,
      fr: options.fr ?? this.cse.options.cseId,
      rqi: nextRequestId(),
      rvi: options.rvi ?? OUTGOING_RVI,
      ot: formatTimestamp(this.cse.now()),
      ...(options.ec === undefined ? {} : { ec: options.ec }),
      pc,
    };
  }

  /**
   * Delivers `pc` to `target` (a URL or an entity, see above). Resolves with the receiver's
   * response (whatever its rsc) or the queue placement; rejects with a DeliveryError when the
   * target cannot be resolved or reached.
   */
  async deliver(target: string, pc: PrimitiveContent, options: OutgoingOptions = {}): Promise<DeliveryResult> {
    const request = this.request(target, pc, options);
    if (/^https?:\/\//i.test(target)) {
      const { url, codec } = splitEncoding(target);
      return {
        kind: 'response',
        url,
        response: await this.#post(url, request, codec ?? preferredCodec(this.#entityWithPoa(url)) ?? jsonCodec),
      };
    }
    const scheme = schemeOf(target);
    if (scheme !== undefined) {
      const { url, codec } = splitEncoding(target);
      const entity = this.#entityWithPoa(url);
      return {
        kind: 'response',
        url,
        response: await this.#sendOther(url, scheme, request, codec ?? preferredCodec(entity) ?? jsonCodec, entity),
      };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(target))
      throw new DeliveryError(target, `${target}: use an http(s), mqtt(s) or ws(s) URL, or an AE-ID`);
    const entity = findResource(this.cse, target);
    if (entity && entity.ty !== ResourceType.AE && entity.ty !== ResourceType.RemoteCSE) {
      const response = await this.#notifyLocally(entity, request);
      if (response) return { kind: 'response', url: target, response };
    }
    if (!entity || (entity.ty !== ResourceType.AE && entity.ty !== ResourceType.RemoteCSE)) {
      throw new DeliveryError(
        target,
        `${target} is neither a URL nor the ID or address of a registered AE or remote CSE on this CSE`,
      );
    }
    if (entity.ty === ResourceType.AE && entity.attributes['rr'] === false) {
      const channel = this.cse.tree.childrenOfType(entity.ri, ResourceType.PollingChannel).first;
      if (!channel)
        throw new DeliveryError(
          target,
          `the AE ${entity.ri} is not request-reachable (rr=false) and has no <pollingChannel> to queue requests on`,
        );
      this.cse.pollingQueues.enqueue(entity.ri, request);
      return { kind: 'queued', ae: entity.ri, request };
    }
    // A connection the AE holds open to this CSE comes first (TS-0020: one connection between two nodes).
    for (const binding of new Set(this.#bindings.values())) {
      const over = binding.overConnection?.(entity, request, preferredCodec(entity) ?? jsonCodec);
      if (over) return { kind: 'response', url: `(connection of ${entity.ri})`, response: await over };
    }
    const poa = (Array.isArray(entity.attributes['poa']) ? entity.attributes['poa'] : []).filter(
      (p): p is string => typeof p === 'string',
    );
    const urls = poa.filter((p) => schemeOf(p) !== undefined);
    if (urls.length === 0) {
      throw new DeliveryError(
        target,
        `${entity.ri} has no pointOfAccess URL (poa${poa.length > 0 ? `: ${poa.join(', ')}` : ' is empty'}); give it one (http, mqtt or ws) or set rr=false and create a <pollingChannel>`,
      );
    }
    const failures: string[] = [];
    for (const address of urls) {
      const { url, codec } = splitEncoding(address);
      const scheme = schemeOf(url) as string;
      try {
        const chosen = codec ?? preferredCodec(entity) ?? jsonCodec;
        return {
          kind: 'response',
          url,
          response:
            scheme === 'http' || scheme === 'https'
              ? await this.#post(url, request, chosen)
              : await this.#sendOther(url, scheme, request, chosen, entity),
        };
      } catch (error) {
        if (this.cse.background.closed) throw error;
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw new DeliveryError(target, `no pointOfAccess of ${entity.ri} answered: ${failures.join('; ')}`);
  }

  /** A NOTIFY to a resource of this CSE whose type handles notifications; undefined when none does. */
  async #notifyLocally(resource: StoredResource, request: RequestPrimitive): Promise<ResponsePrimitive | undefined> {
    if (request.op !== Operation.Notify) return undefined;
    const rc: RequestContext = { cse: this.cse, request, originator: normalizeOriginator(this.cse, request.fr) };
    const answer = (rsc: number, pc?: PrimitiveContent): ResponsePrimitive => ({
      rsc,
      rqi: request.rqi,
      ...(pc === undefined ? {} : { pc }),
      fr: this.cse.options.cseId,
      ...(request.fr ? { to: request.fr } : {}),
      ...(request.rvi === undefined ? {} : { rvi: request.rvi }),
    });
    for (const behaviour of this.cse.behavioursFor(this.cse.infoOf(resource))) {
      if (!behaviour.notify) continue;
      try {
        const outcome = await behaviour.notify(rc, resource);
        if (outcome) return answer(outcome.rsc, outcome.pc);
      } catch (error) {
        if (!isCseError(error)) throw error;
        return answer(error.rsc, { 'm2m:dbg': error.message });
      }
    }
    return undefined;
  }

  /** The registered AE whose poa is this URL, for its preferred serialization. */
  #entityWithPoa(url: string): StoredResource | undefined {
    return this.cse.tree
      .children(this.cse.tree.root.ri)
      .find(
        (r) =>
          r.ty === ResourceType.AE &&
          Array.isArray(r.attributes['poa']) &&
          (r.attributes['poa'] as unknown[]).some((p) => typeof p === 'string' && splitEncoding(p).url === url),
      );
  }

  async #post(url: string, request: RequestPrimitive, codec: ContentCodec): Promise<ResponsePrimitive> {
    // The binding builds method, headers and body; the path is the URL's own.
    const message = requestToHttp({ ...request, to: '-' }, codec);
    const signal = AbortSignal.any([
      this.cse.background.signal,
      AbortSignal.timeout(this.cse.options.notificationTimeoutMs),
    ]);
    let http: HttpResponseMessage;
    try {
      const response = await fetch(url, {
        method: message.method,
        headers: message.headers,
        signal,
        ...(message.body ? { body: new Uint8Array(message.body) } : {}),
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      http = { status: response.status, headers, ...(bytes.length > 0 ? { body: bytes } : {}) };
    } catch (error) {
      if (signal.aborted && !this.cse.background.closed)
        throw new DeliveryError(url, `${url} did not answer within ${this.cse.options.notificationTimeoutMs} ms`, {
          cause: error,
        });
      throw new DeliveryError(url, `cannot reach ${url}: ${reason(error)}`, { cause: error });
    }
    try {
      return httpToResponse(http, request);
    } catch (error) {
      throw new DeliveryError(url, `${url} answered HTTP ${http.status} without a oneM2M response: ${reason(error)}`, {
        cause: error,
      });
    }
  }
}
