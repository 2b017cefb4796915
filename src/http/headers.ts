/** The oneM2M HTTP header fields (TS-0009 §6.4), lower-cased as Node and fetch report them. */
export const Header = {
  Origin: 'x-m2m-origin',
  RequestId: 'x-m2m-ri',
  ReleaseVersion: 'x-m2m-rvi',
  ResponseStatusCode: 'x-m2m-rsc',
  OriginatingTimestamp: 'x-m2m-ot',
  RequestExpiration: 'x-m2m-ret',
  ResultExpiration: 'x-m2m-rst',
  OperationExecutionTime: 'x-m2m-oet',
  ResponseTypeUris: 'x-m2m-rtu',
  EventCategory: 'x-m2m-ec',
  GroupRequestId: 'x-m2m-gid',
  VendorInformation: 'x-m2m-vsi',
  ContentStatus: 'x-m2m-cts',
  ContentOffset: 'x-m2m-cto',
  Authorization: 'authorization',
  ContentType: 'content-type',
  Accept: 'accept',
  ContentLocation: 'content-location',
} as const;

/** Headers as a plain record with lower-case names. */
export type HeaderRecord = Record<string, string>;

/** A media type and its parameters, e.g. `application/json;ty=3` → json, { ty: '3' }. */
export interface ParsedMediaType {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

export function parseMediaType(value: string): ParsedMediaType {
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params[part.slice(0, eq).trim().toLowerCase()] = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}
