import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesWildcard } from '../../src/cse/wildcard.js';

/** What the matcher replaced: a backtracking RegExp, exact but exponential on some patterns. */
function byRegExp(pattern: string, value: string): boolean {
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(value);
}

describe('matchesWildcard', () => {
  it('agrees with a RegExp on random patterns and values', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '*', '.', '\n'), maxLength: 10 });
    fc.assert(
      fc.property(text, text, (pattern, value) => {
        const plain = value.replaceAll('*', '');
        expect(matchesWildcard(pattern, plain)).toBe(byRegExp(pattern, plain));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers pathological patterns at once', () => {
    const started = performance.now();
    expect(matchesWildcard(`${'*a'.repeat(40)}*b`, 'a'.repeat(10_000))).toBe(false);
    expect(matchesWildcard(`${'*a'.repeat(40)}*b`, `${'a'.repeat(10_000)}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
