import { describe, expect, it } from 'vitest';
import {
  FirmwareDescriptor,
  FlexContainerDescriptor,
  MemoryDescriptor,
  ResourceType,
  TimeSeriesDescriptor,
} from '../../generated/index.gen.js';
import {
  AccessControlPolicy,
  acr,
  acrs,
  AE,
  Container,
  ContentInstance,
  FlexContainer,
  Group,
  MgmtObj,
  Node,
  TimeSeries,
  TimeSeriesInstance,
} from '../../src/model/index.js';
import { ENCODINGS, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

for (const encoding of ENCODINGS) {
  describe(`navigation (${encoding})`, () => {
    it('lists and finds AEs, containers, instances, groups and policies', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const name = unique('nav');
      const ae = await cb.ae(name, { api: 'Nnav', rr: true, srv: ['3'] });
      const a = await ae.container('a');
      const b = await ae.container('b');
      const nested = await a.container('nested');
      await a.addContent('one');
      await a.addContent('two');
      const grp = await ae.group('g', { mid: [a.ri, b.ri], mnm: 5 });
      const acp = await cb.accessControlPolicy(unique('acp'), {
        pv: acrs(acr({ originators: [ae.aei], operations: 'all' })),
        pvs: acrs(acr({ originators: ['CAdmin'], operations: 'all' })),
      });

      const aes = await cb.aes();
      expect(aes.every((x) => x instanceof AE)).toBe(true);
      expect(aes.map((x) => x.rn)).toContain(name);
      expect((await cb.findAE(name))?.ri).toBe(ae.ri);
      expect(await cb.findAE(unique('missing'))).toBeUndefined();

      expect((await ae.containers()).map((c) => c.rn).sort()).toEqual(['a', 'b']);
      expect(
        (await ae.containers()).every((c) => c instanceof Container && c.address.startsWith(`${ae.address}/`)),
      ).toBe(true);
      expect((await ae.findContainer('a'))?.ri).toBe(a.ri);
      expect((await ae.findContainer('a/nested'))?.ri).toBe(nested.ri);
      expect((await cb.findContainer(`${name}/a/nested`))?.ri).toBe(nested.ri);
      expect((await a.containers()).map((c) => c.ri)).toEqual([nested.ri]);

      const instances = await a.contentInstances();
      expect(instances.every((c) => c instanceof ContentInstance)).toBe(true);
      expect(instances.map((c) => c.content)).toEqual(['one', 'two']);
      expect(await a.contents()).toEqual(['one', 'two']);
      expect((await a.findContentInstance(instances[0]?.rn ?? ''))?.content).toBe('one');
      expect(await b.contents()).toEqual([]);

      const groups = await ae.groups();
      expect(groups.map((g) => [g instanceof Group, g.ri])).toEqual([[true, grp.ri]]);
      expect((await ae.findGroup('g'))?.mid).toEqual([a.ri, b.ri]);

      const policies = await cb.accessControlPolicies();
      expect(policies.every((p) => p instanceof AccessControlPolicy)).toBe(true);
      expect(policies.map((p) => p.ri)).toContain(acp.ri);
      expect((await cb.findAccessControlPolicy(acp.rn))?.privileges[0]?.originators).toEqual([ae.aei]);

      await acp.delete();
      await ae.delete();
    });

    it('nodes with management objects, flexContainers and timeSeries', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const node = await cb.node(unique('node'), { ni: 'device-1' });
      expect(node).toBeInstanceOf(Node);
      const fw = await node.mgmtObj(FirmwareDescriptor, 'fw', {
        vr: '1.0',
        fwn: 'image',
        url: 'http://example.com/fw',
        ud: false,
      });
      expect(fw).toBeInstanceOf(MgmtObj);
      expect([fw.typeName, fw.mgd, fw.specialization, fw.attributes.vr]).toEqual(['m2m:fwr', 1001, 'Firmware', '1.0']);
      const mem = await node.createMgmtObj(MemoryDescriptor, { rn: 'mem', mma: 10, mmt: 100 });
      expect((await node.mgmtObjs()).map((m) => m.typeName).sort()).toEqual(['m2m:fwr', 'm2m:mem']);
      expect((await node.mgmtObjsOf(FirmwareDescriptor)).map((m) => m.ri)).toEqual([fw.ri]);
      expect((await node.findMgmtObj(MemoryDescriptor, 'mem'))?.ri).toBe(mem.ri);
      await fw.update({ vr: '1.1' });
      expect((await fw.retrieve()).attributes.vr).toBe('1.1');
      expect((await cb.nodes()).map((n) => n.ri)).toContain(node.ri);

      const ae = await cb.ae(unique('flex'), { api: 'Nflex', rr: true, srv: ['3'] });
      const fcnt = await ae.flexContainer('f', { cnd: 'org.example.sensor' });
      expect(fcnt).toBeInstanceOf(FlexContainer);
      expect(fcnt.cnd).toBe('org.example.sensor');
      expect((await ae.flexContainers()).map((f) => f.ri)).toEqual([fcnt.ri]);

      const ts = await ae.timeSeries('ts', { mni: 10 });
      expect(ts).toBeInstanceOf(TimeSeries);
      await ts.addDataPoint(20.5, { dgt: new Date('2026-01-01T00:00:00Z') });
      await ts.addDataPoint(21, { dgt: '20260101T000100' });
      const points = await ts.timeSeriesInstances();
      expect(points.every((p) => p instanceof TimeSeriesInstance)).toBe(true);
      expect(points.map((p) => [p.dgt, p.content])).toEqual([
        ['20260101T000000', encoding === 'xml' ? '20.5' : 20.5],
        ['20260101T000100', encoding === 'xml' ? '21' : 21],
      ]);
      expect((await ts.latestTimeSeriesInstance())?.dgt).toBe('20260101T000100');
      expect((await ts.oldestTimeSeriesInstance())?.dgt).toBe('20260101T000000');
      expect((await ae.timeSeriesList()).map((t) => t.ri)).toEqual([ts.ri]);
      await ae.delete();
      await node.delete();
    });
  });
}

