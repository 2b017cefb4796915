import { profiles } from '../../src/profiles/index.js';

/** The README's table of CSE departures, made from the profiles' data (test/profiles/profiles.test.ts checks README.md holds it). */
export function departuresTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.values(profiles)
    .filter((p) => p.departures.length > 0)
    .flatMap((p) =>
      p.departures.map(
        (d, i) =>
          `| ${i === 0 ? `\`${p.name}\`${p.verified ? '' : ' (unverified)'}` : ''} | ${cell(d.what)} | ${cell(d.answer)} |`,
      ),
    );
  return ['| Profile | What the CSE does | The profile’s answer |', '|---|---|---|', ...rows].join('\n');
}
