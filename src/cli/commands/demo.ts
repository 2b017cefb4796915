import type { Command } from 'commander';
import { AEDescriptor } from '../../../generated/resources/ae.gen.js';
import { ContainerDescriptor } from '../../../generated/resources/container.gen.js';
import { ContentInstanceDescriptor } from '../../../generated/resources/content-instance.gen.js';
import { SubscriptionDescriptor } from '../../../generated/resources/subscription.gen.js';
import { Client } from '../../client/Client.js';
import type { RunningCse } from '../../cse/start.js';
import { redactUrl } from '../../http/credentials.js';
import { randomId } from '../../primitives/request-id.js';
import type { CliCommand } from '../command.js';
import { addConnectionOptions, type ConnectionOptions } from '../connection.js';
import { ExitCode } from '../exit.js';
import { runAction } from '../run.js';

interface DemoOptions extends ConnectionOptions {
  readonly embedded: boolean;
  readonly notifyHost: string;
}

/** `onem2m demo`: the main story, step by step, against a CSE or an embedded one. */
export const demoCommand: CliCommand = {
  name: 'demo',
  register(program: Command) {
    const command = program
      .command('demo')
      .description(
        'walk through the main story: register an AE, create a container, add content, read it, subscribe, discover, clean up',
      );
    addConnectionOptions(command)
      .option(
        '--notify-host <host>',
        'interface for the notification receiver (the CSE must reach it)',
        process.env['ONEM2M_NOTIFY_HOST'] ?? '127.0.0.1',
      )
      .addHelpText(
        'after',
        '\nWithout --url (or ONEM2M_URL) the demo starts an embedded CSE on a free port.\n\nExample:\n  $ onem2m demo\n  $ onem2m demo --url http://127.0.0.1:8080 --encoding cbor',
      )
      .action(
        runAction(async (options: DemoOptions, cmd: Command) => {
          const print = (line: string) => process.stdout.write(`${line}\n`);
          let embedded: RunningCse | undefined;
          let url = options.url;
          if (cmd.getOptionValueSource('url') === 'default' && !process.env['ONEM2M_URL']) {
            const { startCse } = await import('../../cse/start.js');
            embedded = await startCse({
              port: 0,
              cseId: options.cseId,
              cseName: options.cseName,
              admin: options.origin,
            });
            url = embedded.url;
            print(`0. Started an embedded CSE ${embedded.cseId} at ${url}`);
          } else print(`0. Using the CSE at ${redactUrl(url)}`);
          const admin = new Client({
            url,
            originator: options.origin,
            releaseVersion: options.rvi,
            encoding: options.encoding,
            cseId: options.cseId,
            cseName: options.cseName,
            timeoutMs: options.timeout,
          });
          let onContent: (value: string) => void = () => undefined;
          const { startNotificationReceiver } = await import('../../notifications/receiver.js');
          const receiver = await startNotificationReceiver(
            (n) => {
              if (n.kind === 'event' && n.typeName === 'm2m:cin')
                onContent(String((n.resource as { con?: unknown }).con));
            },
            { host: options.notifyHost },
          );
          const name = `demo-${randomId(6)}`;
          const base = `${options.cseName}/${name}`;
          let registered: Client | undefined;
          try {
            const cb = await admin.retrieveAny(options.cseName);
            print(
              `1. Retrieved the CSEBase ${options.cseName} (${cb.typeName}, CSE-ID ${String(cb.resource['csi'])}) in ${options.encoding}`,
            );

            const { ae, client } = await admin.registerAE({
              rn: name,
              api: 'Nonem2m-demo',
              rr: true,
              poa: [receiver.url],
              srv: [options.rvi],
            });
            registered = client;
            print(`2. Registered the AE ${name}; the CSE assigned the AE-ID ${ae.aei}`);

            await client.create(ContainerDescriptor, base, {
              rn: 'temperature',
              mni: 10,
              lbl: ['demo', 'unit:celsius'],
            });
            print(`3. Created the container ${base}/temperature (mni 10)`);

            for (const value of ['21.0', '21.5', '22.1'])
              await client.create(ContentInstanceDescriptor, `${base}/temperature`, {
                con: value,
                cnf: 'text/plain:0',
              });
            print('4. Added three readings: 21.0, 21.5, 22.1');

            const latest = await client.retrieve(ContentInstanceDescriptor, `${base}/temperature/la`);
            const container = await client.retrieve(ContainerDescriptor, `${base}/temperature`);
            print(`5. The latest value (la) is ${String(latest.con)}; the container holds ${container.cni} instances`);

            const notified = new Promise<string>((resolve) => (onContent = resolve));
            await client.create(SubscriptionDescriptor, `${base}/temperature`, {
              rn: 'watch',
              nu: [receiver.url],
              enc: { net: [3] },
            });
            print(`6. Subscribed to new readings (notifications to ${receiver.url})`);
            await client.create(ContentInstanceDescriptor, `${base}/temperature`, { con: '22.4', cnf: 'text/plain:0' });
            print('   Added the reading 22.4');
            const value = await Promise.race([
              notified,
              new Promise<string>((_, reject) =>
                setTimeout(
                  () =>
                    reject(
                      new Error('no notification within 10 s; is the notification receiver reachable from the CSE?'),
                    ),
                  10_000,
                ).unref(),
              ),
            ]);
            print(`   Received a notification: new content instance with value ${value}`);

            const found = await client.discover(base, { ty: [4] });
            print(`7. Discovered ${found.length} content instances under ${base}, e.g. ${found[0] ?? '-'}`);

            await client.delete(AEDescriptor, base);
            registered = undefined;
            print(`8. Deleted the AE ${name} and everything under it`);
            print('Done.');
            return ExitCode.Success;
          } finally {
            if (registered) await registered.delete(AEDescriptor, base).catch(() => undefined);
            await receiver.close();
            await embedded?.close();
          }
        }),
      );
  },
};
