// An AE the CSE cannot reach (requestReachability false) gets its notifications through a
// <pollingChannel>, long-polled in the background: no receiver, no open port.
import type { model } from 'onem2m-client';
import { check, runExample } from './support.js';

await runExample('subscription-polling', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  const ae = await cse.ae(unique('exampleAE'), { api: 'Nexample', rr: false, srv: ['3'] });
  removeAtEnd(ae);
  const channel = await ae.pollingChannel();
  removeAtEnd(channel);
  say(`polling ${channel.pollingChannelUri} as ${ae.aei}`);

  const container = await ae.container('myContainer');
  const subscription = await container.subscribe(undefined, { eventTypes: ['createOfDirectChildResource'] });
  say(`subscribed with notification target ${subscription.notificationUris.join(', ')}`);

  await container.addContent('polled value');
  const n = await subscription.next({ timeoutMs: 10_000 });
  const content = (n.resource as model.ContentInstance).content;
  check(content === 'polled value', 'the notification came through the polling channel');
  say(`notification through the polling channel: ${n.eventName}, content ${JSON.stringify(content)}`);

  await subscription.unsubscribe();
  await channel.stopPolling();
});
