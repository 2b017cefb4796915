import { RemoteCSEDescriptor } from '../../generated/resources/remote-cse.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { CSEBase } from './cse-base.js';
import { ModelError } from './errors.js';
import { Resource } from './resource.js';
import type { Session } from './session.js';

/** Splits a CSEBase address (`/id-mn/cse-mn`, `//sp/id-mn/cse-mn`) into CSE-ID and name. */
export function splitCseBaseAddress(cb: string): { readonly cseId: string; readonly cseName: string } | undefined {
  const spRelative = cb.startsWith('//') ? cb.slice(cb.indexOf('/', 2)) : cb;
  const match = /^(\/[^/]+)\/([^/]+)$/.exec(spRelative);
  return match ? { cseId: match[1] as string, cseName: match[2] as string } : undefined;
}

/**
 * A remoteCSE: another CSE registered with this one. It gives CSEBase objects for that CSE,
 * reached through this CSE (`cseFromLocalCSE`) or directly at its point of access
 * (`cseFromRemoteCSE`); both are used like any CSEBase.
 */
export class RemoteCSE extends Resource<'m2m:csr'> {
  static override readonly descriptor = RemoteCSEDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:csr', address, attributes);
  }

  /** CSEBase (cb): the remote CSEBase's address, e.g. `/id-mn/cse-mn`. */
  get cb(): string {
    return this.attributes.cb;
  }
  /** pointOfAccess (poa). */
  get poa(): readonly string[] {
    return this.attributes.poa ?? [];
  }
  /** requestReachability (rr). */
  get rr(): boolean {
    return this.attributes.rr;
  }

  /** The remote CSE's CSE-ID (csi, else taken from cb). */
  get remoteCseId(): string {
    const csi = this.attributes.csi;
    if (typeof csi === 'string' && csi !== '') return csi.startsWith('/') ? csi : `/${csi}`;
    const parts = splitCseBaseAddress(this.cb ?? '');
    if (!parts)
      throw new ModelError(
        `remoteCSE ${this.address} has neither a CSE-ID (csi) nor a CSEBase address (cb) of the form /<csi>/<name>`,
      );
    return parts.cseId;
  }

  /** The remote CSEBase's resource name (from cb). */
  get remoteCseName(): string {
    const parts = splitCseBaseAddress(this.cb ?? '');
    if (!parts)
      throw new ModelError(
        `remoteCSE ${this.address} has no CSEBase address (cb) of the form /<csi>/<name>; got ${JSON.stringify(this.cb)}`,
      );
    return parts.cseName;
  }

  /**
   * The remote CSE reached through the local one: requests go to the local CSE with SP-relative
   * addresses (`/id-mn/cse-mn/...`) that it forwards. With `retrieve: false`, no request is made.
   */
  cseFromLocalCSE(options: RequestOptions & { readonly retrieve?: boolean } = {}): Promise<CSEBase> {
    return this.session.routedTo(this.remoteCseId, this.remoteCseName).cseBase(options);
  }

  /**
   * The remote CSE reached directly at its first point of access (or `url`), with this session's
   * originator, encoding and settings. With `retrieve: false`, no request is made.
   */
  cseFromRemoteCSE(
    options: RequestOptions & { readonly retrieve?: boolean; readonly url?: string } = {},
  ): Promise<CSEBase> {
    const { url = this.poa[0], ...rest } = options;
    if (url === undefined)
      throw new ModelError(`remoteCSE ${this.address} has no pointOfAccess (poa) to reach it directly; give { url }`);
    return this.session.directTo({ url, cseId: this.remoteCseId, cseName: this.remoteCseName }).cseBase(rest);
  }
}
