import { readFile } from 'node:fs/promises';
import { toLongNames } from '../names/long-names.js';
import { UsageError } from './exit.js';

/** Reads all of stdin as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Content given on the command line: inline JSON, `@file.json`, a `--file`, or `-` for stdin.
 * Parsed as JSON; errors name where the content came from.
 */
export async function readContent(inline: string | undefined, file: string | undefined): Promise<unknown> {
  if (inline !== undefined && file !== undefined)
    throw new UsageError('give the content either as an argument or with --file, not both');
  let text: string;
  let source: string;
  if (file !== undefined || inline?.startsWith('@')) {
    source = file ?? (inline as string).slice(1);
    try {
      text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${source}: ${(error as Error).message}`);
    }
  } else if (inline === undefined || inline === '-') {
    source = 'stdin';
    text = await readStdin();
  } else {
    source = 'the content argument';
    text = inline;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Pretty JSON for people, optionally with long attribute names. */
export function formatJson(value: unknown, longNames: boolean): string {
  return `${JSON.stringify(longNames ? toLongNames(value) : value, null, 2)}\n`;
}
