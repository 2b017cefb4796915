// A smart lamp as the oneM2M smart-device templates (SDT, TS-0023) model it: a deviceLight
// flexContainer holding a binarySwitch and a colour module, each a typed specialisation. The lamp
// is created, switched on through an update of its switch, and watched through a subscription
// (notifications arrive at an HTTP receiver this example starts: ONEM2M_NOTIFY_HOST/PORT).
import { BinarySwitchDescriptor, ColourDescriptor, DeviceLightDescriptor } from 'onem2m-client/flexcontainers';
import { model } from 'onem2m-client';
import { notifications } from 'onem2m-client/notifications';
import { check, runExample } from './support.js';

await runExample('smart-lamp', async ({ session, unique, removeAtEnd, cleanup, notify, say }) => {
  const server = await notifications.setup(undefined, { host: notify.host, port: notify.port });
  cleanup(() => notifications.shutdown());
  say(`notification receiver at ${server.url}`);

  const cse = await session.cseBase();
  const ae = await cse.ae(unique('smartLamp'), { api: 'Nlamp', rr: true, srv: ['3'] });
  removeAtEnd(ae);

  // The device and its modules; each get-or-create fills in the specialisation's cnd.
  const lamp = await ae.flexContainer(DeviceLightDescriptor, 'lamp');
  const power = await lamp.flexContainer(BinarySwitchDescriptor, 'switch', { state: false });
  const colour = await lamp.flexContainer(ColourDescriptor, 'colour', { red: 255, green: 180, blue: 80 });
  say(`created ${lamp.typeName} ${lamp.address} (cnd ${lamp.cnd})`);
  say(
    `  with ${power.typeName} (state ${power.attributes.state}) and ${colour.typeName} (rgb ${colour.attributes.red}, ${colour.attributes.green}, ${colour.attributes.blue})`,
  );

  // Watch the switch: every update of it arrives as a notification with the switch's attributes.
  const subscription = await power.subscribe(undefined, { eventTypes: ['updateOfResource'] });
  say(`subscribed to ${power.address}`);

  await power.update({ state: true });
  const first = await subscription.next({ timeoutMs: 10_000 });
  const switched = first.resource;
  check(switched instanceof model.FlexContainer, 'the notification carries the switch as a FlexContainer');
  check(switched.typeName === 'cod:binSh', `the notification is about the binarySwitch (got ${switched.typeName})`);
  say(`notification: ${first.eventName} of ${switched.address}: state ${String(switched.get('state'))}`);

  await power.update({ state: false });
  const second = await subscription.next({ timeoutMs: 10_000 });
  say(`notification: ${second.eventName}: state ${String(second.resource?.get('state'))}`);

  // The colour module is a resource of its own; changing it does not touch the switch.
  await colour.update({ red: 0, green: 0, blue: 255 });
  say(`colour now rgb ${colour.attributes.red}, ${colour.attributes.green}, ${colour.attributes.blue}`);

  const modules = await lamp.flexContainers();
  say(
    `the lamp holds ${modules
      .map((m) => m.typeName)
      .sort()
      .join(' and ')}`,
  );
  await power.unsubscribe();
  check(subscription.hasEnded, 'the subscription has ended');
  say('lamp switched on and off, watched through a subscription: okay!');
});
