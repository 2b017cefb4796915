import { ResourceType } from '../../generated/enums/resource-type.gen.js';
import { codecs } from '../encoding/index.js';
import type { ResolvedCseOptions } from './options.js';
import type { ResourceTypeRegistry } from './registry.js';
import { SUPPORTED_RELEASES } from './request-checks.js';
import { formatTimestamp } from './time.js';
import type { StoredResource } from './tree.js';

/** The CSEBase resource of a new tree (TS-0001 §9.6.3): ri is the CSE-ID without its slash, as ACME. */
/**
 * Resource types this CSE stores but whose procedures it does not carry out: they are not
 * advertised in the CSEBase's supportedResourceType (srt), so that a client that reads srt does
 * not rely on them. None today: <locationPolicy> (10, device-based positioning) and
 * <crossResourceSubscription> (48) got their procedures in issue 14. Add a type here when it is
 * stored before its behaviour exists.
 */
export const WITHOUT_SEMANTICS: ReadonlySet<number> = new Set<number>([]);

export function newCseBase(options: ResolvedCseOptions, registry: ResourceTypeRegistry, now: number): StoredResource {
  const time = formatTimestamp(now);
  const ri = options.cseId.slice(1);
  const srt = [
    ...new Set(
      registry.all
        .filter((info) => info.descriptor.operations.create && !WITHOUT_SEMANTICS.has(info.descriptor.ty))
        .map((info) => info.descriptor.ty),
    ),
  ];
  return {
    ri,
    pi: '',
    rn: options.cseName,
    ty: ResourceType.CSEBase,
    typeName: 'm2m:cb',
    seq: 1,
    owner: options.admin,
    attributes: {
      ty: ResourceType.CSEBase,
      ri,
      rn: options.cseName,
      pi: '',
      ct: time,
      lt: time,
      csi: options.cseId,
      spi: options.spId,
      cst: 1, // IN-CSE
      srt,
      srv: [...SUPPORTED_RELEASES],
      csz: Object.values(codecs).map((codec) => codec.mediaType),
      poa: [...options.pointOfAccess],
    },
  };
}
