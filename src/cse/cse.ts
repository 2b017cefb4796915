import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { BackgroundWork, PendingNotices } from './background.js';
import type { ResourceBehaviour } from './behaviour.js';
import { CrossResourceSubscriptions } from './behaviours/cross-resource-subscription.js';
import { followGroupMembers, groupBehaviour } from './behaviours/group.js';
import { accessControlPolicyRules } from './behaviours/access-control-policy.js';
import { aeNotification } from './behaviours/ae-notification.js';
import { contentInstanceRules } from './behaviours/content-instance.js';
import { flexContainerBehaviour } from './behaviours/flex-container.js';
import { instanceContainer } from './behaviours/instance-container.js';
import { LocationPolicies } from './behaviours/location-policy.js';
import { mgmtObjBehaviour } from './behaviours/mgmt-obj.js';
import { followPollingChannels, pollingChannelBehaviour } from './behaviours/polling-channel.js';
import { aeRegistration } from './behaviours/registration.js';
import { blockingUpdateBehaviour, subscriptionBehaviour } from './behaviours/subscription.js';
import { MissingDataDetection } from './behaviours/time-series.js';
import type { CseContext } from './context.js';
import { newCseBase } from './cse-base.js';
import { Deliverer } from './delivery.js';
import { dispatch, type Dispatched } from './dispatcher.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { ResourceEvents } from './events.js';
import { ExpirationMonitor } from './expiration.js';
import { Mutation } from './mutation.js';
import { SubscriptionNotifier } from './notifier.js';
import { resolveOptions, type CseOptions, type ResolvedCseOptions } from './options.js';
import { PollingQueues } from './polling.js';
import { createResourceTypeRegistry, type ResourceTypeInfo, type ResourceTypeRegistry } from './registry.js';
import { CseError } from './errors.js';
import { journalStorage } from './storage/journal-storage.js';
import type { CseStorage } from './storage/storage.js';
import { ResourceTree, TreeError, type StoredResource } from './tree.js';
import { fanOutPoint } from './virtual/fan-out.js';
import { latestInstance, oldestInstance } from './virtual/latest-oldest.js';
import { pollingChannelUri } from './virtual/polling-channel-uri.js';
import type { VirtualResource } from './virtual.js';

/** The CSE without a binding: request primitives in, response primitives out. */
export interface Cse {
  readonly options: ResolvedCseOptions;
  /** What behaviours, virtual resources and operations work with. */
  readonly context: CseContext;
  /** The change hook: created / updated / deleted events after each committed change. */
  readonly events: ResourceEvents;
  /** Outgoing notifications and other work after the response (non-blocking requests, batches). */
  readonly notifications: {
    /**
     * Resolves when every notification raised so far has been delivered (or has failed), every
     * non-blocking request has completed, and every batchNotify timer has fired: what a test
     * awaits before looking at its notification receiver.
     */
    settled(): Promise<void>;
  };
  /** Handles one request (any binding). Never rejects: failures are error responses. */
  handle(request: RequestPrimitive): Promise<ResponsePrimitive>;
  /**
   * Like handle, plus the created resource's address for bindings that carry it (HTTP
   * Content-Location). `signal` tells that the requester is gone (a long poll then stops waiting);
   * `address` is the requester's network address (access control contexts with acip).
   */
  dispatch(
    request: RequestPrimitive,
    options?: { readonly signal?: AbortSignal; readonly address?: string },
  ): Promise<Dispatched>;
  /** Adds type-specific semantics; later behaviours run after earlier ones. */
  addBehaviour(behaviour: ResourceBehaviour): void;
  /** Adds a virtual child resource (e.g. `fopt`, `pcu`). */
  addVirtualResource(resource: VirtualResource): void;
  /** Sets the CSEBase's pointOfAccess (done by startCse once the server listens). */
  setPointOfAccess(poa: readonly string[]): Promise<void>;
  /** Stops the expiry timer, cancels outgoing requests and waiting polls, and waits for pending writes and event listeners. */
  close(): Promise<void>;
}

const registry: { value?: ResourceTypeRegistry } = {};

function sharedRegistry(): ResourceTypeRegistry {
  registry.value ??= createResourceTypeRegistry();
  return registry.value;
}

/**
 * Creates a CSE: an empty tree with its CSEBase, or the tree of `options.dataFile` when it exists.
 * Container instances, AE registration, subscriptions and their notifications, groups with
 * their fan-out point, polling channels, non-blocking requests and the `la`/`ol` virtual
 * resources are built in; more semantics plug in with addBehaviour / addVirtualResource.
 */
