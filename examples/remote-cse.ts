// Works with a <remoteCSE>: another CSE registered with this one, reached directly at its point
// of access or through this CSE. Against a real CSE the first registered remoteCSE is used.
// Without ONEM2M_URL, a second embedded CSE (/id-mn, cse-mn) plays the remote one; its
// <remoteCSE> is created on the first by hand, because the embedded CSE neither registers with
// other CSEs nor forwards requests, so the routed way ends at the first CSE with NOT_FOUND.
// onem2mlib: examples/remoteCSE.py
import { isResponseError, RemoteCSEDescriptor, ResponseStatusCode } from 'onem2m-client';
import { startCse } from 'onem2m-client/cse';
import { check, runExample } from './support.js';

await runExample('remote-cse', async ({ session, embedded, unique, cleanup, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  if (embedded) {
    const mn = await startCse({ port: 0, cseId: '/id-mn', cseName: 'cse-mn', log: () => undefined });
    cleanup(() => mn.close());
    const registration = await cse.create(
      RemoteCSEDescriptor,
      { rn: 'id-mn', cb: '/id-mn/cse-mn', csi: '/id-mn', rr: true, poa: [mn.url], srv: ['3'] },
      { originator: '/id-mn' },
    );
    removeAtEnd(registration);
    say(`(embedded: a second CSE /id-mn at ${mn.url}, registered as ${registration.address})`);
  }

  const remoteCSEs = await cse.remoteCSEs();
  const remote = remoteCSEs[0];
  if (!remote) {
    say('no remoteCSE is registered with this CSE: nothing to show');
    return;
  }
  say(String(remote));

  // Directly: a session to the remote CSE's point of access.
  const direct = await remote.cseFromRemoteCSE();
  say(`direct: CSEBase ${direct.csi} at ${direct.session.url}`);
  // Through the local CSE: SP-relative addresses the local CSE forwards.
  const viaLocal = await remote.cseFromLocalCSE({ retrieve: false });
  say(`via the local CSE: ${viaLocal.address} through ${viaLocal.session.url}`);

  const name = unique('remoteAE');
  if (embedded) {
    const refused = await viaLocal.ae(name, { api: 'Nremote', rr: true, srv: ['3'] }).catch((error: unknown) => error);
    check(isResponseError(refused, ResponseStatusCode.NotFound), 'the embedded CSE does not forward');
    say(`via the local CSE: ${refused.rsc} ${refused.rscName} (the embedded CSE does not forward requests)`);
    const ae = await direct.ae(name, { api: 'Nremote', rr: true, srv: ['3'] });
    removeAtEnd(ae);
    say(`created AE ${ae.rn} directly on ${direct.csi}`);
  } else {
    // As onem2mlib's example: create through the local CSE, find it directly, delete it directly.
    const ae = await viaLocal.ae(name, { api: 'Nremote', rr: true, srv: ['3'] });
    removeAtEnd(ae);
    say(`created AE ${ae.address} through the local CSE`);
  }
  const found = await direct.findAE(name);
  check(found !== undefined, 'the AE is found directly on the remote CSE');
  say(`found AE ${found.rn} directly on the remote CSE`);
  await found.delete();
  say('deleted it directly');
});
