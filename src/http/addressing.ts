/** A `to` address that cannot be written as an HTTP path. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`invalid oneM2M address ${JSON.stringify(address)}: ${reason}`);
  }
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

function escapeSegments(path: string, address: string): string {
  return path
    .split('/')
    .map((segment) => {
      if (segment === '')
        throw new AddressError(address, 'it has an empty path segment (two slashes in a row, or a trailing slash)');
      // A server, a proxy or a URL parser resolves `.` and `..` (also written %2e), so such a
      // segment would address another resource: `cse-in/attacker/../victim` reaches `cse-in/victim`.
      if (DOT_SEGMENT.test(segment))
        throw new AddressError(
          address,
          `it has a "${segment.replace(/%2e/gi, '.')}" segment, which servers resolve to another resource; resource names cannot be . or ..`,
        );
      // A comma is a path character (RFC 3986 sub-delims) and part of tinyIoT's AE-IDs
      // (`CAE<timestamp>,<seq>`): it goes as it is.
      return encodeURIComponent(segment).replace(/%2C/g, ',');
    })
    .join('/');
}

/**
 * Maps a oneM2M address to an HTTP path (TS-0009 Table 6.2.2.1-1):
 * CSE-relative `cse-in/ae` → `/cse-in/ae`, SP-relative `/id-in/cse-in/ae` → `/~/id-in/cse-in/ae`,
 * absolute `//sp.example/id-in/ae` → `/_/sp.example/id-in/ae`. Each segment is percent-encoded.
 */
export function toHttpPath(address: string): string {
  if (address === '') throw new AddressError(address, 'it is empty; give a resource address such as cse-in/myAE');
  if (/\s/.test(address)) throw new AddressError(address, 'it contains whitespace');
  if (address.startsWith('//')) return `/_/${escapeSegments(address.slice(2), address)}`;
  if (address.startsWith('/')) return `/~/${escapeSegments(address.slice(1), address)}`;
  return `/${escapeSegments(address, address)}`;
}

/** The reverse of toHttpPath: the oneM2M address an HTTP request path names. */
export function fromHttpPath(path: string): string {
  const decode = (p: string) =>
    p
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  if (path.startsWith('/_/')) return `//${decode(path.slice(3))}`;
  if (path.startsWith('/~/')) return `/${decode(path.slice(3))}`;
  return decode(path.replace(/^\//, ''));
}
