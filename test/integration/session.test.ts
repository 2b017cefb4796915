import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AEDescriptor,
  ContainerDescriptor,
  ContentInstanceDescriptor,
  CSEBaseDescriptor,
  ResponseStatusCode,
} from '../../generated/index.gen.js';
import { Client } from '../../src/client/Client.js';
import { ResponseError } from '../../src/errors/index.js';
import { startCse, type RunningCse } from '../../src/cse/index.js';

// The client against the embedded CSE over real HTTP on 127.0.0.1, in every encoding: the session
// the runtime issue asks for (register, container, content, la, discover, delete) and the
// error paths a real CSE produces.

let cse: RunningCse;
beforeAll(async () => {
  cse = await startCse({ port: 0 });
});
afterAll(() => cse.close());

const log: string[] = [];
afterAll(() => {
  if (process.env['SESSION_LOG']) console.log(log.join('\n'));
});

for (const encoding of ['json', 'xml', 'cbor'] as const) {
  describe(`a complete session in ${encoding}`, () => {
    it('register an AE, create a container, add content, read la, discover, delete', async () => {
      const admin = new Client({ url: cse.url, encoding });
      const say = (line: string) => log.push(`[${encoding}] ${line}`);

      const cb = await admin.retrieve(CSEBaseDescriptor, 'cse-in');
      say(`retrieve cse-in → CSEBase ${cb.csi} (ty ${cb.ty})`);
      expect(cb.csi).toBe('/id-in');

      const { ae, client } = await admin.registerAE({ rn: `app-${encoding}`, api: 'Nsession', rr: false, srv: ['3'] });
      say(`register AE app-${encoding} → aei ${ae.aei}; the client now speaks as ${client.originator}`);
      expect(ae.aei).toMatch(/^C/);
      expect(client.originator).toBe(ae.aei);

      const cnt = await client.create(ContainerDescriptor, `cse-in/app-${encoding}`, {
        rn: 'temperature',
        mni: 3,
        lbl: ['room:1'],
      });
      say(`create container temperature → ri ${cnt.ri}, mni ${cnt.mni}, cni ${cnt.cni}`);
      expect([cnt.mni, cnt.cni, cnt.lbl]).toEqual([3, 0, ['room:1']]);

      for (const value of ['20.5', '21.0', '21.5', '22.0'])
        await client.create(ContentInstanceDescriptor, `cse-in/app-${encoding}/temperature`, {
          con: value,
          cnf: 'text/plain:0',
        });
      const la = await client.retrieve(ContentInstanceDescriptor, `cse-in/app-${encoding}/temperature/la`);
      const after = await client.retrieve(ContainerDescriptor, `cse-in/app-${encoding}/temperature`);
      say(`add 4 contentInstances; la.con = ${String(la.con)}; cni = ${after.cni} (mni 3 drops the oldest)`);
      expect([la.con, after.cni, after.st]).toEqual(['22.0', 3, 4]);

      const found = await client.discover(`cse-in/app-${encoding}`, { ty: [4] });
      say(`discover ty=4 under the AE → ${found.length} addresses, e.g. ${found[0]}`);
      expect(found).toHaveLength(3);
      const withChildren = await client.retrieve(ContainerDescriptor, `cse-in/app-${encoding}/temperature`, { rcn: 4 });
      expect(withChildren['m2m:cin']?.map((c) => c['con'])).toEqual(['21.0', '21.5', '22.0']);

      await client.delete(AEDescriptor, `cse-in/app-${encoding}`);
      say(`delete the AE → gone with its subtree`);
      await expect(admin.retrieve(ContainerDescriptor, `cse-in/app-${encoding}/temperature`)).rejects.toSatisfy(
        (e) => e instanceof ResponseError && e.rsc === ResponseStatusCode.NotFound,
      );
    });
  });
}

describe('errors from a real CSE', () => {
  it('4004 for an unknown target, 4105 for a taken name, 4103 for an originator without rights', async () => {
    const admin = new Client({ url: cse.url });
    const notFound = await admin.retrieve(ContainerDescriptor, 'cse-in/nothing-here').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ResponseError);
    expect((notFound as ResponseError).rscName).toBe('NotFound');
    expect((notFound as ResponseError).status).toBe(404);

    const { client } = await admin.registerAE({ rn: 'errors-app', api: 'Nerr', rr: false, srv: ['3'] });
    await client.create(ContainerDescriptor, 'cse-in/errors-app', { rn: 'c' });
    const conflict = await client
      .create(ContainerDescriptor, 'cse-in/errors-app', { rn: 'c' })
      .catch((e: unknown) => e);
    expect((conflict as ResponseError).rsc).toBe(ResponseStatusCode.Conflict);

    const { client: other } = await admin.registerAE({ rn: 'other-app', api: 'Nother', rr: false, srv: ['3'] });
    const denied = await other.retrieve(ContainerDescriptor, 'cse-in/errors-app/c').catch((e: unknown) => e);
    expect((denied as ResponseError).rsc).toBe(ResponseStatusCode.OriginatorHasNoPrivilege);
    expect((denied as ResponseError).debug).toBeTruthy();
  });

  it('an NP attribute sent anyway is refused by the CSE naming the attribute', async () => {
    const admin = new Client({ url: cse.url });
    const e = (await admin
      .create(ContainerDescriptor, 'cse-in', { rn: 'np', cni: 3 } as never)
      .catch((x: unknown) => x)) as ResponseError;
    expect(e.rsc).toBe(ResponseStatusCode.BadRequest);
    expect(e.debug).toMatch(/cni/);
  });
});

describe('discovery paging against the CSE', () => {
  it('walks 250 containers in pages of 100', async () => {
    const admin = new Client({ url: cse.url });
    await admin.create(
      AEDescriptor,
      'cse-in',
      { rn: 'many', api: 'Nmany', rr: false, srv: ['3'] },
      { originator: 'Cmany' },
    );
    const owner = admin.withOriginator('Cmany');
    for (let i = 0; i < 250; i++) await owner.create(ContainerDescriptor, 'cse-in/many', { rn: `c${i}` });
    const seen: string[] = [];
    for await (const address of owner.discoverAll('cse-in/many', { ty: [3] }, { pageSize: 100 })) seen.push(address);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe('cse-in/many/c0');
    expect(seen[249]).toBe('cse-in/many/c249');
  }, 30_000);
});
