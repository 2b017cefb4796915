import { InvalidArgumentError, type Command } from 'commander';
import { SubscriptionDescriptor } from '../../../generated/resources/subscription.gen.js';
import type { ReceivedNotification } from '../../notifications/notification.js';
import type { CliCommand } from '../command.js';
import { addConnectionOptions, clientFor, type ConnectionOptions } from '../connection.js';
import { ExitCode } from '../exit.js';
import { formatJson } from '../io.js';
import { runAction } from '../run.js';

interface SubscribeOptions extends ConnectionOptions {
  readonly notifyHost: string;
  readonly notifyPort: number;
  readonly publicUrl?: string;
  readonly net?: number[];
  readonly nct?: number;
  readonly rn?: string;
  readonly count?: number;
  readonly json?: boolean;
}

function numbers(value: string, previous: number[] | undefined): number[] {
  const parsed = value.split(',').map((v) => Number(v.trim()));
  if (parsed.some((n) => !Number.isInteger(n))) throw new InvalidArgumentError('give numbers, e.g. --net 1,3');
  return [...(previous ?? []), ...parsed];
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a number');
  return Number(value);
}

function describe(n: ReceivedNotification, longNames: boolean): string {
  switch (n.kind) {
    case 'event':
      return `notification (event ${n.notification.nev?.net ?? '?'}) from ${n.notification.sur}:\n${formatJson(n.notification.nev?.rep ?? null, longNames)}`;
    case 'subscriptionDeletion':
      return `the subscription ${n.notification.sur} was deleted by the CSE\n`;
    case 'verification':
      return `verification request for ${n.notification.sur ?? 'a new subscription'}: accepted\n`;
    case 'response':
      return `non-blocking result:\n${formatJson(n.response, longNames)}`;
  }
}

/** One NDJSON line for --json: the notification as data, for scripts (`jq`, log shippers). */
function asJson(n: ReceivedNotification): string {
  switch (n.kind) {
    case 'event':
      return JSON.stringify({
        kind: n.kind,
        subscription: n.notification.sur,
        event: n.notification.nev?.net,
        resource: n.notification.nev?.rep ?? null,
      });
    case 'subscriptionDeletion':
    case 'verification':
      return JSON.stringify({ kind: n.kind, subscription: n.notification.sur ?? null });
    case 'response':
      return JSON.stringify({ kind: n.kind, response: n.response });
  }
}

/** `onem2m subscribe`: subscribes, prints notifications until interrupted, then unsubscribes. */
export const subscribeCommand: CliCommand = {
  name: 'subscribe',
  register(program: Command) {
    const command = program
      .command('subscribe')
      .argument('<address>', 'the resource to watch, e.g. cse-in/myAE/temperature')
      .description('subscribe to a resource and print each notification until interrupted');
    addConnectionOptions(command)
      .option(
        '--notify-host <host>',
        'interface the notification receiver listens on',
        process.env['ONEM2M_NOTIFY_HOST'] ?? '127.0.0.1',
      )
      .option(
        '--notify-port <port>',
        'port of the notification receiver (0: any free one)',
        integer,
        Number(process.env['ONEM2M_NOTIFY_PORT'] ?? 0),
      )
      .option('--public-url <url>', 'the receiver address the CSE should use, if not http://host:port (NAT, proxies)')
      .option(
        '--net <types>',
        'notification event types: 1 update, 2 delete, 3 child created, 4 child deleted (default 1,2,3,4)',
        numbers,
      )
      .option('--nct <n>', 'notification content: 1 all attributes, 2 modified attributes, 3 resource ID', integer)
      .option('--rn <name>', 'name of the subscription resource')
      .option('--count <n>', 'stop after this many event notifications', integer)
      .option('--json', 'print each notification as one line of JSON (NDJSON) on stdout; messages stay on stderr')
      .addHelpText(
        'after',
        '\nExample:\n  $ onem2m subscribe cse-in/myAE/temperature --net 3\n\nThe subscription is deleted when you press Ctrl-C (or after --count notifications).',
      )
      .action(
        runAction(async (address: string, options: SubscribeOptions) => {
          const client = clientFor(options);
          let events = 0;
          let finish: (code: number) => void = () => undefined;
          const finished = new Promise<number>((resolve) => (finish = resolve));
          let subscription: string | undefined;
          // The receiver decodes every encoding, so it (and the codecs) load only for this command.
          const { startNotificationReceiver } = await import('../../notifications/receiver.js');
          const receiver = await startNotificationReceiver(
            (n) => {
              process.stdout.write(options.json ? `${asJson(n)}\n` : describe(n, options.longNames === true));
              if (n.kind === 'event' && options.count !== undefined && ++events >= options.count)
                finish(ExitCode.Success);
              if (n.kind === 'subscriptionDeletion') {
                subscription = undefined; // already gone on the CSE
                finish(ExitCode.Success);
              }
            },
            {
              host: options.notifyHost,
              port: options.notifyPort,
              ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
            },
          );
          const stop = async () => {
            if (subscription)
              await client
                .delete(SubscriptionDescriptor, subscription)
                .catch((error: unknown) =>
                  process.stderr.write(`could not delete the subscription: ${String(error)}\n`),
                );
            await receiver.close();
          };
          try {
            const sub = await client.create(SubscriptionDescriptor, address, {
              nu: [receiver.url],
              enc: { net: (options.net ?? [1, 2, 3, 4]) as never },
              ...(options.nct === undefined ? {} : { nct: options.nct as never }),
              ...(options.rn === undefined ? {} : { rn: options.rn }),
            });
            subscription = `${address}/${sub.rn}`;
            process.stderr.write(
              `subscribed to ${address} as ${subscription}; notifications go to ${receiver.url}. Ctrl-C to stop.\n`,
            );
          } catch (error) {
            await stop();
            throw error;
          }
          const onSignal = () => finish(ExitCode.Success);
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          const code = await finished;
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          await stop();
          process.stderr.write('unsubscribed\n');
          return code;
        }),
      );
  },
};
