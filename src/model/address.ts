// Addresses as the model builds them: a child's structured address is its parent's plus its
// resource name. Works for CSE-relative (`cse-in/ae`) and SP-relative (`/id-mn/cse-mn/ae`) forms.

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
