// Creates a <group> of two containers and works on both through its fan-out point.
// onem2mlib: examples/groups.py
import { ContainerDescriptor, ContentInstanceDescriptor } from 'onem2m-client';
import { check, runExample } from './support.js';

await runExample('groups', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  const ae = await cse.ae(unique('exampleAE'), { api: 'Nexample', rr: true, srv: ['3'] });
  removeAtEnd(ae);
  const cnt1 = await ae.container('container1');
  const cnt2 = await ae.container('container2');

  const group = await ae.group('myGroup', { mid: [cnt1.referenceId, cnt2.referenceId], mnm: 10 });
  say(String(group));
  say(`members: ${(await group.members()).map((m) => m.rn).join(', ')}`);

  // One request to <group>/fopt creates a contentInstance in every member.
  const created = await group.createGroupResources(ContentInstanceDescriptor, {
    con: 'Some value',
    cnf: 'text/plain:0',
  });
  for (const result of created.results) say(`  ${result.member}: ${result.rsc} ${result.rscName}`);
  check(created.ok && created.resources.length === 2, 'both members got a contentInstance');

  const [value1, value2] = [await cnt1.latestContent(), await cnt2.latestContent()];
  check(value1 === value2 && value1 === 'Some value', 'both containers hold the same value');
  say(`both containers hold ${JSON.stringify(value1)}: okay!`);

  const updated = await group.updateGroupResources(ContainerDescriptor, { lbl: ['grouped'] });
  check(
    updated.resources.every((r) => r.lbl.includes('grouped')),
    'both containers were labelled',
  );
  const latest = await group.getGroupResources({ path: 'la' });
  say(`latest instances through the group: ${latest.resources.map((r) => r.rn).join(', ')}`);
  const deleted = await group.deleteGroupResources({ path: 'la' });
  say(`deleted them: ${deleted.results.map((r) => r.rscName).join(', ')}`);
  check(deleted.ok, 'both deleted');
});
