import { describe, expect, it } from 'vitest';
import { toLongNames } from '../../src/names/long-names.js';

describe('toLongNames', () => {
  it('renames resource roots, attributes, complex members and inline children', () => {
    expect(
      toLongNames({ 'm2m:cnt': { rn: 'x', cni: 3, lbl: ['a'], 'm2m:cin': [{ con: '1', cnf: 'text/plain:0' }] } }),
    ).toEqual({
      'm2m:container': {
        resourceName: 'x',
        currentNrOfInstances: 3,
        labels: ['a'],
        'm2m:contentInstance': [{ content: '1', contentInfo: 'text/plain:0' }],
      },
    });
    expect(toLongNames({ 'm2m:acp': { pv: { acr: [{ acor: ['all'], acop: 63 }] } } })).toEqual({
      'm2m:accessControlPolicy': {
        privileges: { accessControlRule: [{ accessControlOriginators: ['all'], accessControlOperations: 63 }] },
      },
    });
  });

  it('follows wrappers into notifications, aggregated responses and resource wrappers', () => {
    expect(toLongNames({ 'm2m:sgn': { sur: '/id-in/s', nev: { net: 3, rep: { 'm2m:cin': { con: 'x' } } } } })).toEqual({
      'm2m:notification': {
        subscriptionReference: '/id-in/s',
        notificationEvent: { notificationEventType: 3, representation: { 'm2m:contentInstance': { content: 'x' } } },
      },
    });
    expect(toLongNames({ 'm2m:agr': { 'm2m:rsp': [{ rsc: 2000, pc: { 'm2m:cnt': { cni: 1 } } }] } })).toEqual({
      'm2m:aggregatedResponse': {
        'm2m:responsePrimitive': [
          { responseStatusCode: 2000, primitiveContent: { 'm2m:container': { currentNrOfInstances: 1 } } },
        ],
      },
    });
    expect(toLongNames({ 'm2m:uril': ['a'] })).toEqual({ 'm2m:URIList': ['a'] });
  });

  it('keeps keys it does not know', () => {
    expect(toLongNames({ 'acme:gadget': { curT0: 21 }, 'm2m:cnt': { vendorX: 1 } })).toEqual({
      'acme:gadget': { curT0: 21 },
      'm2m:container': { vendorX: 1 },
    });
  });

  it('names flexContainer specialisations and their custom attributes, keeping the prefix', () => {
    expect(toLongNames({ 'cod:tempe': { curT0: 21, cnd: 'org.onem2m.common.moduleclass.temperature' } })).toEqual({
      'cod:temperature': { currentTemperature: 21, containerDefinition: 'org.onem2m.common.moduleclass.temperature' },
    });
  });
});