it('children() of a type keeps only that type, also for management objects sharing ty 13', async () => {
  const cb = await sessionFor(cse.current, 'json').cseBase();
  const node = await cb.node(unique('kids'), { ni: 'n' });
  await node.mgmtObj(FirmwareDescriptor, 'fw', { vr: '1', fwn: 'f', url: 'http://x', ud: false });
  expect(await node.mgmtObjsOf(MemoryDescriptor)).toEqual([]);
  expect((await node.discover({ ty: [ResourceType.MgmtObj] })).map((r) => r.typeName)).toEqual(['m2m:fwr']);
  await node.delete();
});

it('the remaining get-or-create, create, list and find shortcuts', async () => {
  const cb = await sessionFor(cse.current, 'cbor').cseBase();
  const ae = await cb.ae(unique('short'), { api: 'Nshort', rr: true, srv: ['3'] });
  const cleanup: Array<{ delete(): Promise<void> }> = [ae];

  const top = await cb.container(unique('top'));
  cleanup.push(top);
  expect((await cb.containers()).map((c) => c.ri)).toContain(top.ri);
  const unnamed = await cb.createContainer({ lbl: ['unnamed'] });
  cleanup.push(unnamed);
  expect((await cb.findContainer(unnamed.rn))?.lbl).toEqual(['unnamed']);

  const grp = await cb.group(unique('grp'), { mid: [top.ri], mnm: 3 });
  const grp2 = await cb.createGroup({ mid: [top.ri], mnm: 3 });
  cleanup.push(grp, grp2);
  expect((await cb.groups()).map((g) => g.ri)).toEqual(expect.arrayContaining([grp.ri, grp2.ri]));
  expect((await cb.findGroup(grp.rn))?.cnm).toBe(1);
  const own = await ae.container('member');
  const aeGroup = await ae.createGroup({ mid: [own.ri], mnm: 1 });
  expect((await ae.groups()).map((g) => g.ri)).toEqual([aeGroup.ri]);

  const policy = {
    pv: acrs(acr({ originators: ['all'], operations: ['retrieve'] })),
    pvs: acrs(acr({ originators: ['CAdmin', ae.aei], operations: 'all' })),
  };
  const cseAcp = await cb.createAccessControlPolicy({ rn: unique('acp'), ...policy });
  cleanup.push(cseAcp);
  const aeAcp = await ae.accessControlPolicy('acp', policy);
  expect((await ae.accessControlPolicies()).map((p) => p.ri)).toEqual([aeAcp.ri]);
  expect((await ae.findAccessControlPolicy('acp'))?.ri).toBe(aeAcp.ri);

  const fcnt = await cb.flexContainer(unique('flex'), { cnd: 'org.example.top' });
  cleanup.push(fcnt);
  expect((await cb.flexContainers()).map((f) => f.ri)).toContain(fcnt.ri);
  const innerFlex = await fcnt.flexContainer('inner', { cnd: 'org.example.inner' });
  const flexCnt = await fcnt.container('cnt');
  expect([(await fcnt.flexContainers()).map((f) => f.ri), (await fcnt.containers()).map((c) => c.ri)]).toEqual([
    [innerFlex.ri],
    [flexCnt.ri],
  ]);
  expect(await ae.findFlexContainer('nothing')).toBeUndefined();

  const ts = await cb.timeSeries(unique('ts'));
  cleanup.push(ts);
  expect((await cb.timeSeriesList()).map((t) => t.ri)).toContain(ts.ri);
  await ts.addDataPoint({ t: 1 }, { dgt: '20260101T000000' });
  await ts.addDataPoint('two', { dgt: '20260101T000001', snr: 2 });
  expect([
    await ts.contents(),
    await ts.latestContent(),
    await ts.oldestContent(),
    (await ts.latestTimeSeriesInstance())?.snr,
  ]).toEqual([[{ t: 1 }, 'two'], 'two', { t: 1 }, 2]);
  const aeTs = await ae.timeSeries('ts');
  expect((await ae.findTimeSeries('ts'))?.ri).toBe(aeTs.ri);

  const cnt = await ae.container('c');
  const nestedFlex = await cnt.getOrCreate(FlexContainerDescriptor, 'f', { cnd: 'org.example.x' });
  const nestedTs = await cnt.getOrCreate(TimeSeriesDescriptor, 't', {});
  expect([(await cnt.flexContainers()).map((f) => f.ri), (await cnt.timeSeriesList()).map((t) => t.ri)]).toEqual([
    [nestedFlex.ri],
    [nestedTs.ri],
  ]);
  expect(await cnt.createContainer({ rn: 'sub' })).toBeInstanceOf(Container);

  for (const resource of cleanup.reverse()) await resource.delete();
});
