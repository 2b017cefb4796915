import { describe, expect, it } from 'vitest';
import { validateAE } from '../../generated/validators/ae.gen.js';
import { validateAccessControlPolicy } from '../../generated/validators/access-control-policy.gen.js';
import { validateCSEBase } from '../../generated/validators/cse-base.gen.js';
import { validateContainer } from '../../generated/validators/container.gen.js';
import { validateContentInstance } from '../../generated/validators/content-instance.gen.js';
import { validateFirmware } from '../../generated/validators/firmware.gen.js';
import { validateSubscription } from '../../generated/validators/subscription.gen.js';
import type { Validator } from '../../src/codegen-api/index.js';

// Payloads as a CSE returns them (shapes from the ACME reference CSE and TS-0004 examples),
// each serialised to JSON and back and validated as a full resource under its root key.
const payloads: [string, Validator<unknown>, string][] = [
  [
    'm2m:cnt',
    validateContainer,
    `{"m2m:cnt": {"cbs":0,"cni":0,"ct":"20210202T131157,876558","et":"20260202T131157,876558","lt":"20210202T131157,876558","mbs":10000,"mni":10,"pi":"CAdmin","ri":"cnt4820717395617291843","rn":"MyContainerResource","st":0,"ty":3,"lbl":["tag:greeting"],"cr":"CAdmin"}}`,
  ],
  [
    'm2m:ae',
    validateAE,
    `{"m2m:ae": {"rn":"CAdmin","ty":2,"ri":"CAdmin","pi":"id-in","ct":"20230314T101502,318024","lt":"20230314T101502,318024","et":"20280314T101502,318024","api":"Nmyapp","aei":"CAdmin","rr":true,"poa":["http://127.0.0.1:9090"],"srv":["3","4","5"],"csz":["application/json"]}}`,
  ],
  [
    'm2m:cin',
    validateContentInstance,
    `{"m2m:cin": {"rn":"cin_1x2y3z","ty":4,"ri":"cin8362","pi":"cnt4820717395617291843","ct":"20230314T101503,001","lt":"20230314T101503,001","et":"20280314T101503,001","st":1,"cnf":"text/plain:0","cs":5,"con":"hello","cr":"CAdmin"}}`,
  ],
  [
    'm2m:sub',
    validateSubscription,
    `{"m2m:sub": {"rn":"sub","ty":23,"ri":"sub1234","pi":"cnt4820717395617291843","ct":"20230314T101504","lt":"20230314T101504","et":"20280314T101504","enc":{"net":[1,3]},"nu":["http://127.0.0.1:9090/notify"],"nct":1,"cr":"CAdmin","bn":{"num":5,"dur":"PT10S"}}}`,
  ],
  [
    'm2m:acp',
    validateAccessControlPolicy,
    `{"m2m:acp": {"rn":"acp","ty":1,"ri":"acp123","pi":"id-in","ct":"20230314T101504","lt":"20230314T101504","et":"20280314T101504","pv":{"acr":[{"acor":["all"],"acop":2},{"acor":["CAdmin"],"acop":63,"acco":[{"actw":["* * * * * * *"]}]}]},"pvs":{"acr":[{"acor":["CAdmin"],"acop":63}]}}}`,
  ],
  [
    'm2m:cb',
    validateCSEBase,
    `{"m2m:cb": {"rn":"cse-in","ty":5,"ri":"id-in","pi":"","ct":"20230314T101500","lt":"20230314T101500","csi":"/id-in","spi":"//acme.example.com","cst":1,"csz":["application/json","application/cbor"],"poa":["http://127.0.0.1:8080"],"srt":[1,2,3,4,5,9,23],"srv":["2a","3","4","5"],"ctm":"20230314T101510"}}`,
  ],
  [
    'm2m:fwr',
    validateFirmware,
    `{"m2m:fwr": {"rn":"firmware","ty":13,"mgd":1001,"ri":"fwr1","pi":"nod1","ct":"20230314T101500","lt":"20230314T101500","et":"20280314T101500","dc":"Device firmware","vr":"1.0.2","fwn":"fw.bin","url":"http://example.net/fw.bin","ud":false,"uds":{"acn":"update","sus":1}}}`,
  ],
];

describe.each(payloads)('%s', (rootKey, validate, text) => {
  it('validates as a full resource after a JSON round trip', () => {
    const parsed = JSON.parse(JSON.stringify(JSON.parse(text))) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([rootKey]);
    expect(parsed).toEqual(JSON.parse(text));
    const result = validate(parsed[rootKey]);
    expect(result.issues).toEqual([]);
  });

  it('is rejected once a mandatory attribute is removed', () => {
    const resource = (JSON.parse(text) as Record<string, Record<string, unknown>>)[rootKey] ?? {};
    delete resource['ri'];
    expect(validate(resource).issues.map((i) => i.rule)).toContain('resource-mandatory');
  });
});
