import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteCSEDescriptor, ResponseStatusCode } from '../../generated/index.gen.js';
import { startCse, type RunningCse } from '../../src/cse/index.js';
import { isResponseError, ResponseError } from '../../src/errors/index.js';
import { AE, CSEBase, RemoteCSE } from '../../src/model/index.js';
import { splitCseBaseAddress } from '../../src/model/remote-cse.js';
import { ENCODINGS, recordingFetch, sessionFor, unique } from './helpers.js';

// Two embedded CSEs: an IN-CSE and an MN-CSE whose <remoteCSE> the admin creates on the IN-CSE
// (the embedded CSE has no CSE registration or request forwarding of its own). The direct way is
// exercised end to end; the routed way is checked up to the request the IN-CSE receives.

let inCse: RunningCse;
let mnCse: RunningCse;
beforeAll(async () => {
  inCse = await startCse({ port: 0, log: () => undefined });
  mnCse = await startCse({ port: 0, cseId: '/id-mn', cseName: 'cse-mn', log: () => undefined });
});
afterAll(async () => {
  await inCse.close();
  await mnCse.close();
});

async function registerMn(encoding: 'json' | 'xml' | 'cbor', name: string): Promise<RemoteCSE> {
  const cb = await sessionFor(inCse, encoding).cseBase();
  return cb.create(
    RemoteCSEDescriptor,
    { rn: name, cb: '/id-mn/cse-mn', csi: '/id-mn', rr: true, poa: [mnCse.url], srv: ['3'] },
    { originator: '/id-mn' },
  );
}

it('splits CSEBase addresses', () => {
  expect(splitCseBaseAddress('/id-mn/cse-mn')).toEqual({ cseId: '/id-mn', cseName: 'cse-mn' });
  expect(splitCseBaseAddress('//acme.example.com/id-mn/cse-mn')).toEqual({ cseId: '/id-mn', cseName: 'cse-mn' });
  expect(splitCseBaseAddress('cse-mn')).toBeUndefined();
});

for (const encoding of ENCODINGS) {
  describe(`remote CSEs (${encoding})`, () => {
    it('lists and finds remoteCSEs, and reaches the remote CSE directly at its poa', async () => {
      const name = unique('id-mn');
      const csr = await registerMn(encoding, name);
      const cb = await sessionFor(inCse, encoding).cseBase();
      expect((await cb.remoteCSEs()).map((r) => [r instanceof RemoteCSE, r.rn])).toContainEqual([true, name]);
      const found = await cb.findRemoteCSE(name);
      expect([found?.cb, found?.remoteCseId, found?.remoteCseName, found?.poa]).toEqual([
        '/id-mn/cse-mn',
        '/id-mn',
        'cse-mn',
        [mnCse.url],
      ]);
      expect(await cb.findRemoteCSE(unique('none'))).toBeUndefined();

      const direct = await csr.cseFromRemoteCSE();
      expect(direct).toBeInstanceOf(CSEBase);
      expect([
        direct.csi,
        direct.address,
        direct.session.url,
        direct.session.encoding,
        direct.session.originator,
      ]).toEqual(['/id-mn', 'cse-mn', mnCse.url, encoding, 'CAdmin']);
      const aeName = unique('remoteAE');
      const ae = await direct.ae(aeName, { api: 'Nremote', rr: true, srv: ['3'] });
      expect(ae).toBeInstanceOf(AE);
      // It lives on the MN-CSE, not on the IN-CSE.
      expect((await (await sessionFor(mnCse, 'json').cseBase()).findAE(aeName))?.ri).toBe(ae.ri);
      expect(await cb.findAE(aeName)).toBeUndefined();
      expect((await direct.findAE(aeName))?.ri).toBe(ae.ri);
      await ae.delete();
      await csr.delete();
    });

    it('addresses the remote CSE through the local one with SP-relative addresses', async () => {
      const csr = await registerMn(encoding, unique('id-mn'));
      const spy = recordingFetch();
      const local = sessionFor(inCse, encoding, { fetch: spy.fetch });
      const viaLocal = await (await local.cseBase())
        .findRemoteCSE(csr.rn)
        .then((r) => (r as RemoteCSE).cseFromLocalCSE({ retrieve: false }));
      expect([
        viaLocal.address,
        viaLocal.csi,
        viaLocal.retrieved,
        viaLocal.session.url,
        viaLocal.session.isRouted,
      ]).toEqual(['/id-mn/cse-mn', '/id-mn', false, inCse.url, true]);
      const before = spy.seen.length;
      // The embedded CSE does not forward: it answers NOT_FOUND naming the other CSE.
      const error = await viaLocal.ae('viaLocal', { api: 'Nvia', rr: true, srv: ['3'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(isResponseError(error, ResponseStatusCode.NotFound)).toBe(true);
      // get-or-create: a RETRIEVE of the name, then the CREATE under the remote CSEBase, both sent to the IN-CSE.
      expect(spy.seen.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual([
        `GET ${inCse.url}/~/id-mn/cse-mn/viaLocal`,
        `POST ${inCse.url}/~/id-mn/cse-mn`,
      ]);
      expect((error as ResponseError).target).toBe('/id-mn/cse-mn');
      expect((error as ResponseError).debug).toMatch(/names another CSE.*does not forward/);
      // Results the remote CSE gives CSE-relative are routed too; SP-relative ones stay.
      expect(viaLocal.session.resolveAddress('cse-mn/x')).toBe('/id-mn/cse-mn/x');
      expect(viaLocal.session.resolveAddress('/id-mn/cnt1')).toBe('/id-mn/cnt1');
      const child = viaLocal.session.materialize('m2m:cnt', '/id-mn/cse-mn/ae/cnt', { ty: 3, ri: 'cnt1' });
      expect(child.referenceId).toBe('/id-mn/cnt1');
      await expect(csr.cseFromLocalCSE()).rejects.toSatisfy(
        (e) => isResponseError(e, ResponseStatusCode.NotFound) && (e as ResponseError).target === '/id-mn/cse-mn',
      );
      await csr.delete();
    });
  });
}
