import { afterAll, describe, expect, it } from 'vitest';
import type { model } from '../../src/index.js';
import { notifications } from '../../src/notifications/index.js';
import { eventually, sessionFor, unique, useCse } from '../model/helpers.js';

// onem2mlib parity: notifications.disableNotifications() / enableNotifications() / isNotificationEnabled().

const cse = useCse();
afterAll(() => notifications.shutdown({ unsubscribe: false }));

describe('pausing notifications', () => {
  it('drops events while disabled (the server and subscription stay), delivers again when enabled', async () => {
    const received: unknown[] = [];
    const server = await notifications.setup();
    const session = sessionFor(cse.current, 'json');
    const ae = await (await session.cseBase()).ae(unique('pause'), { api: 'Npause', rr: true, srv: ['3'] });
    const box = await ae.container('box');
    const subscription = await box.subscribe((n) => void received.push((n.resource as model.ContentInstance).content));
    expect(notifications.isNotificationEnabled()).toBe(true);

    notifications.disableNotifications();
    expect(notifications.isNotificationEnabled()).toBe(false);
    await box.addContent('while disabled');
    await eventually(() => server.router.ignored === 1, 5000, 'the event to be answered and ignored');
    expect(received).toEqual([]);
    expect(subscription.hasEnded).toBe(false);

    notifications.enableNotifications();
    expect(notifications.isNotificationEnabled()).toBe(true);
    await box.addContent('enabled again');
    await eventually(() => received.length === 1, 5000, 'the event after enabling');
    expect(received).toEqual(['enabled again']);
    await ae.delete();
  });

  it('holds for a server set up later', async () => {
    await notifications.shutdown({ unsubscribe: false });
    notifications.disableNotifications();
    const server = await notifications.setup();
    expect(server.router.enabled).toBe(false);
    notifications.enableNotifications();
    expect(server.router.enabled).toBe(true);
  });
});
