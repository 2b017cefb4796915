// oneM2M payloads the codec benchmarks share: a container, and one with 100 content instances.
import type { PrimitiveContent } from '../src/primitives/content.js';

export const container = {
  'm2m:cnt': {
    rn: 'temp',
    ri: 'cnt8471',
    pi: 'CmyApp',
    ty: 3,
    ct: '20260101T000000',
    lt: '20260101T000000',
    et: '20370101T000000',
    st: 3,
    cni: 3,
    cbs: 12,
    mni: 100,
    lbl: ['room:1', 'floor:2'],
  },
};
export const instances = {
  'm2m:cnt': {
    ...container['m2m:cnt'],
    'm2m:cin': Array.from({ length: 100 }, (_, i) => ({
      rn: `cin_${i}`,
      ri: `cin${1000 + i}`,
      pi: 'cnt8471',
      ty: 4,
      ct: '20260101T000000,123456',
      lt: '20260101T000000,123456',
      st: i,
      cnf: 'application/json:0',
      cs: 27,
      con: { temperature: 21.5 + i / 10, unit: 'C', ok: true },
    })),
  },
};
export const payloads: Record<string, PrimitiveContent> = { container, '100 instances': instances };
