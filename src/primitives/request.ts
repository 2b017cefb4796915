import type { DesIdResType } from '../../generated/enums/des-id-res-type.gen.js';
import type { Operation } from '../../generated/enums/operation.gen.js';
import type { ResultContent } from '../../generated/enums/result-content.gen.js';
import type { FilterCriteria } from '../../generated/types/filter-criteria.gen.js';
import type { ResponseTypeInfo } from '../../generated/types/response-type-info.gen.js';
import type { PrimitiveContent } from './content.js';

/** absRelTimestamp: an absolute oneM2M timestamp, or a relative offset in milliseconds. */
export type AbsRelTimestamp = string | number;

/**
 * A oneM2M request primitive (TS-0004 §7.2.1.1) with the spec's short parameter names, so that
 * bindings that carry the primitive as one object (MQTT, WebSocket) can send it as it is, and the
 * HTTP and CoAP bindings map each member to a header, a query parameter or the path.
 */
export interface RequestPrimitive {
  /** operation: 1 create, 2 retrieve, 3 update, 4 delete, 5 notify. */
  readonly op: Operation;
  /** to: the target address in any of its forms (CSE-relative, SP-relative, absolute). */
  readonly to: string;
  /** from: the originator (AE-ID, CSE-ID); may be empty, `C` or `S` in an AE registration. */
  readonly fr?: string;
  /** requestIdentifier: unique per request; echoed in the response. */
  readonly rqi: string;
  /** releaseVersionIndicator, e.g. "3", "4", "5". */
  readonly rvi?: string;
  /** resourceType: only in a create. */
  readonly ty?: number;
  /** primitiveContent: `{ "m2m:cnt": {...} }` and the like. */
  readonly pc?: PrimitiveContent;
  readonly ot?: string;
  readonly rqet?: AbsRelTimestamp;
  readonly rset?: AbsRelTimestamp;
  readonly oet?: AbsRelTimestamp;
  /** responseType: blocking (default), non-blocking synch or asynch with notification URIs. */
  readonly rt?: ResponseTypeInfo;
  readonly rp?: AbsRelTimestamp;
  readonly rcn?: ResultContent;
  readonly da?: boolean;
  readonly gid?: string;
  readonly fc?: FilterCriteria;
  readonly drt?: DesIdResType;
  readonly ec?: number;
  readonly vsi?: string;
  readonly rids?: readonly string[];
  readonly tids?: readonly string[];
  readonly ltids?: readonly string[];
  readonly tqi?: boolean;
  readonly asi?: boolean;
  readonly auri?: boolean;
  readonly sqi?: boolean;
  /** tokens: carried in the HTTP Authorization header. */
  readonly tkns?: readonly string[];
  /** attributeList: a partial retrieve of only these attributes. */
  readonly atrl?: readonly string[];
}
