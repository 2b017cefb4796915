import type { ResourceDescriptor } from './descriptor.js';

/**
 * The runtime contract behind the generated CRUD functions: whatever sends requests (the HTTP
 * client, a test double, a future MQTT binding) implements these four methods. The descriptor
 * tells the executor the resource type (`ty`, root key `m2m:xxx`) so that generated code never
 * needs to change when the transport does.
 */
export interface ResourceExecutor<Options = unknown> {
  /** Creates a resource of the descriptor's type under `parent`; resolves to the created resource. */
  create(descriptor: ResourceDescriptor, parent: string, content: object, options?: Options): Promise<unknown>;
  /** Retrieves the resource at `target`. */
  retrieve(descriptor: ResourceDescriptor, target: string, options?: Options): Promise<unknown>;
  /** Updates the resource at `target` with `content`; resolves to the updated resource. */
  update(descriptor: ResourceDescriptor, target: string, content: object, options?: Options): Promise<unknown>;
  /** Deletes the resource at `target` (and, on the CSE, its subtree); resolves to what the result content asked for. */
  delete(descriptor: ResourceDescriptor, target: string, options?: Options): Promise<unknown>;
}
