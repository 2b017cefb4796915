import { describe, expect, it } from 'vitest';
import {
  ContainerDescriptor,
  ContentInstanceDescriptor,
  FilterOperation,
  ResourceType,
} from '../../generated/index.gen.js';
import { toTimestamp } from '../../src/time/timestamp.js';
import { Container, ContentInstance, type Resource } from '../../src/model/index.js';
import { ENCODINGS, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

for (const encoding of ENCODINGS) {
  describe(`discovery (${encoding})`, () => {
    it('by labels, resource types and other criteria, returning model objects', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const ae = await cb.ae(unique('disc'), { api: 'Ndisc', rr: true, srv: ['3'] });
      const cnt = await ae.container('c', { lbl: ['kind/box'] });
      const before = toTimestamp(new Date(Date.now() - 60_000));
      await cnt.addContent('value1', { rn: 'Label1', lbl: ['label1/label', 'label2/anotherLabel'] });
      await cnt.addContent('value2', { rn: 'Label2', lbl: ['label1/label'] });
      await cnt.addContent('value3', { rn: 'Label3', lbl: ['label2/anotherLabel'] });
      await cnt.addContent('value4', { rn: 'Label4' });
      const names = (found: readonly Resource[]) => found.map((r) => r.rn).sort();

      const containers = await ae.discover({ ty: [ResourceType.Container] });
      expect(containers.map((r) => [r instanceof Container, r.address])).toEqual([[true, cnt.address]]);
      expect(names(await ae.discover({ lbl: ['label1/label'] }))).toEqual(['Label1', 'Label2']);
      expect(names(await ae.discover({ lbl: ['label1/label', 'label2/anotherLabel'] }))).toEqual([
        'Label1',
        'Label2',
        'Label3',
      ]);
      expect(
        names(
          await ae.discover({
            lbl: ['label1/label'],
            ty: [ResourceType.ContentInstance],
            fo: FilterOperation.LogicalAND,
          }),
        ),
      ).toEqual(['Label1', 'Label2']);
      expect(
        names(
          await ae.discover({ lbl: ['kind/box'], ty: [ResourceType.ContentInstance], fo: FilterOperation.LogicalOR }),
        ),
      ).toEqual(['Label1', 'Label2', 'Label3', 'Label4', 'c']);
      expect(await ae.discover({ cra: before, ty: [ResourceType.ContentInstance], lim: 2 })).toHaveLength(2);
      expect(await ae.discover({ crb: before })).toEqual([]);
      expect(names(await cnt.discover({ sza: 6 }))).toEqual(['Label1', 'Label2', 'Label3', 'Label4']);
      expect(await ae.discover({ lbl: ['nothing'] })).toEqual([]);

      const typed = await ae.discover({ lbl: ['label2/anotherLabel'] }, { type: ContentInstanceDescriptor });
      expect(typed.map((c) => [c instanceof ContentInstance, c.content])).toEqual([
        [true, 'value1'],
        [true, 'value3'],
      ]);
      expect(await ae.discover({}, { type: ContainerDescriptor })).toHaveLength(1);

      const each: string[] = [];
      for await (const r of ae.discoverEach({ ty: [ResourceType.ContentInstance] }, { pageSize: 3 })) each.push(r.rn);
      expect(each.sort()).toEqual(['Label1', 'Label2', 'Label3', 'Label4']);
      await ae.delete();
    });
  });
}
