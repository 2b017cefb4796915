import { ResultContent } from '../../generated/enums/result-content.gen.js';

// Requests built by release version (X-M2M-RVI). Releases 1 and 2/2a know no "discovery result
// references" result content (rcn 11 came with release 3): a discovery there sends no rcn and the
// CSE answers its default, a URI list (m2m:uril).

/** A release version indicator as a comparable number: `1`, `2`, `2a` (2.5), `3`, `4`, `5`. */
export function releaseNumber(rvi: string): number {
  const match = /^(\d+)(a?)$/.exec(rvi.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) + (match[2] === 'a' ? 0.5 : 0);
}

/** The rcn a discovery sends at this release: 11 from release 3 on, none before. */
export function discoveryResultContent(rvi: string): number | undefined {
  const release = releaseNumber(rvi);
  return Number.isNaN(release) || release >= 3 ? ResultContent.DiscoveryResultReferences : undefined;
}
