// Adds values of several types to a <container> and reads them back with their types.
// onem2mlib: examples/contentInstance.py
import { check, runExample } from './support.js';

await runExample('content-instances', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  const ae = await cse.ae(unique('exampleAE'), { api: 'Nexample', rr: true, srv: ['3'] });
  removeAtEnd(ae);
  const container = await ae.container('myContainer', { mni: 10 });
  say(`container ${container.address} (maxNrOfInstances ${container.mni})`);

  // Each value gets a contentInfo (cnf) that makes it read back as the same type.
  await container.addContent('Some value');
  await container.addContent(21.5);
  await container.addContent({ temperature: 21.5, unit: 'Celsius' });
  const bytes = await container.addContent(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
  say(`binary content stored as ${bytes.cnf}: ${String(bytes.rawContent)}`);

  for (const cin of await container.contentInstances())
    say(
      `  ${cin.rn} (${cin.cnf}): ${JSON.stringify(cin.content instanceof Uint8Array ? [...cin.content] : cin.content)}`,
    );

  const latest = await container.latestContent();
  const oldest = await container.oldestContent();
  check(latest instanceof Uint8Array && latest.length === 4, 'the latest content is the 4 bytes');
  check(oldest === 'Some value', 'the oldest content is the first string');
  say(`latest content: ${latest.length} bytes; oldest content: ${oldest}`);

  const values = await container.contents();
  check(values.length === 4 && values[1] === 21.5, 'all contents read back with their types');
  say(`contents: ${values.length} values, the second is the number ${String(values[1])}`);
  say(String(await container.latestContentInstance()));
});
