// Lists every <AE> of the CSE.
// onem2mlib: examples/getAllAEs.py
import { check, runExample } from './support.js';

await runExample('get-all-aes', async ({ session, unique, removeAtEnd, say }) => {
  const cse = await session.cseBase();
  const names = [unique('exampleAE1'), unique('exampleAE2')];
  for (const name of names) removeAtEnd(await cse.ae(name, { api: 'Nexample', rr: true, srv: ['3'] }));

  const aes = await cse.aes();
  for (const ae of aes) say(`  ${ae.rn}: AE-ID ${ae.aei}, App-ID ${ae.api}`);
  check(
    names.every((name) => aes.some((ae) => ae.rn === name)),
    'both AEs are listed',
  );
  say(`found ${aes.length} AEs`);
});
