import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaFile } from './load-schemas.js';
import { loadMetaSchema } from './load-schemas.js';

/** Checks every schema file against schemas/meta; throws listing each file and problem. */
export function validateSchemaFiles(root: string, files: readonly SchemaFile[]): void {
  const problems = schemaFileProblems(root, files);
  if (problems.length > 0) throw new Error(`schemas/ breaks the meta-schema:\n  ${problems.join('\n  ')}`);
}

/** Every meta-schema violation, as `file: pointer message` lines. */
export function schemaFileProblems(root: string, files: readonly SchemaFile[]): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(loadMetaSchema(root));
  const problems: string[] = [];
  for (const file of files) {
    if (validate(file.json)) continue;
    for (const error of validate.errors ?? []) {
      // if/then and oneOf wrappers only repeat what their branches say.
      if (error.keyword === 'if' || error.keyword === 'oneOf' || error.keyword === 'allOf') continue;
      problems.push(`${file.path}: ${error.instancePath || '/'} ${error.message ?? error.keyword}`);
    }
  }
  return problems;
}
