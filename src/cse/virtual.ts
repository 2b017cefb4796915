import type { RequestContext } from './behaviour.js';
import type { Outcome } from './outcome.js';
import type { ResourceTypeInfo } from './registry.js';
import type { StoredResource } from './tree.js';

/**
 * A virtual child resource: a name under resources of some types that the CSE answers itself
 * instead of storing (`la` and `ol` of containers; later `fopt` of groups and `pcu` of polling
 * channels). It receives every operation addressed to `<parent>/<name>` and to any path below it
 * (`rest` holds the segments after the name, e.g. the member-relative path of `fopt/...`).
 * Virtual resources never appear in discovery or child lists, and a real child cannot take the name.
 */
export interface VirtualResource {
  readonly name: string;
  /** Whether resources like `parent` have this virtual child. */
  appliesTo(parent: StoredResource, parentInfo: ResourceTypeInfo): boolean;
  /** Answers any operation on the virtual resource; the access check is the handler's job. */
  handle(rc: RequestContext, parent: StoredResource, rest: readonly string[]): Promise<Outcome>;
}
