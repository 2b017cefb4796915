import { readdir, truncate, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TreeError, type ResourceTree, type StoredResource } from '../tree.js';
import { parseStored, stringifyStored } from './codec.js';
import { removeStaleTempFiles, syncDirectory } from './files.js';
import { JournalFile, journalLine, readJournal } from './journal.js';
import { DataFileError, isResource, readSnapshot, writeSnapshot } from './snapshot.js';
import { type CseStorage, type StorageChange, StorageError, type StorageIdentity } from './storage.js';

// The data file storage (`--data FILE`): a snapshot at FILE plus journals FILE.journal.<g>.
//
// - Every committed change is one journal record (the new records of the resources it touched,
//   and the resources it removed). Records wait in a queue; one writer appends everything queued
//   in a single write and flushes it (fdatasync), then acknowledges all of it: group commit. A
//   change costs its own size, whatever the size of the tree, and one flush serves every request
//   that arrived meanwhile.
// - When the journals since the last snapshot outgrow the snapshot (and compactAfterBytes), the
//   writer takes a snapshot: between two batches, where the tree holds exactly what the journal
//   holds, it captures the list of resources (records are immutable, so this is a list of
//   references), switches to a new journal generation and writes the snapshot in the background
//   in chunks; once it is renamed into place the older journals go. Snapshot work per change is
//   thus bounded by a constant on average.
// - Opening: stale temporary files are removed, the snapshot is loaded, then the journals newer
//   than it are replayed in order. A torn last record (a crash during a write) is cut off; any
//   other damage refuses the start (DataFileError), since acknowledged changes would be lost.
//   Appends then go to a new generation.
// - A write that fails is cut off again, and the change, with every change queued after it, is
//   undone in memory (newest first) and answered as failed. A journal that cannot be cut back
//   stops the storage: every later change is refused rather than acknowledged and lost.

/** Options of {@link journalStorage}. */
export interface JournalStorageOptions {
  /**
   * Journal bytes since the last snapshot after which a new snapshot is written (at least the
   * size of the last snapshot, so snapshot work stays proportional to the changes).
   * @default 4194304 (4 MiB)
   */
  readonly compactAfterBytes?: number;
  /** Where problems go that no requester hears about (a failed snapshot, a torn record cut off). */
  readonly log?: (message: string) => void;
}

interface Pending {
  readonly line: Buffer;
  readonly undo: () => void;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const JOURNAL = /\.journal\.(\d+)$/;

/**
 * The storage of `createCse({ dataFile })`: a snapshot at `file` plus journals beside it, with
 * group commit, compaction and crash-safe recovery.
 *
 * @example
 * const cse = await createCse({ storage: journalStorage('cse.json', { compactAfterBytes: 1 << 20 }) });
 */
export function journalStorage(file: string, options: JournalStorageOptions = {}): CseStorage {
  return new JournalStorage(file, options);
}

class JournalStorage implements CseStorage {
  readonly description: string;
  readonly #compactAfterBytes: number;
  readonly #log: (message: string) => void;
  #identity: StorageIdentity | undefined;
  #tree: ResourceTree | undefined;
  #journal: JournalFile | undefined;
  #generation = 0;
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #compaction: Promise<void> | undefined;
  /** Size of the last snapshot. */
  #snapshotBytes = 0;
  /** Journal bytes written since the last snapshot. */
  #journalBytes = 0;
  /** After a failed snapshot: journal bytes to reach before trying again. */
  #retryAt = 0;
  #stopped: Error | undefined;

  constructor(
    readonly file: string,
    options: JournalStorageOptions,
  ) {
    this.description = file;
    this.#compactAfterBytes = options.compactAfterBytes ?? 4 * 1024 * 1024;
    this.#log = options.log ?? ((message) => console.error(message));
  }

  #journalPath(generation: number): string {
    return `${this.file}.journal.${generation}`;
  }

