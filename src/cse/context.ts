import type { RequestPrimitive } from '../primitives/request.js';
import type { BackgroundWork, PendingNotices } from './background.js';
import type { ResourceBehaviour } from './behaviour.js';
import type { Deliverer } from './delivery.js';
import type { ResourceEvents } from './events.js';
import type { Mutation } from './mutation.js';
import type { ResolvedCseOptions } from './options.js';
import type { PollingQueues } from './polling.js';
import type { ResourceTypeInfo, ResourceTypeRegistry } from './registry.js';
import type { ResourceTree, StoredResource } from './tree.js';
import type { VirtualResource } from './virtual.js';

/** Everything request handling reaches: the tree, the type registry and the plug-ins. */
export interface CseContext {
  readonly options: ResolvedCseOptions;
  readonly tree: ResourceTree;
  readonly registry: ResourceTypeRegistry;
  readonly events: ResourceEvents;
  readonly behaviours: readonly ResourceBehaviour[];
  readonly virtualResources: readonly VirtualResource[];
  /** Work after the response (notifications, non-blocking requests): tracked, cancelled by close(). */
  readonly background: BackgroundWork;
  /** Sends the CSE's own requests (verifications, notifications) to URLs, AEs and polling channels. */
  readonly delivery: Deliverer;
  /** Deletion notices being sent; DELETE waits for those its change raised. */
  readonly deletionNotices: PendingNotices;
  /** Requests waiting for AEs that poll (rr=false with a <pollingChannel>). */
  readonly pollingQueues: PollingQueues;
  /** The current time in milliseconds (Date.now). */
  now(): number;
  /** The type of a stored resource. */
  infoOf(resource: StoredResource): ResourceTypeInfo;
  /** Behaviours that apply to a type. */
  behavioursFor(info: ResourceTypeInfo): readonly ResourceBehaviour[];
  /** Whether an originator passes every access check (the admin, the CSE itself). */
  isAdmin(originator: string): boolean;
  /**
   * Applies a change atomically: `change` runs synchronously inside a tree transaction (all or
   * nothing); afterwards the events are emitted and the tree is persisted. Resolves to what
   * `change` returned.
   */
  change<T>(originator: string, request: RequestPrimitive | undefined, change: (m: Mutation) => T): Promise<T>;
}
