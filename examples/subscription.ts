// Subscribes to a <container> and receives a notification for each new value: with a callback,
// and as an async iterator. Notifications arrive at an HTTP receiver this example starts
// (ONEM2M_NOTIFY_HOST/PORT; it must be reachable from the CSE).
// onem2mlib: examples/subscription.py
import { model } from 'onem2m-client';
import { notifications } from 'onem2m-client/notifications';
import { check, runExample } from './support.js';

await runExample('subscription', async ({ session, unique, removeAtEnd, cleanup, notify, say }) => {
  // The receiver every session without an endpoint of its own uses; shutdown() deletes the subscriptions made through it.
  const server = await notifications.setup(undefined, { host: notify.host, port: notify.port });
  cleanup(() => notifications.shutdown());
  say(`notification receiver at ${server.url}`);

  const cse = await session.cseBase();
  const ae = await cse.ae(unique('exampleAE'), { api: 'Nexample', rr: true, srv: ['3'] });
  removeAtEnd(ae);
  const container = await ae.container('myContainer');

  const received: string[] = [];
  const subscription = await container.subscribe((n) => {
    if (n.resource instanceof model.ContentInstance) received.push(String(n.resource.content));
  });
  say(`subscribed: events ${subscription.eventTypes.join(', ')}; content ${subscription.notificationContentType}`);

  await container.addContent('Some value');
  const first = await subscription.next({ timeoutMs: 10_000 });
  say(`notification: ${first.eventName} of ${first.resource?.address}`);

  await container.addContent('Another value');
  await container.addContent('A third value');
  for await (const n of subscription) {
    say(`notification: ${n.eventName}, content ${JSON.stringify((n.resource as model.ContentInstance).content)}`);
    if ((n.resource as model.ContentInstance).content === 'A third value') break;
  }
  check(received.length === 3, `the callback got all 3 values (got ${received.length})`);
  say(`the callback received ${received.join(' | ')}`);

  await container.unsubscribe();
  check(subscription.hasEnded, 'the subscription has ended');
  say('unsubscribed');
});
