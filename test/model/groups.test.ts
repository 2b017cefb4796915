import { describe, expect, it } from 'vitest';
import { ContainerDescriptor, ContentInstanceDescriptor, ResponseStatusCode } from '../../generated/index.gen.js';
import { acr, acrs, Container, ContentInstance, Group } from '../../src/model/index.js';
import { ENCODINGS, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

for (const encoding of ENCODINGS) {
  describe(`groups and their fan-out point (${encoding})`, () => {
    it('creates, retrieves, updates and deletes the members’ resources, with per-member results', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('grp'), { api: 'Ngrp', rr: true, srv: ['3'] });
      const cnt1 = await ae.container('container1');
      const cnt2 = await ae.container('container2');
      const grp = await ae.group('myGroup', { mid: [cnt1.referenceId, cnt2.referenceId], mnm: 10 });
      expect(grp).toBeInstanceOf(Group);
      expect([grp.mid, grp.cnm, grp.mnm, grp.fanOutPoint]).toEqual([[cnt1.ri, cnt2.ri], 2, 10, `${grp.address}/fopt`]);
      expect((await grp.members()).map((m) => [m instanceof Container, m.ri])).toEqual([
        [true, cnt1.ri],
        [true, cnt2.ri],
      ]);

      const created = await grp.createGroupResources(ContentInstanceDescriptor, {
        con: 'Some value',
        cnf: 'text/plain:0',
      });
      expect([created.ok, created.failures, created.results.map((r) => [r.member, r.rsc, r.rscName])]).toEqual([
        true,
        [],
        [
          [cnt1.ri, ResponseStatusCode.Created, 'Created'],
          [cnt2.ri, ResponseStatusCode.Created, 'Created'],
        ],
      ]);
      expect(created.resources.every((r) => r instanceof ContentInstance && r.content === 'Some value')).toBe(true);
      expect([await cnt1.latestContent(), await cnt2.latestContent()]).toEqual(['Some value', 'Some value']);
      // The created instances are addressable as returned.
      expect((await created.resources[0]?.retrieve())?.content).toBe('Some value');

      const got = await grp.getGroupResources();
      expect(got.resources.map((r) => [r.typeName, r.ri, r.address])).toEqual([
        ['m2m:cnt', cnt1.ri, cnt1.ri],
        ['m2m:cnt', cnt2.ri, cnt2.ri],
      ]);
      const latest = await grp.getGroupResources({ path: 'la' });
      expect(latest.resources.map((r) => (r as ContentInstance).content)).toEqual(['Some value', 'Some value']);

      const updated = await grp.updateGroupResources(ContainerDescriptor, { lbl: ['grouped'] });
      expect(updated.resources.map((r) => r.lbl)).toEqual([['grouped'], ['grouped']]);
      expect((await cnt1.retrieve()).lbl).toEqual(['grouped']);

      const deleted = await grp.deleteGroupResources({ path: 'la' });
      expect(deleted.results.map((r) => r.rsc)).toEqual([ResponseStatusCode.Deleted, ResponseStatusCode.Deleted]);
      expect([await cnt1.latestContent(), await cnt2.latestContent()]).toEqual([undefined, undefined]);
      await ae.delete();
    });

    it('reports members that fail apart from those that succeed', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const owner = await cb.ae(unique('owner'), { api: 'Nowner', rr: true, srv: ['3'] });
      const other = await cb.ae(unique('other'), { api: 'Nother', rr: true, srv: ['3'] });
      const acp = await cb.accessControlPolicy(unique('acp'), {
        pv: acrs(
          acr({ originators: [other.aei], operations: 'all' }),
          acr({ originators: [owner.aei], operations: ['retrieve', 'discover'] }),
        ),
        pvs: acrs(acr({ originators: ['CAdmin'], operations: 'all' })),
      });
      const foreign = await other.container('foreign', { acpi: [acp.ri] });
      const mine = await owner.container('mine');
      const grp = await owner.group('mixed', { mid: [mine.ri], mnm: 5 });
      await grp.addMembers([foreign]);
      expect(grp.mid).toEqual([mine.ri, foreign.ri]);

      const result = await grp.deleteGroupResources();
      expect(result.ok).toBe(false);
      expect(result.results.map((r) => [r.member, r.ok, r.rsc])).toEqual([
        [mine.ri, true, ResponseStatusCode.Deleted],
        [foreign.ri, false, ResponseStatusCode.OriginatorHasNoPrivilege],
      ]);
      expect(result.failures[0]?.debug).toMatch(/privilege/);
      expect(await owner.findContainer('mine')).toBeUndefined();
      expect(await other.findContainer('foreign')).toBeDefined();
      expect((await grp.retrieve()).mid).toEqual([foreign.ri]);
      if (encoding === 'xml') {
        // XML cannot say "an empty list" (it reads as null).
        await expect(grp.removeMembers([foreign.ri])).rejects.toThrow(/empty list/);
      } else {
        await grp.removeMembers([foreign.ri]);
        expect(grp.mid).toEqual([]);
      }
      await owner.delete();
      await other.delete();
      await acp.delete();
    });
  });
}
