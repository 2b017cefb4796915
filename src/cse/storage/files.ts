import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomChars } from '../ids.js';

// File operations of the data files: temporary files beside the target, fsync, atomic rename.

const TEMP_SUFFIX = '.tmp';
const tempPrefix = (file: string) => `.${basename(file)}.`;

/** A fresh temporary file name in the directory of `file`, recognised by removeStaleTempFiles. */
export function tempFileFor(file: string): string {
  return join(dirname(file), `${tempPrefix(file)}${process.pid}-${randomChars(8)}${TEMP_SUFFIX}`);
}

/** Makes a directory's entries (a created, renamed or removed file) durable; best effort where directories cannot be opened. */
export async function syncDirectory(directory: string): Promise<void> {
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

/** Writes `data` to `file` atomically (temporary file, fsync, rename, directory fsync). */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = tempFileFor(file);
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
  await syncDirectory(dirname(file));
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
