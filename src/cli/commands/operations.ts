import { InvalidArgumentError, type Command } from 'commander';
import { Operation } from '../../../generated/enums/operation.gen.js';
import { FilterUsage } from '../../../generated/enums/filter-usage.gen.js';
import type { RequestPrimitive } from '../../primitives/request.js';
import type { CliCommand } from '../command.js';
import { addConnectionOptions, clientFor, type ConnectionOptions } from '../connection.js';
import { ExitCode, UsageError } from '../exit.js';
import { addFilterOptions, filterFrom } from '../filter-options.js';
import { formatJson, readContent } from '../io.js';
import { runAction } from '../run.js';

// retrieve, create, update, delete and discover: one request each, the response content printed
// as JSON. They share the connection options and differ in operation and content.

type Options = ConnectionOptions & Record<string, unknown>;

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a number');
  return Number(value);
}

function list(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

async function send(
  options: Options,
  op: RequestPrimitive['op'],
  to: string,
  extra: Partial<RequestPrimitive>,
): Promise<number> {
  const client = clientFor(options);
  const request = { ...client.buildRequest(op, to, {}), ...extra } as RequestPrimitive;
  const response = await client.send(request, { retry: false });
  process.stdout.write(
    response.pc === undefined
      ? `${JSON.stringify({ rsc: response.rsc })}\n`
      : formatJson(response.pc, options.longNames === true),
  );
  return ExitCode.Success;
}

/** Wraps bare attributes in their root key, checking them against the schemas unless told not to. */
async function resourceContent(
  content: unknown,
  options: Options,
  op: 'create' | 'update',
): Promise<{ typeName: string; ty: number; pc: Record<string, unknown> }> {
  // The validators (every resource type and specialisation, ~2 MB of modules) load only for the
  // commands that send content: retrieve, delete, discover and --help start without them.
  const { validate, findResourceType } = await import('../../validation/validate.js');
  const type = options['type'] as string | undefined;
  const result = validate(content, { op, ...(type === undefined ? {} : { type }) });
  if (result.typeName === undefined) throw new UsageError(result.issues[0]?.message ?? 'cannot tell the resource type');
  if (!result.ok && options['validate'] !== false) {
    const lines = result.issues.map((i) => `  ${i.pointer || '/'}: ${i.message}`);
    throw new UsageError(
      `the content is not a valid ${result.typeName} ${op} (send anyway with --no-validate):\n${lines.join('\n')}`,
    );
  }
  const entry = findResourceType(result.typeName);
  const keys = Object.keys(content as object);
  const wrapped =
    keys.length === 1 && keys[0] === result.typeName
      ? (content as Record<string, unknown>)
      : { [result.typeName]: content };
  return { typeName: result.typeName, ty: entry?.ty ?? 0, pc: wrapped };
}

const EXAMPLES = {
  retrieve: 'onem2m retrieve cse-in/myAE/temperature/la --origin CmyAE',
  create: `onem2m create cse-in/myAE '{"m2m:cnt": {"rn": "temperature", "mni": 100}}'`,
  update: `onem2m update cse-in/myAE/temperature '{"m2m:cnt": {"lbl": ["room:1"]}}'`,
  delete: 'onem2m delete cse-in/myAE/temperature',
  discover: 'onem2m discover cse-in --ty 3 --lbl room:1 --lim 10',
};

const help = (example: string) =>
  `\nExample:\n  $ ${example}\n\nExit status: 0 success, 2 bad arguments or input, 3 an error status from the CSE (printed with its name), 4 no usable answer (connection, timeout).`;

export const retrieveCommand: CliCommand = {
  name: 'retrieve',
  register(program: Command) {
    const command = program
      .command('retrieve')
      .argument('<address>', 'the resource, e.g. cse-in/myAE or /id-in/cnt123')
      .description('retrieve a resource and print it');
    addConnectionOptions(command)
      .option(
        '--rcn <n>',
        'result content (1 attributes, 4 with children, 5 child references, 6 references only, 8 children only)',
        integer,
      )
      .option('--attributes <names>', 'only these attributes (atrl), comma-separated', list)
      .option('--fu <n>', 'filter usage; 2 conditional retrieval (with the filter options)', integer);
    addFilterOptions(command)
      .addHelpText('after', help(EXAMPLES.retrieve))
      .action(
        runAction(async (address: string, options: Options) => {
          const fc = filterFrom(options);
          return send(options, Operation.Retrieve, address, {
            ...(options['rcn'] === undefined ? {} : { rcn: options['rcn'] as never }),
            ...(options['attributes'] ? { atrl: options['attributes'] as string[] } : {}),
            ...(Object.keys(fc).length > 0
              ? { fc: { fu: (options['fu'] as never) ?? FilterUsage.ConditionalOperation, ...fc } }
              : {}),
          });
        }),
      );
  },
};

function contentCommand(
  name: 'create' | 'update',
  op: RequestPrimitive['op'],
  argument: string,
  description: string,
): CliCommand {
  return {
    name,
    register(program: Command) {
      const command = program
        .command(name)
        .argument(
          `<${argument}>`,
          name === 'create' ? 'the parent, e.g. cse-in/myAE' : 'the resource, e.g. cse-in/myAE/temperature',
        )
        .argument('[content]', 'JSON content, @file.json, or - for stdin (the default)')
        .description(description);
      addConnectionOptions(command)
        .option('--file <file>', 'read the content from this file (- for stdin)')
        .option('--type <type>', 'resource type when the content has no m2m: root key (cnt, container, 3 …)')
        .option('--rcn <n>', 'result content', integer)
        .option('--no-validate', 'send the content even if it breaks the schema rules')
        .addHelpText('after', help(EXAMPLES[name]))
        .action(
          runAction(async (target: string, inline: string | undefined, options: Options) => {
            const content = await readContent(inline, options['file'] as string | undefined);
            const { ty, pc } = await resourceContent(content, options, name);
            return send(options, op, target, {
              pc,
              ...(name === 'create' ? { ty } : {}),
              ...(options['rcn'] === undefined ? {} : { rcn: options['rcn'] as never }),
            });
          }),
        );
    },
  };
}

export const createCommand = contentCommand(
  'create',
  Operation.Create,
  'parent',
  'create a resource under a parent and print what the CSE returns',
);
export const updateCommand = contentCommand(
  'update',
  Operation.Update,
  'address',
  'update the attributes given (null deletes one) and print the result',
);

export const deleteCommand: CliCommand = {
  name: 'delete',
  register(program: Command) {
    const command = program
      .command('delete')
      .argument('<address>', 'the resource to delete with its subtree')
      .description('delete a resource');
    addConnectionOptions(command)
      .option('--rcn <n>', 'result content (0 nothing, 1 the deleted resource)', integer)
      .addHelpText('after', help(EXAMPLES.delete))
      .action(
        runAction(async (address: string, options: Options) =>
          send(
            options,
            Operation.Delete,
            address,
            options['rcn'] === undefined ? {} : { rcn: options['rcn'] as never },
          ),
        ),
      );
  },
};

export const discoverCommand: CliCommand = {
  name: 'discover',
  register(program: Command) {
    const command = program
      .command('discover')
      .argument('<address>', 'where to search from, e.g. cse-in')
      .description('discover resources matching the filter and print their addresses');
    addConnectionOptions(command)
      .option('--drt <n>', 'identifiers: 1 structured (default), 2 unstructured', integer)
      .option('--all', 'walk every page (lim/ofst) and print one address per line')
      .option('--page-size <n>', 'results per request with --all', integer, 100);
    addFilterOptions(command)
      .addHelpText('after', help(EXAMPLES.discover))
      .action(
        runAction(async (address: string, options: Options) => {
          const client = clientFor(options);
          const filter = filterFrom(options);
          const drt = options['drt'] as 1 | 2 | undefined;
          if (options['all']) {
            for await (const found of client.discoverAll(address, filter, {
              pageSize: options['pageSize'] as number,
              ...(drt ? { drt } : {}),
            }))
              process.stdout.write(`${found}\n`);
            return ExitCode.Success;
          }
          process.stdout.write(formatJson(await client.discover(address, filter, drt ? { drt } : {}), false));
          return ExitCode.Success;
        }),
      );
  },
};
