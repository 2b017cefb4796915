import type { ResourceTree, StoredResource } from '../tree.js';

// Where the CSE keeps its resources between runs. The CSE holds the whole tree in memory and
// hands each committed change to its storage; a change is acknowledged to the requester only
// once the storage says it is durable. `createCse({ dataFile })` uses the journal storage
// (journal-storage.ts); `createCse({ storage })` takes any implementation of this interface
// (an embedded database, a test double). Without either, the CSE keeps nothing.

/** Which CSE the stored data belongs to; a storage holding another CSE's data refuses to open. */
export interface StorageIdentity {
  readonly cseId: string;
  readonly cseName: string;
}

/** One step of a committed change: a resource's new record, or a resource leaving with its subtree. */
export type StorageChange =
  | { readonly put: StoredResource; readonly delete?: never }
  | { readonly delete: string; readonly put?: never };

/**
 * Where a CSE keeps its resources: `createCse({ storage })`. The CSE holds the tree in memory and
 * hands every committed change to `save`; it acknowledges the change only once `save` resolved.
 */
export interface CseStorage {
  /** Where the data lives, for messages (e.g. the data file's path). */
  readonly description: string;
  /**
   * Fills the empty `tree` with what is stored (nothing, for a new CSE). The storage may read
   * the tree later (e.g. to write a snapshot of it) but never changes it after open, except
   * through the undo functions save() hands it. Throws DataFileError when the data cannot be used.
   */
  open(identity: StorageIdentity, tree: ResourceTree): Promise<void>;
  /**
   * Saves one change, already applied to the tree. Serialises it synchronously and throws when it
   * cannot be stored (the CSE then undoes the change and answers 5000). The promise resolves once
   * the change is durable; changes become durable in the order they were saved. When a change
   * cannot be made durable, the storage calls `undo` for it and for every change saved after it,
   * newest first, synchronously, and then rejects their promises: memory never holds a change
   * that storage lost, and no such change is acknowledged.
   */
  save(changes: readonly StorageChange[], undo: () => void): Promise<void>;
  /** Resolves when every saved change is durable (or failed) and the storage's files are released. */
  close(): Promise<void>;
}

/** A change could not be made durable. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
}
