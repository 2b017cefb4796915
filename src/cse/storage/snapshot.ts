import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StoredResource } from '../tree.js';
import { parseStored, stringifyStored } from './codec.js';
import { syncDirectory, tempFileFor } from './files.js';
import type { StorageIdentity } from './storage.js';

// The snapshot: the whole tree as one JSON document at the data file's path,
//   {"format":"onem2m-cse-data","version":2,"cseId":…,"cseName":…,"journal":<g>,"resources":[
//   <one resource per line, parents before children>
//   ]}
// where `journal` is the last journal generation it includes (version 1, written by earlier
// releases, has no journals). Written to a temporary file in chunks (the event loop keeps serving
// requests), flushed, renamed over the data file and the directory flushed: a crash leaves the old
// snapshot or the new one, never a mix.

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

export interface Snapshot extends StorageIdentity {
  /** The last journal generation whose changes the snapshot includes (0: none). */
  readonly journal: number;
  readonly resources: readonly StoredResource[];
  /** Size of the file, in bytes. */
  readonly bytes: number;
}

/** Whether a parsed value has the shape of a stored resource. */
export function isResource(value: unknown): value is StoredResource {
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

/** Reads the snapshot; undefined when the file does not exist yet. */
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
    value = parseStored(text);
  } catch (error) {
    throw new DataFileError(file, `is not JSON (${(error as Error).message}); fix or remove it`, { cause: error });
  }
  const snapshot = value as Record<string, unknown> | null;
  const version = snapshot?.['version'];
  if (
    snapshot?.['format'] !== 'onem2m-cse-data' ||
    (version !== 1 && version !== 2) ||
    !Array.isArray(snapshot['resources'])
  )
    throw new DataFileError(file, 'is not an onem2m CSE data file (format onem2m-cse-data, version 1 or 2)');
  const resources = snapshot['resources'] as unknown[];
  const bad = resources.findIndex((r) => !isResource(r));
  if (bad >= 0) throw new DataFileError(file, `resource #${bad} is malformed`);
  const journal = version === 1 ? 0 : snapshot['journal'];
  if (typeof journal !== 'number' || !Number.isInteger(journal) || journal < 0)
    throw new DataFileError(file, 'has no valid journal generation');
  return {
    cseId: String(snapshot['cseId']),
    cseName: String(snapshot['cseName']),
    journal,
    resources: resources as StoredResource[],
    bytes: Buffer.byteLength(text),
  };
}

/** Resources serialised per chunk before the writer yields to the event loop. */
const CHUNK = 500;

/**
 * Writes a snapshot of `resources` (parents before children) atomically; resolves to its size.
 * `aborted()` is asked between chunks: when it says yes the temporary file is removed and the
 * old snapshot stays.
 */
export async function writeSnapshot(
  file: string,
  identity: StorageIdentity,
  journal: number,
  resources: readonly StoredResource[],
  aborted: () => boolean = () => false,
): Promise<number | undefined> {
  const temp = tempFileFor(file);
  const handle = await open(temp, 'wx', 0o644);
  let bytes = 0;
  let done = false;
  try {
    try {
      const write = async (text: string) => {
        const buffer = Buffer.from(text);
        bytes += buffer.length;
        await handle.write(buffer);
      };
      await write(
        `{"format":"onem2m-cse-data","version":2,"cseId":${JSON.stringify(identity.cseId)},"cseName":${JSON.stringify(identity.cseName)},"journal":${journal},"resources":[\n`,
      );
      for (let start = 0; start < resources.length; start += CHUNK) {
        if (aborted()) return undefined;
        const lines = resources.slice(start, start + CHUNK).map((r) => stringifyStored(r));
        await write(`${lines.join(',\n')}${start + CHUNK < resources.length ? ',\n' : '\n'}`);
      }
      await write(']}\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (aborted()) return undefined;
    await rename(temp, file);
    done = true;
  } finally {
    if (!done) await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dirname(file));
  return bytes;
}
