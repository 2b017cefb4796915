// Creates an <accessControlPolicy> and an AE protected by it.
// onem2mlib: examples/accessControlPolicies.py
import { acr, acrs, isResponseError, ResponseStatusCode } from 'onem2m-client';
import { check, runExample } from './support.js';

await runExample('access-control-policies', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  const reader = `C${unique('reader').replace(/_/g, '')}`;

  // Everything for the session's originator, retrieve and discovery for `reader`.
  const acp = await cse.accessControlPolicy(unique('exampleACP'), {
    pv: acrs(
      acr({ originators: [session.originator], operations: 'all' }),
      acr({ originators: [reader], operations: ['retrieve', 'discover'] }),
    ),
    pvs: acrs(acr({ originators: [session.originator], operations: 'all' })),
  });
  removeAtEnd(acp);
  say(String(acp));
  for (const rule of acp.privileges) say(`  ${rule.originators.join(', ')}: ${rule.operations.join(', ')}`);

  // The AE object speaks as the AE: the creator of a resource without acpi is the only one who
  // may set it (TS-0001; ACME refuses even its admin CAdmin with 4103).
  const ae = await cse.ae(unique('exampleAE'), { api: 'Nexample', rr: true, srv: ['3'] });
  removeAtEnd(ae);
  await ae.setAccessControlPolicies([acp]);
  say(`AE ${ae.rn} now has accessControlPolicyIDs ${ae.acpi.join(', ')}`);

  const asReader = ae.withOriginator(reader);
  await asReader.retrieve();
  say(`${reader} may retrieve the AE`);
  const denied = await asReader.update({ lbl: ['nope'] }).catch((error: unknown) => error);
  check(isResponseError(denied, ResponseStatusCode.OriginatorHasNoPrivilege), `${reader} may not update the AE`);
  say(`${reader} may not update it: ${denied.rsc} ${denied.rscName}`);

  // The AE goes first: the policy is still referenced by it. The policy grants the session's
  // originator everything, so the AE is deleted as that originator.
  await ae.withOriginator(session.originator).delete();
  await acp.delete();
  say('AE and policy deleted');
});
