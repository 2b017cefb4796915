import { describe, expect, it } from 'vitest';
import type { ResourceEvent } from '../../src/cse/index.js';
import { formatTimestamp } from '../../src/cse/time.js';
import { ADMIN, body, create, send, testCse } from './helpers.js';

const soon = (ms: number) => formatTimestamp(Date.now() + ms);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('resource expiration (et)', () => {
  it('removes an expired resource and its subtree, by timer, with deleted events', async () => {
    const cse = await testCse();
    const events: ResourceEvent[] = [];
    cse.cse.events.on((event) => void events.push(event));
    const expired = new Promise<void>((resolve) =>
      cse.cse.events.on((event) => {
        if (event.type === 'deleted' && event.resource.rn === 'short') resolve();
      }),
    );
    // The tree is built first and only then given its short lifetime: on a loaded machine a 300 ms
    // expiry set at creation could pass before the child is created.
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'short', et: soon(60_000) });
    await create(cse.url, ADMIN, 'cse-in/short', 4, 'm2m:cin', { rn: 'i', con: 'x' });
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'long' });
    const shortened = await send(cse.url, {
      op: 3,
      to: 'cse-in/short',
      fr: ADMIN,
      pc: { 'm2m:cnt': { et: soon(200) } },
    });
    expect(shortened.rsc).toBe(2004);
    // No request in between: the timer removes it.
    await expired;
    const deleted = events.filter((e) => e.type === 'deleted').map((e) => [e.resource.rn, e.reason]);
    expect(deleted).toEqual([
      ['i', 'parent-deleted'],
      ['short', 'expired'],
    ]);
    expect((await send(cse.url, { op: 2, to: 'cse-in/short', fr: ADMIN })).rsc).toBe(4004);
    expect((await send(cse.url, { op: 2, to: 'cse-in/long', fr: ADMIN })).rsc).toBe(2000);
  });

  it('removes expired content instances and keeps the container counters right', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'gone', et: soon(200) });
    await create(cse.url, ADMIN, 'cse-in/box', 4, 'm2m:cin', { con: 'stays' });
    await wait(350);
    const cnt = body(await send(cse.url, { op: 2, to: 'cse-in/box', fr: ADMIN }), 'm2m:cnt');
    expect(cnt).toMatchObject({ cni: 1, cbs: 5 });
    expect(body(await send(cse.url, { op: 2, to: 'cse-in/box/ol', fr: ADMIN }), 'm2m:cin')['con']).toBe('stays');
  });

  it('follows et updates, earlier and later', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'moved', et: soon(200) });
    expect(
      (await send(cse.url, { op: 3, to: 'cse-in/moved', fr: ADMIN, pc: { 'm2m:cnt': { et: soon(60_000) } } })).rsc,
    ).toBe(2004);
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'shortened' });
    expect(
      (await send(cse.url, { op: 3, to: 'cse-in/shortened', fr: ADMIN, pc: { 'm2m:cnt': { et: soon(200) } } })).rsc,
    ).toBe(2004);
    await wait(350);
    expect((await send(cse.url, { op: 2, to: 'cse-in/moved', fr: ADMIN })).rsc).toBe(2000);
    expect((await send(cse.url, { op: 2, to: 'cse-in/shortened', fr: ADMIN })).rsc).toBe(4004);
  });
});
