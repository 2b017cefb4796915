// Creates an <AE> (or gets it, if one with the name exists), shows it, updates it, deletes it.
// onem2mlib: examples/createAE.py
import { isResponseError, ResponseStatusCode } from 'onem2m-client';
import { check, runExample } from './support.js';

await runExample('create-ae', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  say(`CSEBase ${cse.rn} (${cse.csi}) at ${session.url}`);

  // Get-or-create by name: the default way to get a resource. The AE object speaks as the AE.
  const name = unique('exampleAE');
  const ae = await cse.ae(name, { api: 'Nexample', rr: true, srv: ['3'], lbl: ['example'] });
  removeAtEnd(ae);
  say(`AE ${ae.rn} registered with AE-ID ${ae.aei}`);
  say(String(ae));

  const again = await cse.ae(name, { api: 'Nexample', rr: true, srv: ['3'] });
  check(again.ri === ae.ri, 'ae() with the same name gives the same AE');
  say(`ae('${name}') again gives the existing AE ${again.ri}`);

  // An explicit create fails when the name is taken.
  const refused = await cse
    .createAE({ rn: name, api: 'Nexample', rr: true, srv: ['3'] })
    .catch((error: unknown) => error);
  check(isResponseError(refused, ResponseStatusCode.Conflict), 'createAE with a taken name fails with CONFLICT');
  say(`createAE with the same name: ${refused.rsc} ${refused.rscName}`);

  // Only what changed is sent.
  await ae.update({ lbl: ['example', 'updated'], rr: true });
  say(`labels are now ${ae.lbl.join(', ')}`);

  await ae.delete();
  check((await cse.findAE(name)) === undefined, 'the AE is gone');
  say(`AE ${name} deleted`);
});
