import { describe, expect, it } from 'vitest';
import { AccessControlOperations, ResponseStatusCode } from '../../generated/index.gen.js';
import { isResponseError } from '../../src/errors/index.js';
import { AccessControlPolicy, acr, acrs, operationMask, operationNames } from '../../src/model/index.js';
import { ENCODINGS, sessionFor, unique, useCse } from './helpers.js';

const cse = useCse();

describe('access control rules', () => {
  it('builds rules with operations by name from the generated bitmask', () => {
    expect(acr({ originators: ['Cabc'], operations: ['retrieve', 'discover'] })).toEqual({
      acor: ['Cabc'],
      acop: AccessControlOperations.Retrieve | AccessControlOperations.Discovery,
    });
    expect(acr({ originators: ['all'], operations: 'all' }).acop).toBe(63);
    expect(
      acr({
        originators: ['C*'],
        operations: 5,
        attributes: ['lbl'],
        authenticated: false,
        objectDetails: [{ chty: [4] }],
      }),
    ).toEqual({ acor: ['C*'], acop: 5, aca: ['lbl'], acaf: false, acod: [{ chty: [4] }] });
    expect(operationMask(['create', 'update', 'delete', 'notify', 'discovery'])).toBe(61);
    expect(operationNames(63)).toEqual(['create', 'retrieve', 'update', 'delete', 'notify', 'discovery']);
    expect(operationNames(34)).toEqual(['retrieve', 'discovery']);
    expect(() => operationMask(['read' as never])).toThrow(
      /"read" is not an access control operation; use create, retrieve, update, delete, notify, discovery/,
    );
    expect(acrs({ originators: ['a'], operations: ['retrieve'] }, { acor: ['b'], acop: 1 })).toEqual({
      acr: [
        { acor: ['a'], acop: 2 },
        { acor: ['b'], acop: 1 },
      ],
    });
  });
});

for (const encoding of ENCODINGS) {
  describe(`access control policies (${encoding})`, () => {
    it('creates a policy, reads its rules by name, and the CSE enforces it', async () => {
      const cb = await sessionFor(cse.current, encoding).cseBase();
      const owner = await cb.ae(unique('owner'), { api: 'Nowner', rr: true, srv: ['3'] });
      const reader = await cb.ae(unique('reader'), { api: 'Nreader', rr: true, srv: ['3'] });
      const acp = await cb.accessControlPolicy(unique('acp'), {
        pv: acrs(
          acr({ originators: [owner.aei], operations: 'all' }),
          acr({ originators: [reader.aei], operations: ['retrieve', 'discover'] }),
        ),
        pvs: acrs(acr({ originators: ['CAdmin'], operations: 'all' })),
      });
      expect(acp).toBeInstanceOf(AccessControlPolicy);
      expect(acp.privileges.map((r) => [r.originators, r.operations])).toEqual([
        [[owner.aei], ['create', 'retrieve', 'update', 'delete', 'notify', 'discovery']],
        [[reader.aei], ['retrieve', 'discovery']],
      ]);
      expect(acp.selfPrivileges[0]?.acop).toBe(63);
      expect([
        acp.allows(reader.aei, 'retrieve'),
        acp.allows(reader.aei, 'update'),
        acp.allows('Cnobody', 'retrieve'),
      ]).toEqual([true, false, false]);

      const cnt = await owner.container('guarded');
      const asReader = cnt.withOriginator(reader.aei);
      await expect(asReader.retrieve()).rejects.toSatisfy((e) =>
        isResponseError(e, ResponseStatusCode.OriginatorHasNoPrivilege),
      );
      await cnt.setAccessControlPolicies([acp]);
      expect(cnt.acpi).toEqual([acp.ri]);
      expect((await asReader.retrieve()).ri).toBe(cnt.ri);
      await expect(asReader.update({ lbl: ['x'] })).rejects.toSatisfy((e) =>
        isResponseError(e, ResponseStatusCode.OriginatorHasNoPrivilege),
      );
      await cnt.update({ lbl: ['by-owner'] });
      expect((await asReader.retrieve()).lbl).toEqual(['by-owner']);
      expect((await cb.accessControlPolicies()).map((p) => p.ri)).toContain(acp.ri);

      await owner.delete();
      await reader.delete();
      await acp.delete();
      expect(await cb.findAccessControlPolicy(acp.rn)).toBeUndefined();
    });
  });
}
