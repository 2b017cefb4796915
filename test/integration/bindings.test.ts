import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseStatusCode } from '../../generated/index.gen.js';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { isResponseError } from '../../src/errors/index.js';
import { model, Session } from '../../src/index.js';
import { NotificationServer } from '../../src/notifications/index.js';

// The integration session over each binding: the client against the embedded CSE, which serves
// HTTP, MQTT (on its embedded broker) and WebSocket at once, in every encoding each binding
// carries. Register an AE, create a container, add content (mni drops the oldest), read la,
// discover, subscribe and get notified, delete. Over MQTT and WebSocket the notifications come
// over the same binding (the AE's request topic, the open connection), over HTTP to a receiver.
// SESSION_LOG=1 prints the transcript (the closing note of issue 15 shows it).

let cse: RunningCse;
let receiver: NotificationServer;
beforeAll(async () => {
  cse = await startCse({ port: 0, mqtt: { port: 0 }, webSocket: { port: 0 }, log: () => undefined });
  receiver = await NotificationServer.start();
});
afterAll(async () => {
  await receiver.close({ unsubscribe: false });
  await cse.close();
});

const transcript: string[] = [];
afterAll(() => {
  if (process.env['SESSION_LOG']) console.log(transcript.join('\n'));
});

const BINDINGS = {
  http: () => cse.url,
  mqtt: () => cse.mqttUrl as string,
  websocket: () => cse.wsUrl as string,
} as const;

for (const [binding, url] of Object.entries(BINDINGS))
  for (const encoding of ['json', 'cbor', 'xml'] as const) {
    describe(`${binding} × ${encoding}`, () => {
      it('register, container, content, la, discover, subscribe + notify, delete', async () => {
        const say = (line: string) => transcript.push(`[${binding} ${encoding}] ${line}`);
        const session = new Session({
          url: url(),
          encoding,
          ...(binding === 'http' ? { notifications: receiver } : {}),
        });
        try {
          say(`connect to ${session.url}`);
          const base = await session.cseBase();
          say(`retrieve cse-in → CSEBase ${base.attributes.csi}, poa ${JSON.stringify(base.attributes.poa)}`);
          expect(base.attributes.poa).toEqual([cse.url, cse.mqttUrl, cse.wsUrl]);

          const name = `app-${binding}-${encoding}`;
          const ae = await base.ae(name, { api: 'Nbinding', rr: true, srv: ['3'] });
          say(`register AE ${name} → aei ${ae.aei}; the session speaks as ${ae.session.originator}`);
          expect(ae.session.originator).toBe(ae.aei);

          const container = await ae.container('temperature', { mni: 3 });
          say(`create container temperature → ri ${container.ri}, mni ${container.mni}`);

          const received: string[] = [];
          const subscription = await container.subscribe((n) => {
            if (n.resource instanceof model.ContentInstance) received.push(String(n.resource.content));
          });
          say(
            `subscribe → ${subscription.ri}, nu ${JSON.stringify(subscription.notificationUris)}${binding === 'http' ? '' : `; AE poa ${JSON.stringify((await ae.retrieve()).attributes.poa)}`}`,
          );
          if (binding !== 'http') expect(subscription.notificationUris).toEqual([ae.aei]);

          for (const value of ['20.5', '21.0', '21.5', '22.0']) await container.addContent(value);
          const notified = [];
          for (let i = 0; i < 4; i++) notified.push(await subscription.next({ timeoutMs: 10_000 }));
          say(`add 4 contentInstances → 4 notifications over ${binding}: ${received.join(', ')}`);
          expect(received).toEqual(['20.5', '21.0', '21.5', '22.0']);
          expect(notified.map((n) => n.eventName)).toEqual(Array(4).fill('createOfDirectChildResource'));

          const latest = await container.latestContent();
          const refreshed = await container.retrieve();
          say(`la → ${String(latest)}; cni ${refreshed.cni} (mni 3 dropped the oldest)`);
          expect([latest, refreshed.cni]).toEqual(['22.0', 3]);

          const found = await session.client.discover(container.address, { ty: [4] });
          say(`discover ty=4 → ${found.length} addresses, e.g. ${found[0]}`);
          expect(found).toHaveLength(3);

          await container.unsubscribe();
          say('unsubscribe → the subscription is deleted');
          await ae.delete();
          say('delete the AE → gone with its subtree');
          const gone = await session.client.retrieveAny(container.address).catch((e: unknown) => e);
          expect(isResponseError(gone, ResponseStatusCode.NotFound)).toBe(true);
        } finally {
          await session.client.close();
        }
      });
    });
  }