export async function createCse(options: CseOptions = {}): Promise<Cse> {
  const resolved = resolveOptions(options);
  const tree = new ResourceTree();
  const types = sharedRegistry();
  const events = new ResourceEvents(resolved.log);
  const background = new BackgroundWork(resolved.log);
  const pollingQueues = new PollingQueues(resolved.log);
  const crossSubscriptions = new CrossResourceSubscriptions();
  const missingData = new MissingDataDetection();
  const behaviours: ResourceBehaviour[] = [
    aeRegistration,
    aeNotification,
    accessControlPolicyRules,
    instanceContainer,
    contentInstanceRules,
    flexContainerBehaviour,
    groupBehaviour,
    subscriptionBehaviour,
    blockingUpdateBehaviour,
    pollingChannelBehaviour,
    crossSubscriptions.behaviour,
    missingData.behaviour,
    mgmtObjBehaviour,
    new LocationPolicies().behaviour,
    ...resolved.behaviours,
  ];
  const virtualResources: VirtualResource[] = [
    latestInstance,
    oldestInstance,
    fanOutPoint,
    pollingChannelUri,
    ...resolved.virtualResources,
  ];
  const storage: CseStorage | undefined =
    resolved.storage ?? (resolved.dataFile ? journalStorage(resolved.dataFile, { log: resolved.log }) : undefined);

  const infoOf = (resource: StoredResource): ResourceTypeInfo => {
    const info = types.byTypeName(resource.typeName) ?? types.byTy(resource.ty)[0];
    if (!info) throw new TreeError(`resource ${resource.ri} has unknown type ${resource.typeName} (ty ${resource.ty})`);
    return info;
  };

  let delivery: Deliverer | undefined;
  const context: CseContext = {
    options: resolved,
    tree,
    registry: types,
    events,
    behaviours,
    virtualResources,
    background,
    deletionNotices: new PendingNotices(),
    pollingQueues,
    get delivery(): Deliverer {
      delivery ??= new Deliverer(context);
      return delivery;
    },
    now: () => Date.now(),
    infoOf,
    behavioursFor: (info) => behaviours.filter((b) => b.appliesTo(info)),
    isAdmin: (originator) => originator === resolved.admin || originator === resolved.cseId,
    async change(originator, request, change) {
      const m = new Mutation(context, originator, request);
      if (!storage) {
        const result = tree.transaction(() => change(m));
        events.emit(m.events);
        return result;
      }
      const unsaved = (error: unknown) =>
        new CseError(
          ResponseStatusCode.InternalServerError,
          `the change could not be saved to ${storage.description}, so it was undone: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      let durable: Promise<void> | undefined;
      let undoChange = (): void => undefined;
      const { result, undo } = tree.undoableTransaction(() => {
        const value = change(m);
        if (m.changes.length === 0) return value;
        // Serialised inside the transaction: a change the storage cannot hold is undone at once.
        try {
          durable = storage.save(m.changes, () => undoChange());
        } catch (error) {
          throw unsaved(error);
        }
        return value;
      });
      undoChange = undo;
      try {
        await durable;
      } catch (error) {
        throw unsaved(error);
      }
      // Only now: nobody is told of (or notified about) a change that could still be lost.
      events.emit(m.events);
      return result;
    },
  };

  if (storage) await storage.open({ cseId: resolved.cseId, cseName: resolved.cseName }, tree);
  if (tree.size === 0) {
    const root = newCseBase(resolved, types, context.now());
    tree.insert(root);
    await storage?.save([{ put: root }], () => undefined);
  }

  const expiration = new ExpirationMonitor(context);
  expiration.start();
  const notifier = new SubscriptionNotifier(context);
  notifier.start();
  followGroupMembers(context);
  followPollingChannels(context);
  crossSubscriptions.start(context);
  missingData.start(context, notifier);

  const settled = async (): Promise<void> => {
    for (;;) {
      await events.settled();
      if (background.idle) return;
      await background.settled();
    }
  };

  const cse: Cse = {
    options: resolved,
    context,
    events,
    notifications: { settled },
    handle: async (request) => (await dispatch(context, request, () => expiration.sweep())).response,
    dispatch: (request, options) =>
      dispatch(context, request, () => expiration.sweep(), options?.signal, options?.address),
    addBehaviour: (behaviour) => void behaviours.push(behaviour),
    addVirtualResource: (resource) => void virtualResources.push(resource),
    async setPointOfAccess(poa) {
      const root = tree.root;
      if (JSON.stringify(root.attributes['poa']) === JSON.stringify(poa)) return;
      await context.change(resolved.cseId, undefined, (m) =>
        m.update(root, { ...root.attributes, poa: [...poa] }, ['poa'], 'internal'),
      );
    },
    async close() {
      expiration.stop();
      crossSubscriptions.stop();
      missingData.stop();
      background.close();
      pollingQueues.close();
      await settled();
      await storage?.close();
    },
  };
  return cse;
}
