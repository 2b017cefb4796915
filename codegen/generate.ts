import * as prettier from 'prettier';
import {
  emitComplexTypes,
  emitEnums,
  emitIndexes,
  emitNames,
  emitResourceMap,
  emitRegistry,
  emitResource,
  emitValidators,
  type Output,
} from './emit.js';
import { emitShapes } from './emit-shapes.js';
import {
  emitDataTypeChecks,
  emitSpecializationValidatorIndex,
  emitSpecializationValidators,
} from './emit-specialization-validators.js';
import { emitSpecialization, emitSpecializationDescriptors, emitSpecializationTables } from './emit-specializations.js';
import { buildSpecializations } from './specializations.js';
import { buildModel } from './model.js';
import { loadSchemas } from './load-schemas.js';
import { validateSchemaFiles } from './validate-schemas.js';

const PRETTIER: prettier.Options = { parser: 'typescript', printWidth: 120, singleQuote: true, trailingComma: 'all' };

const README = `# generated/ — DO NOT EDIT FILES IN THIS DIRECTORY

Everything here is written by \`npm run generate\` from \`schemas/\`. Edit a schema and regenerate;
\`npm run generate -- --check\` (part of \`npm test\`) fails when these files are stale.
`;

/**
 * Runs the whole pipeline: schemas/ → model → every generated file, formatted, in memory.
 * `progress` hears of each phase (the whole takes tens of seconds).
 */
export async function generate(root: string, progress: (step: string) => void = () => undefined): Promise<Output[]> {
  const files = loadSchemas(root);
  validateSchemaFiles(root, files);
  const model = buildModel(files);
  progress(`${files.length} schemas loaded and checked; compiling the validators`);
  // flexContainer specialisations: schemas/flexcontainers → generated/flexcontainers.
  const specializations = buildSpecializations(files, model);
  const validators = emitValidators(model);
  progress(`emitting ${model.resources.length} resource types`);
  const outputs: Output[] = [];
  for (const resource of model.resources)
    outputs.push(await emitResource(model, resource), validators.resource(resource));
  outputs.push(validators.shared);
  outputs.push(
    ...(await emitComplexTypes(model)),
    ...emitEnums(model),
    emitRegistry(model),
    emitNames(model),
    emitShapes(model),
    emitResourceMap(model),
    ...emitIndexes(model),
  );
  outputs.push(emitDataTypeChecks(model, specializations));
  progress(`formatting ${outputs.length + 1} files`);
  const formatted: Output[] = [['README.md', README]];
  for (const [path, contents] of outputs) formatted.push([path, await prettier.format(contents, PRETTIER)]);
  // The specialisations' hundreds of small modules are laid out by their emitters (layout.ts):
  // prettier would take half a minute over them.
  for (const spec of specializations)
    formatted.push(emitSpecialization(model, spec), emitSpecializationValidators(spec));
  formatted.push(
    emitSpecializationDescriptors(specializations),
    emitSpecializationValidatorIndex(specializations),
    ...emitSpecializationTables(model, specializations),
  );
  return formatted.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
