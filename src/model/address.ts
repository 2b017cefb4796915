// Addresses as the model builds them: a child's structured address is its parent's plus its
// resource name. Works for CSE-relative (`cse-in/ae`) and SP-relative (`/id-mn/cse-mn/ae`) forms.
// A resource reached by its resource ID (`cnt123`, `/id-in/cnt123`) has an unstructured address,
// below which only virtual resources (la, ol, fopt, pcu) may be named (TS-0001 §9.3.1; ACME
// answers 4004 to `<ri>/<child name>`): its children are addressed by their own IDs.

export function childAddress(parent: string, name: string): string {
  return `${parent.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`;
}

/** The address of the parent of a structured address, or undefined for a single segment. */
export function parentAddress(address: string): string | undefined {
  const slash = address.lastIndexOf('/');
  return slash <= 0 ? undefined : address.slice(0, slash);
}

/** The CSE-relative form of an SP-relative address of the CSE `cseId`, else undefined. */
export function cseRelative(address: string, cseId: string): string | undefined {
  if (!address.startsWith('/')) return address;
  return address.startsWith(`${cseId}/`) ? address.slice(cseId.length + 1) : undefined;
}

/**
 * Whether an address is structured: its first resource segment is the CSEBase name (or `-`), in
 * CSE-relative (`cse-in/ae`), SP-relative (`/id-in/cse-in/ae`) or absolute (`//sp/id-in/cse-in/ae`) form.
 * Anything else (`cnt123`, `/id-in/cnt123`) is a resource ID.
 */
export function isStructured(address: string, cseName: string): boolean {
  let rest = address;
  if (rest.startsWith('//')) rest = rest.slice(rest.indexOf('/', 2) + 1 || rest.length);
  if (rest.startsWith('/')) rest = rest.slice(rest.indexOf('/', 1) + 1 || rest.length);
  const first = rest.split('/', 1)[0] ?? '';
  return first === cseName || first === '-';
}

/** What addressing a child needs of the session. */
interface Addressing {
  readonly cseName: string;
  resolveAddress(address: string): string;
}

/**
 * The address of a child of the resource at `parent` from its attributes: below a structured
 * parent its name, below an unstructured one its own resource ID (or `fallback`).
 */
export function addressOfChild(
  session: Addressing,
  parent: string,
  attributes: Readonly<Record<string, unknown>>,
): string {
  const rn = attributes['rn'];
  const ri = attributes['ri'];
  if (typeof rn === 'string' && rn !== '' && isStructured(parent, session.cseName)) return childAddress(parent, rn);
  if (typeof ri === 'string' && ri !== '') return session.resolveAddress(ri);
  return childAddress(parent, String(rn ?? ''));
}
