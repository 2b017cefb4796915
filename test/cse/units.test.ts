import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../src/cse/time.js';
import { ResourceTree, type StoredResource } from '../../src/cse/tree.js';

const resource = (ri: string, pi: string, seq: number): StoredResource => ({
  ri,
  pi,
  rn: ri,
  ty: pi === '' ? 5 : 3,
  typeName: pi === '' ? 'm2m:cb' : 'm2m:cnt',
  seq,
  owner: 'C',
  attributes: { ri, pi },
});

describe('timestamps', () => {
  it('formats as basic ISO 8601 with ,ffffff and parses every admitted form', () => {
    const ms = Date.UTC(2026, 4, 26, 11, 25, 32, 123);
    expect(formatTimestamp(ms)).toBe('20260526T112532,123000');
    expect(parseTimestamp('20260526T112532,123000')).toBe(ms);
    expect(parseTimestamp('20260526T112532.123')).toBe(ms);
    expect(parseTimestamp('20260526T112532')).toBe(ms - 123);
    expect(parseTimestamp('20260526T132532+02:00')).toBe(ms - 123);
    expect(parseTimestamp('20260526T112532Z')).toBe(ms - 123);
    expect(parseTimestamp('2026-05-26')).toBeUndefined();
  });
});

describe('resource tree transactions', () => {
  it('undoes inserts, replaces and subtree removals when the change throws, restoring child order', () => {
    const tree = new ResourceTree();
    tree.insert(resource('root', '', 1));
    for (const [i, ri] of ['a', 'b', 'c'].entries()) tree.insert(resource(ri, 'root', i + 2));
    tree.insert(resource('a1', 'a', 5));
    const snapshot = () =>
      JSON.stringify([tree.all(), tree.children('root').map((r) => r.ri), tree.children('a').map((r) => r.ri)]);
    const before = snapshot();
    expect(() =>
      tree.transaction(() => {
        tree.remove('a');
        tree.replace({ ...(tree.get('b') as StoredResource), attributes: { changed: true } });
        tree.insert(resource('d', 'root', tree.nextSeq()));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(snapshot()).toBe(before);
    expect(tree.children('root').map((r) => r.ri)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the changes of a transaction that completes', () => {
    const tree = new ResourceTree();
    tree.insert(resource('root', '', 1));
    tree.insert(resource('a', 'root', 2));
    tree.transaction(() => tree.remove('a'));
    expect(tree.get('a')).toBeUndefined();
    expect(() => tree.insert(resource('x', 'missing', 3))).toThrow(/parent/);
  });
});
