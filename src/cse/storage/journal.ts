import { type FileHandle, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { syncDirectory } from './files.js';
import type { StorageIdentity } from './storage.js';

// A journal file: one line per record, `<crc32 of the JSON, 8 hex digits> <JSON>\n`, the first
// line a header naming the CSE and the file's generation. Appends are written at the known end
// and flushed (fdatasync) before they count; a failed append is cut off again, so the file only
// ever holds whole records followed, after a crash, by at most one torn one at the end.

export interface JournalHeader extends StorageIdentity {
  readonly generation: number;
}

const FORMAT = 'onem2m-cse-journal';

/** The line for one record's JSON text. */
export function journalLine(json: string): string {
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

function headerLine(header: JournalHeader): string {
  return journalLine(
    JSON.stringify({
      format: FORMAT,
      version: 1,
      cseId: header.cseId,
      cseName: header.cseName,
      generation: header.generation,
    }),
  );
}

/** What a journal file holds. */
export interface JournalContents {
  /** Undefined when not even the header is whole (a file created by a crashed writer). */
  readonly header: JournalHeader | undefined;
  /** The JSON text of each whole record after the header, in order. */
  readonly records: readonly string[];
  /** Bytes of the header and the whole records. */
  readonly validBytes: number;
  /** Bytes after them: a record torn by a crash (or damage, when whole records follow). */
  readonly tailBytes: number;
  /** Whether a whole record follows the damaged part (then it is not a torn end but corruption). */
  readonly damagedInside: boolean;
}

/** The JSON of a line when it is whole and its checksum holds, else undefined. */
function recordOf(line: Buffer): string | undefined {
  if (line.length < 10 || line[8] !== 0x20) return undefined;
  const crc = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
  const json = line.subarray(9);
  return Number.isNaN(crc) || crc32(json) !== crc ? undefined : json.toString('utf8');
}

function headerOf(json: string): JournalHeader | undefined {
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    if (value['format'] !== FORMAT || value['version'] !== 1 || !Number.isInteger(value['generation']))
      return undefined;
    return {
      cseId: String(value['cseId']),
      cseName: String(value['cseName']),
      generation: Number(value['generation']),
    };
  } catch {
    return undefined;
  }
}

export async function readJournal(file: string): Promise<JournalContents> {
  const data = await readFile(file);
  const records: string[] = [];
  let header: JournalHeader | undefined;
  let validBytes = 0;
  let damaged = false;
  let damagedInside = false;
  for (let start = 0, first = true; start < data.length; first = false) {
    const end = data.indexOf(0x0a, start);
    if (end < 0) {
      damaged = true; // the last line has no end: torn
      break;
    }
    const json = recordOf(data.subarray(start, end));
    start = end + 1;
    if (json === undefined) damaged = true;
    else if (damaged) damagedInside = true;
    else if (first) {
      header = headerOf(json);
      if (header) validBytes = start;
      else damaged = true;
    } else {
      records.push(json);
      validBytes = start;
    }
  }
  return { header, records, validBytes, tailBytes: data.length - validBytes, damagedInside };
}

/** The journal being appended to. */
export class JournalFile {
  #size: number;
  /** Set when a failed append could not be cut off: the file must not be written any more. */
  #broken: Error | undefined;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    size: number,
  ) {
    this.#size = size;
  }

  /** Creates a new journal file with its header, durably (file and directory entry). */
  static async create(file: string, header: JournalHeader): Promise<JournalFile> {
    const handle = await open(file, 'wx', 0o644);
    try {
      const bytes = Buffer.from(headerLine(header));
      await handle.write(bytes, 0, bytes.length, 0);
      await handle.sync();
      await syncDirectory(dirname(file));
      return new JournalFile(file, handle, bytes.length);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /** Bytes in the file. */
  get size(): number {
    return this.#size;
  }

  get broken(): Error | undefined {
    return this.#broken;
  }

  /** Appends records and flushes them to disk; on failure the file is cut back to what it held. */
  async append(data: Buffer): Promise<void> {
    if (this.#broken) throw this.#broken;
    try {
      for (let written = 0; written < data.length; ) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written, this.#size + written);
        written += bytesWritten;
      }
      await this.handle.datasync();
      this.#size += data.length;
    } catch (error) {
      try {
        await this.handle.truncate(this.#size);
        await this.handle.datasync();
      } catch (cause) {
        this.#broken = new Error(
          `${this.file} could not be cut back after a failed write (${String(cause)}); it accepts no more changes`,
          { cause },
        );
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
