import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { PayloadValidation } from '../../validation/validate.js';
import type { ValidationOperation } from '../../validation/issue.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../exit.js';
import { expandPaths } from '../files.js';
import { runAction } from '../run.js';

interface ValidateCliOptions {
  readonly op: ValidationOperation;
  readonly type?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

/** One file's entry in the --json report. */
interface FileReport {
  readonly file: string;
  readonly ok: boolean;
  readonly type?: string;
  readonly operation?: ValidationOperation;
  /** Why the file could not be checked (not JSON, no type). */
  readonly error?: string;
  readonly issues: PayloadValidation['issues'];
}

function operation(value: string): ValidationOperation {
  if (value !== 'create' && value !== 'update' && value !== 'resource')
    throw new InvalidArgumentError('use create, update or resource');
  return value;
}

/** `onem2m validate`: checks payload files against the schemas, for people's own CI. */
export const validateCommand: CliCommand = {
  name: 'validate',
  register(program: Command) {
    program
      .command('validate')
      .argument('<paths...>', 'JSON files, directories (every *.json below) or globs ("payloads/**/*.json")')
      .description('validate oneM2M payloads against the schemas; the type comes from the m2m:xxx root key')
      .option('--op <operation>', 'check as a create, an update or a full resource', operation, 'create')
      .option('--type <type>', 'resource type for files without an m2m: root key (cnt, container, 3 …)')
      .option('--quiet', 'print only problems')
      .option(
        '--json',
        'print one JSON report on stdout: {checked, valid, problems, unmatched, files: [{file, ok, type, operation, issues}]}',
      )
      .addHelpText(
        'after',
        `\nExample:\n  $ onem2m validate payloads/ --op create\n  payloads/bad.json: /m2m:cnt/cni (currentNrOfInstances): Container create: attribute 'cni' … [create-not-permitted]\n\nExit status: 0 every payload is valid, 1 problems found (or a path matched nothing), 2 nothing to validate (no file matched).`,
      )
      .action(
        runAction(async (paths: string[], options: ValidateCliOptions) => {
          const { files, unmatched } = await expandPaths(paths);
          if (!options.json)
            for (const arg of unmatched) process.stderr.write(`${arg}: no such file, or no .json file matches\n`);
          if (files.length === 0)
            throw new UsageError(`nothing to validate: ${unmatched.join(', ')} matched no .json file`);
          const text = (line: string) => {
            if (!options.json) process.stdout.write(line);
          };
          const reports: FileReport[] = [];
          let problems = 0;
          const { validate } = await import('../../validation/validate.js');
          for (const file of files) {
            let payload: unknown;
            try {
              payload = JSON.parse(await readFile(file, 'utf8'));
            } catch (error) {
              problems++;
              const reason = `not valid JSON: ${(error as Error).message}`;
              reports.push({ file, ok: false, error: reason, issues: [] });
              text(`${file}: ${reason}\n`);
              continue;
            }
            const result = validate(payload, {
              op: options.op,
              ...(options.type === undefined ? {} : { type: options.type }),
            });
            reports.push({
              file,
              ok: result.ok,
              ...(result.typeName === undefined ? {} : { type: result.typeName }),
              operation: result.operation,
              issues: result.issues,
            });
            if (result.ok) {
              if (!options.quiet) text(`${file}: ok (${result.typeName} ${result.operation})\n`);
              continue;
            }
            for (const issue of result.issues) {
              problems++;
              const longName = 'longName' in issue && issue.longName ? ` (${issue.longName})` : '';
              text(`${file}: ${issue.pointer || '/'}${longName}: ${issue.message} [${issue.rule}]\n`);
            }
          }
          text(
            `${files.length} file${files.length === 1 ? '' : 's'} checked, ${problems} problem${problems === 1 ? '' : 's'}\n`,
          );
          if (options.json) {
            const valid = reports.filter((r) => r.ok).length;
            const report = { checked: files.length, valid, problems, unmatched, files: reports };
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          }
          return problems > 0 || unmatched.length > 0 ? ExitCode.ValidationFailed : ExitCode.Success;
        }),
      );
  },
};
