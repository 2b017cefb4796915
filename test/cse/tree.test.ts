import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCreation, ResourceTree, type StoredResource } from '../../src/cse/tree.js';

// The tree's indexes (children per type in creation order with counts and content bytes, the
// children that have children, the lazy creation-order walk) against the plain definitions,
// under random inserts, replacements, removals and undone transactions.

const TYPES = [3, 4, 23];

function resource(tree: ResourceTree, ri: string, pi: string, ty: number, cs: number): StoredResource {
  return { ri, pi, rn: `n-${ri}`, ty, typeName: `t${ty}`, seq: tree.nextSeq(), owner: 'o', attributes: { cs } };
}

type Step =
  | { kind: 'insert'; parent: number; ty: number; cs: number }
  | { kind: 'replace'; target: number; cs: number }
  | { kind: 'remove'; target: number }
  | { kind: 'fail'; parent: number; target: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      parent: fc.nat(),
      ty: fc.constantFrom(...TYPES),
      cs: fc.nat(50),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), target: fc.nat(), cs: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), parent: fc.nat(), target: fc.nat() }) },
);

function check(tree: ResourceTree): void {
  const all = tree.all();
  for (const parent of all) {
    const children = tree.children(parent.ri);
    expect(children).toEqual(byCreation(all.filter((r) => r.pi === parent.ri)));
    for (const ty of TYPES) {
      const ofType = tree.childrenOfType(parent.ri, ty);
      const expected = children.filter((c) => c.ty === ty);
      expect([...ofType.values()]).toEqual(expected);
      expect([...ofType.reversed()]).toEqual([...expected].reverse());
      expect(ofType.size).toBe(expected.length);
      expect(ofType.bytes).toBe(expected.reduce((sum, c) => sum + Number(c.attributes['cs']), 0));
      expect(ofType.first).toBe(expected[0]);
      expect(ofType.last).toBe(expected[expected.length - 1]);
    }
    const descendants = byCreation(tree.descendants(parent.ri));
    expect([...tree.walk(parent.ri)]).toEqual(descendants);
    expect([...tree.walk(parent.ri, { levels: 2 })]).toEqual(byCreation(tree.descendants(parent.ri, 2)));
    expect([...tree.walk(parent.ri, { skipType: (ty) => ty !== 4 })]).toEqual(descendants.filter((r) => r.ty === 4));
  }
  // Parents before children in the unsorted order.
  const seen = new Set<string>();
  for (const r of tree.resources()) {
    if (r.pi !== '') expect(seen.has(r.pi)).toBe(true);
    seen.add(r.ri);
  }
}

describe('ResourceTree indexes', () => {
  it('agree with the plain definitions under random changes and undone transactions', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const tree = new ResourceTree();
        tree.insert(resource(tree, 'root', '', 5, 0));
        let next = 0;
        const pick = (n: number) => {
          const all = tree.all();
          return all[n % all.length] as StoredResource;
        };
        for (const s of steps) {
          if (s.kind === 'insert')
            tree.transaction(() => tree.insert(resource(tree, `r${next++}`, pick(s.parent).ri, s.ty, s.cs)));
          else if (s.kind === 'replace') {
            const target = pick(s.target);
            tree.transaction(() => tree.replace({ ...target, attributes: { cs: s.cs } }));
          } else if (s.kind === 'remove') {
            const target = pick(s.target);
            if (target.pi !== '') tree.transaction(() => tree.remove(target.ri));
          } else {
            const parent = pick(s.parent);
            const target = pick(s.target);
            expect(() =>
              tree.transaction(() => {
                tree.insert(resource(tree, `r${next++}`, parent.ri, 4, 7));
                if (target.pi !== '') tree.remove(target.ri);
                tree.replace({ ...tree.root, attributes: { cs: 99 } });
                throw new Error('undo');
              }),
            ).toThrow('undo');
          }
          check(tree);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('removes and walks very deep trees without recursion', () => {
    const tree = new ResourceTree();
    tree.insert(resource(tree, 'root', '', 5, 0));
    let parent = 'root';
    for (let i = 0; i < 20_000; i++) {
      tree.insert(resource(tree, `d${i}`, parent, 3, 1));
      parent = `d${i}`;
    }
    let count = 0;
    for (const _ of tree.walk('root')) count++;
    expect(count).toBe(20_000);
    expect(tree.remove('d0')).toHaveLength(20_000);
    expect(tree.size).toBe(1);
  });
});
