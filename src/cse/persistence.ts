import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomId } from '../primitives/request-id.js';
import type { StoredResource } from './tree.js';

// The tree as a JSON file (`--data FILE`). Written atomically after each change: the snapshot
// goes to a temporary file in the same directory, is flushed to disk (fsync), then renamed over
// the data file, and the directory is flushed too. A crash leaves either the old file or the new
// one, never a half-written one; a stale temporary file is ignored (and removed) at the next start.

/** What the data file holds. */
export interface Snapshot {
  readonly format: 'onem2m-cse-data';
  readonly version: 1;
  readonly cseId: string;
  readonly cseName: string;
  /** Every resource in creation order, so parents come before their children. */
  readonly resources: readonly StoredResource[];
}

/** A data file that exists but cannot be used. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`data file ${file}: ${reason}`, options);
  }
}

const tempPrefix = (file: string) => `.${basename(file)}.`;
const TEMP_SUFFIX = '.tmp';

/** Writes `data` to `file` atomically (temporary file, fsync, rename, directory fsync). */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const directory = dirname(file);
  const temp = join(directory, `${tempPrefix(file)}${process.pid}-${randomId(8)}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not every platform can open a directory, which is fine.
  try {
    const dir = await open(directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}

/** Removes temporary files a crashed writer of `file` left behind. */
export async function removeStaleTempFiles(file: string): Promise<void> {
  const prefix = tempPrefix(file);
  const entries = await readdir(dirname(file)).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map((name) => unlink(join(dirname(file), name)).catch(() => undefined)),
  );
}

function isResource(value: unknown): value is StoredResource {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r['ri'] === 'string' &&
    typeof r['pi'] === 'string' &&
    typeof r['rn'] === 'string' &&
    typeof r['ty'] === 'number' &&
    typeof r['typeName'] === 'string' &&
    typeof r['seq'] === 'number' &&
    typeof r['owner'] === 'string' &&
    r['attributes'] !== null &&
    typeof r['attributes'] === 'object'
  );
}

/** Reads a data file; undefined when it does not exist yet. Throws DataFileError when it is not one. */
export async function readSnapshot(file: string): Promise<Snapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFileError(file, `cannot be read (${String(error)})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `is not JSON (${(error as Error).message}); fix or remove it`, { cause: error });
  }
  const snapshot = value as Partial<Snapshot> | null;
  if (snapshot?.format !== 'onem2m-cse-data' || snapshot.version !== 1 || !Array.isArray(snapshot.resources)) {
    throw new DataFileError(file, 'is not an onem2m CSE data file (format onem2m-cse-data, version 1)');
  }
  const bad = snapshot.resources.findIndex((r) => !isResource(r));
  if (bad >= 0) throw new DataFileError(file, `resource #${bad} is malformed`);
  return snapshot as Snapshot;
}

/**
 * Saves snapshots one at a time: a save requested while one is being written is folded into a
 * single further write, and every caller's promise resolves once a write that includes its
 * change has completed.
 */
export class SnapshotWriter {
  #running: Promise<void> | undefined;
  #dirty = false;

  constructor(
    readonly file: string,
    private readonly snapshot: () => Snapshot,
  ) {}

  save(): Promise<void> {
    this.#dirty = true;
    this.#running ??= this.#loop();
    return this.#running;
  }

  /** Resolves when nothing is being written. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
  }

  async #loop(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        await writeFileAtomic(this.file, `${JSON.stringify(this.snapshot())}\n`);
      }
    } finally {
      // Cleared in the same turn as the last check of #dirty, so a later save() starts a new loop.
      this.#running = undefined;
    }
  }
}
