// Discovers resources by type and by labels.
// onem2mlib: examples/discovery.py
import { ResourceType } from 'onem2m-client';
import { check, runExample } from './support.js';

await runExample('discovery', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  const ae = await cse.ae(unique('exampleAE'), { api: 'Nexample', rr: true, srv: ['3'] });
  removeAtEnd(ae);
  const container = await ae.container('myContainer');
  await container.addContent('value1', { rn: 'Label1', lbl: ['label1/label', 'label2/anotherLabel'] });
  await container.addContent('value2', { rn: 'Label2', lbl: ['label1/label'] });
  await container.addContent('value3', { rn: 'Label3', lbl: ['label2/anotherLabel'] });
  await container.addContent('value4', { rn: 'Label4' });

  // Discovery results are filtered by the DISCOVERY privilege. tinyIoT's default policy grants
  // it to its admin only, so the example discovers as the session's originator (the admin).
  const finder = ae.withOriginator(session.originator);

  say('*** containers in the AE');
  const containers = await finder.discover({ ty: [ResourceType.Container] });
  for (const found of containers) say(`  ${found.typeName} ${found.address}`);
  check(containers.length === 1, 'one container');

  say('*** resources with label1/label');
  const withLabel1 = await finder.discover({ lbl: ['label1/label'] });
  for (const found of withLabel1) say(`  ${found.rn}`);
  check(withLabel1.length === 2, 'two with label1/label');

  say('*** resources with either label');
  const either = await finder.discover({ lbl: ['label1/label', 'label2/anotherLabel'] });
  for (const found of either) say(`  ${found.rn}`);
  check(either.length === 3, 'three with either label');

  say('*** every contentInstance, page by page');
  const names: string[] = [];
  for await (const found of finder.discoverEach({ ty: [ResourceType.ContentInstance] }, { pageSize: 2 }))
    names.push(found.rn);
  check(names.length === 4, 'four contentInstances');
  say(`discovered ${names.length} contentInstances in pages of 2: ${names.sort().join(', ')}`);
});
