import { describe, expect, it } from 'vitest';
import { ContainerDescriptor } from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { ResponseError } from '../../src/errors/index.js';
import { ADMIN, body, create, registerAe, send, settled, testCse, testReceiver } from './helpers.js';

// Non-blocking requests: rt=1 (synch, the result is polled from a <request> resource) and rt=2
// (asynch, the result is also sent as a notification).

type Req = {
  op: number;
  tg: string;
  org: string;
  rid: string;
  rs: number;
  ors?: { rsc: number; rqi: string; pc?: Record<string, Record<string, unknown>>; to?: string; fr?: string };
  mi: { rvi: string };
};

describe('non-blocking requests', () => {
  it('acknowledges rt=1 with 1001 and a <request> that holds the result when done', async () => {
    const cse = await testCse();
    const aei = await registerAe(cse.url, 'app');
    await create(cse.url, aei, 'cse-in/app', 3, 'm2m:cnt', { rn: 'box', lbl: ['x'] });
    const ack = await send(cse.url, { op: 2, to: 'cse-in/app/box', fr: aei, rt: { rtv: 1 }, rqi: 'nb-1' });
    expect(ack.rsc).toBe(1001);
    const address = body<string>(ack, 'm2m:uri');
    await settled(cse);
    const req = body<Req>(await send(cse.url, { op: 2, to: address, fr: aei }), 'm2m:req');
    expect(req).toMatchObject({ ty: 17, op: 2, tg: 'cse-in/app/box', org: aei, rid: 'nb-1', rs: 1, mi: { rvi: '4' } });
    expect(req.ors).toMatchObject({
      rsc: 2000,
      rqi: 'nb-1',
      to: aei,
      fr: '/id-in',
      pc: { 'm2m:cnt': { rn: 'box', lbl: ['x'] } },
    });
    // The <request> lives under the CSEBase and belongs to the originator.
    expect(body(await send(cse.url, { op: 2, to: address, fr: ADMIN }), 'm2m:req')['pi']).toBe('id-in');
    const stranger = await registerAe(cse.url, 'stranger');
    expect((await send(cse.url, { op: 2, to: address, fr: stranger })).rsc).toBe(4103);
    expect((await send(cse.url, { op: 4, to: address, fr: aei })).rsc).toBe(2002);
  });

  it('records a failed operation as FAILED with its error', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'taken' });
    const ack = await send(cse.url, {
      op: 1,
      to: 'cse-in',
      fr: ADMIN,
      ty: 3,
      pc: { 'm2m:cnt': { rn: 'taken' } },
      rt: { rtv: 1 },
    });
    expect(ack.rsc).toBe(1001);
    await settled(cse);
    const req = body<Req>(await send(cse.url, { op: 2, to: body<string>(ack, 'm2m:uri'), fr: ADMIN }), 'm2m:req');
    expect(req.rs).toBe(2);
    expect(req.ors?.rsc).toBe(4105);
    expect(req.ors?.pc?.['m2m:dbg']).toEqual(expect.stringContaining('taken'));
  });

  it('refuses a request to a missing target at once instead of queueing it', async () => {
    const cse = await testCse();
    const response = await send(cse.url, { op: 4, to: 'cse-in/missing', fr: ADMIN, rt: { rtv: 1 } });
    expect(response.rsc).toBe(4004);
    expect(response.pc?.['m2m:dbg']).toEqual(expect.stringContaining('missing'));
  });

  it('refuses notification URIs without rt=2', async () => {
    const cse = await testCse();
    const response = await send(cse.url, {
      op: 2,
      to: 'cse-in',
      fr: ADMIN,
      rt: { rtv: 1, nu: ['http://127.0.0.1:9/x'] },
    });
    expect(response.rsc).toBe(4000);
  });

  it('works with the client: nonBlockingSynch is followed to its result', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box', mni: 5 });
    const client = new Client({ url: cse.url });
    const cnt = await client.retrieve(ContainerDescriptor, 'cse-in/box', {
      responseType: 'nonBlockingSynch',
      poll: { intervalMs: 5 },
    });
    expect(cnt).toMatchObject({ rn: 'box', mni: 5 });
    await expect(
      client.retrieve(ContainerDescriptor, 'cse-in/nothing', {
        responseType: 'nonBlockingSynch',
        poll: { intervalMs: 5 },
      }),
    ).rejects.toSatisfy((e) => e instanceof ResponseError && e.rsc === 4004);
  });

  it('works with the client: sendNonBlockingAsynch notifies the result to the given URIs', async () => {
    const cse = await testCse();
    await create(cse.url, ADMIN, 'cse-in', 3, 'm2m:cnt', { rn: 'box' });
    const receiver = await testReceiver();
    const client = new Client({ url: cse.url });
    const { requestAddress, acknowledgement } = await client.sendNonBlockingAsynch(1, 'cse-in/box', {
      ty: 4,
      content: { 'm2m:cin': { con: 'later' } },
      notificationUris: [receiver.url],
      requestId: 'nb-2',
    });
    expect(acknowledgement.rsc).toBe(1002);
    await settled(cse);
    const [result] = receiver.of('response');
    expect(result?.response).toMatchObject({
      rsc: 2001,
      rqi: 'nb-2',
      fr: '/id-in',
      to: ADMIN,
      pc: { 'm2m:cin': { con: 'later' } },
    });
    expect(body<Req>(await send(cse.url, { op: 2, to: requestAddress, fr: ADMIN }), 'm2m:req').rs).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('sends an rt=2 result to the originator’s poa when no notification URI is given', async () => {
    const cse = await testCse();
    const receiver = await testReceiver();
    const aei = await registerAe(cse.url, 'app', 'C', { poa: [receiver.url] });
    const ack = await send(cse.url, { op: 2, to: 'cse-in/app', fr: aei, rt: { rtv: 2 }, rqi: 'nb-3' });
    expect(ack.rsc).toBe(1002);
    await settled(cse);
    expect(
      receiver.of('response').map((n) => [n.response.rsc, n.response.rqi, Object.keys(n.response.pc ?? {})]),
    ).toEqual([[2000, 'nb-3', ['m2m:ae']]]);
  });
});
