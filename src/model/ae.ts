import { AEDescriptor } from '../../generated/resources/ae.gen.js';
import { PollingChannelDescriptor } from '../../generated/resources/polling-channel.gen.js';
import type { NotificationCallback } from '../notifications/event.js';
import type { PollingOptions } from '../notifications/polling.js';
import type { PollingChannel } from './polling-channel.js';
import { ApplicationParent } from './application-parent.js';
import type { ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { CreateInput } from './types.js';

type Content<N extends string> = Omit<CreateInput<N>, 'rn'>;

/** Options of AE.pollingChannel(). */
export interface PollingChannelOptions extends PollingOptions {
  /** Attributes of the `<pollingChannel>` if it is created (e.g. `rqag`). */
  readonly content?: Content<'m2m:pch'>;
  /** The endpoint's default callback: for subscriptions made without one. */
  readonly callback?: NotificationCallback;
}

/**
 * An application entity. Objects from `cse.ae()` / `cse.createAE()` speak as the AE (its AE-ID),
 * so what they create belongs to it.
 */
export class AE extends ApplicationParent<'m2m:ae'> {
  static override readonly descriptor = AEDescriptor;

  constructor(session: Session, address: string, attributes: Readonly<Record<string, unknown>>) {
    super(session, 'm2m:ae', address, attributes);
  }

  /** AE-ID (aei): the originator the AE speaks as. */
  get aei(): string {
    return this.attributes.aei;
  }

  /** App-ID (api). */
  get api(): string {
    return this.attributes.api;
  }

  /** requestReachability (rr): false means notifications reach it only through a polling channel. */
  get rr(): boolean {
    return this.attributes.rr;
  }

  /** pointOfAccess (poa). */
  get poa(): readonly string[] {
    return this.attributes.poa ?? [];
  }

  // polling channels
  /** The pollingChannel children of this resource (discovered, level 1). */
  pollingChannels(options?: ListOptions): Promise<PollingChannel[]> {
    return this.children(PollingChannelDescriptor, options);
  }

  /**
   * For an AE the CSE cannot reach (rr=false): its `<pollingChannel>` (the one named `name`, or
   * without a name the existing one or a new `pollingChannel`), long-polled in the background as the AE, and made the notification endpoint of this
   * AE's session: subscriptions made through it name the AE-ID as notification target and get
   * their notifications through the channel. Stop with `pch.stopPolling()` or `pch.delete()`.
   */
  async pollingChannel(name?: string, options: PollingChannelOptions = {}): Promise<PollingChannel> {
    const { content = {}, callback, ...polling } = options;
    // An AE has at most one channel (ACME): without a name, the existing one of any name is used.
    const existing = name === undefined ? (await this.pollingChannels())[0] : undefined;
    const channel = existing ?? (await this.getOrCreate(PollingChannelDescriptor, name ?? 'pollingChannel', content));
    const endpoint = channel.startPolling({ ...polling, notificationUri: this.aei, ...(callback ? { callback } : {}) });
    this.session.useNotifications(endpoint);
    return channel;
  }
}