  async #journals(): Promise<{ generation: number; path: string }[]> {
    const prefix = `${basename(this.file)}.journal.`;
    const names = await readdir(dirname(this.file));
    return names
      .filter((name) => name.startsWith(prefix) && JOURNAL.test(name))
      .map((name) => ({ generation: Number(JOURNAL.exec(name)?.[1]), path: join(dirname(this.file), name) }))
      .sort((a, b) => a.generation - b.generation);
  }

  async open(identity: StorageIdentity, tree: ResourceTree): Promise<void> {
    this.#identity = identity;
    this.#tree = tree;
    const file = this.file;
    const mismatch = (held: StorageIdentity, where: string) =>
      new DataFileError(
        file,
        `${where} holds CSE ${held.cseId} (${held.cseName}), not ${identity.cseId} (${identity.cseName}); use matching --cse-id/--cse-name or another file`,
      );
    await removeStaleTempFiles(file);
    const snapshot = await readSnapshot(file);
    if (snapshot) {
      if (snapshot.cseId !== identity.cseId || snapshot.cseName !== identity.cseName) throw mismatch(snapshot, 'it');
      try {
        for (const resource of snapshot.resources) tree.insert(resource);
      } catch (error) {
        throw new DataFileError(file, error instanceof TreeError ? error.message : String(error), { cause: error });
      }
      this.#snapshotBytes = snapshot.bytes;
    }
    const covered = snapshot?.journal ?? 0;
    let journals: { generation: number; path: string }[];
    try {
      journals = await this.#journals();
    } catch (error) {
      throw new DataFileError(file, `its directory cannot be read (${String(error)})`, { cause: error });
    }
    let last = covered;
    for (const [index, journal] of journals.entries()) {
      // Left over from a snapshot that landed just before a crash: it holds all of them.
      if (journal.generation <= covered) {
        await unlink(journal.path).catch(() => undefined);
        continue;
      }
      const contents = await readJournal(journal.path);
      const isLast = index === journals.length - 1;
      if (contents.damagedInside || (contents.tailBytes > 0 && !isLast) || (!contents.header && !isLast))
        throw new DataFileError(
          file,
          `journal ${journal.path} is damaged at byte ${contents.validBytes} (whole records follow, or newer journals exist); restore it from a backup, or cut it at that byte to start with the changes before it`,
        );
      if (contents.header) {
        if (contents.header.cseId !== identity.cseId || contents.header.cseName !== identity.cseName)
          throw mismatch(contents.header, `journal ${journal.path}`);
        if (contents.header.generation !== journal.generation)
          throw new DataFileError(file, `journal ${journal.path} says it is generation ${contents.header.generation}`);
      }
      for (const [line, json] of contents.records.entries()) {
        try {
          this.#replay(tree, parseStored(json));
        } catch (error) {
          throw new DataFileError(
            file,
            `journal ${journal.path} record ${line + 1} cannot be applied: ${String(error)}`,
            {
              cause: error,
            },
          );
        }
      }
      if (contents.tailBytes > 0) {
        await truncate(journal.path, contents.validBytes);
        this.#log(
          `${journal.path}: cut off ${contents.tailBytes} bytes of a record torn by a crash (a change that was never acknowledged)`,
        );
      }
      this.#journalBytes += contents.validBytes;
      last = journal.generation;
    }
    this.#generation = last + 1;
    try {
      this.#journal = await JournalFile.create(this.#journalPath(this.#generation), {
        ...identity,
        generation: this.#generation,
      });
    } catch (error) {
      throw new DataFileError(file, `cannot create ${this.#journalPath(this.#generation)} (${String(error)})`, {
        cause: error,
      });
    }
  }

  #replay(tree: ResourceTree, record: unknown): void {
    if (!Array.isArray(record)) throw new TypeError('a record is a list of changes');
    for (const change of record as StorageChange[]) {
      if (change.put !== undefined) {
        if (!isResource(change.put)) throw new TypeError('a put holds a malformed resource');
        if (tree.get(change.put.ri)) tree.replace(change.put);
        else tree.insert(change.put);
      } else if (typeof change.delete === 'string') {
        if (tree.get(change.delete)) tree.remove(change.delete);
      } else throw new TypeError('a change is neither a put nor a delete');
    }
  }

  save(changes: readonly StorageChange[], undo: () => void): Promise<void> {
    if (this.#stopped) throw new StorageError(`${this.file} accepts no changes: ${this.#stopped.message}`);
    if (!this.#journal) throw new StorageError(`${this.file} is not open`);
    const line = Buffer.from(journalLine(stringifyStored(changes)));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, undo, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        const journal = this.#journal as JournalFile;
        // Here the tree holds exactly the durable changes plus this batch: the state a snapshot
        // taken after writing the batch must show.
        const capture = this.#wantsSnapshot() ? [...(this.#tree as ResourceTree).resources()] : undefined;
        const data = batch.length === 1 ? (batch[0] as Pending).line : Buffer.concat(batch.map((p) => p.line));
        try {
          await journal.append(data);
        } catch (error) {
          this.#lose(batch, journal, error);
          continue;
        }
        this.#journalBytes += data.length;
        for (const pending of batch) pending.resolve();
        if (capture) await this.#rotate(capture);
      }
    } finally {
      // Cleared in the same turn as the last look at the queue, so a later save() starts a new loop.
      this.#flushing = undefined;
    }
  }

  /** A batch could not be written: undo it and everything queued after it, newest first, and refuse them. */
  #lose(batch: Pending[], journal: JournalFile, error: unknown): void {
    const lost = [...batch, ...this.#queue];
    this.#queue = [];
    for (let i = lost.length - 1; i >= 0; i--) {
      try {
        (lost[i] as Pending).undo();
      } catch (undoError) {
        this.#log(`undoing a change that could not be saved failed: ${String(undoError)}`);
      }
    }
    if (journal.broken) this.#stopped = journal.broken;
    const reason = new StorageError(
      `could not write ${journal.file}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
    this.#log(`${reason.message}; ${lost.length} change(s) undone and refused`);
    for (const pending of lost) pending.reject(reason);
  }

  #wantsSnapshot(): boolean {
    return (
      this.#compaction === undefined &&
      this.#journalBytes >= Math.max(this.#compactAfterBytes, this.#snapshotBytes, this.#retryAt)
    );
  }

  /** Starts a new journal generation and writes the snapshot of `capture` in the background. */
  async #rotate(capture: readonly StoredResource[]): Promise<void> {
    const covered = this.#generation;
    const previous = this.#journal as JournalFile;
    try {
      this.#journal = await JournalFile.create(this.#journalPath(covered + 1), {
        ...(this.#identity as StorageIdentity),
        generation: covered + 1,
      });
    } catch (error) {
      this.#log(`could not start journal ${this.#journalPath(covered + 1)} (${String(error)}); no snapshot for now`);
      this.#retryAt = this.#journalBytes + Math.max(this.#compactAfterBytes, this.#snapshotBytes);
      return;
    }
    this.#generation = covered + 1;
    await previous.close().catch(() => undefined);
    this.#compaction = this.#compact(capture, covered).finally(() => {
      this.#compaction = undefined;
    });
  }

  async #compact(capture: readonly StoredResource[], covered: number): Promise<void> {
    try {
      const bytes = await writeSnapshot(this.file, this.#identity as StorageIdentity, covered, capture);
      if (bytes === undefined) return;
      this.#snapshotBytes = bytes;
      this.#journalBytes = (this.#journal as JournalFile).size;
      this.#retryAt = 0;
      for (const journal of await this.#journals())
        if (journal.generation <= covered) await unlink(journal.path).catch(() => undefined);
      await syncDirectory(dirname(this.file));
    } catch (error) {
      this.#retryAt = this.#journalBytes + Math.max(this.#compactAfterBytes, this.#snapshotBytes);
      this.#log(`could not write the snapshot ${this.file} (${String(error)}); the journals keep every change`);
    }
  }

  async close(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    await this.#compaction;
    this.#stopped ??= new Error('the CSE was closed');
    await this.#journal?.close().catch(() => undefined);
  }
}
