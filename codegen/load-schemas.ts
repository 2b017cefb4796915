import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One schema file as read from disk; `path` is relative to the package root, with `/`. */
export interface SchemaFile {
  readonly path: string;
  readonly json: Record<string, unknown>;
}

const SCHEMA_DIRS = ['resources', 'types', 'enums', 'flexcontainers'] as const;

/** Reads every `*.schema.json` under schemas/{resources,types,enums,flexcontainers}, in a stable order. */
export function loadSchemas(root: string): SchemaFile[] {
  const files: SchemaFile[] = [];
  for (const dir of SCHEMA_DIRS) {
    const abs = join(root, 'schemas', dir);
    for (const name of readdirSync(abs)
      .filter((n) => n.endsWith('.schema.json'))
      .sort()) {
      const file = join(abs, name);
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`${relative(root, file)}: not valid JSON (${(error as Error).message})`);
      }
      files.push({ path: relative(root, file).split(sep).join('/'), json });
    }
  }
  return files;
}

/** Reads the meta-schema that every schema file must satisfy. */
export function loadMetaSchema(root: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'schemas', 'meta', 'onem2m.meta.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}
