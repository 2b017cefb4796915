import { AccessControlPolicyDescriptor } from '../../generated/resources/access-control-policy.gen.js';
import { AEDescriptor } from '../../generated/resources/ae.gen.js';
import { ContainerDescriptor } from '../../generated/resources/container.gen.js';
import { FlexContainerDescriptor } from '../../generated/resources/flex-container.gen.js';
import { GroupDescriptor } from '../../generated/resources/group.gen.js';
import { PollingChannelDescriptor } from '../../generated/resources/polling-channel.gen.js';
import { TimeSeriesDescriptor } from '../../generated/resources/time-series.gen.js';
import type { RequestOptions } from '../client/options.js';
import type { NotificationCallback } from '../notifications/event.js';
import type { PollingOptions } from '../notifications/polling.js';
import type { AccessControlPolicy } from './access-control-policy.js';
import type { Container } from './container.js';
import type { FlexContainer } from './flex-container.js';
import type { Group } from './group.js';
import type { PollingChannel } from './polling-channel.js';
import { Resource, type ListOptions } from './resource.js';
import type { Session } from './session.js';
import type { TimeSeries } from './time-series.js';
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
export class AE extends Resource<'m2m:ae'> {
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

  // containers
  containers(options?: ListOptions): Promise<Container[]> {
    return this.children(ContainerDescriptor, options);
  }
  findContainer(path: string, options?: RequestOptions): Promise<Container | undefined> {
    return this.find(ContainerDescriptor, path, options);
  }
  container(name: string, content: Content<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.getOrCreate(ContainerDescriptor, name, content, options);
  }
  createContainer(content: CreateInput<'m2m:cnt'> = {}, options?: RequestOptions): Promise<Container> {
    return this.create(ContainerDescriptor, content, options);
  }

  // groups
  groups(options?: ListOptions): Promise<Group[]> {
    return this.children(GroupDescriptor, options);
  }
  findGroup(path: string, options?: RequestOptions): Promise<Group | undefined> {
    return this.find(GroupDescriptor, path, options);
  }
  group(name: string, content: Content<'m2m:grp'>, options?: RequestOptions): Promise<Group> {
    return this.getOrCreate(GroupDescriptor, name, content, options);
  }
  createGroup(content: CreateInput<'m2m:grp'>, options?: RequestOptions): Promise<Group> {
    return this.create(GroupDescriptor, content, options);
  }

  // access control policies
  accessControlPolicies(options?: ListOptions): Promise<AccessControlPolicy[]> {
    return this.children(AccessControlPolicyDescriptor, options);
  }
  findAccessControlPolicy(path: string, options?: RequestOptions): Promise<AccessControlPolicy | undefined> {
    return this.find(AccessControlPolicyDescriptor, path, options);
  }
  accessControlPolicy(name: string, content: Content<'m2m:acp'>, options?: RequestOptions): Promise<AccessControlPolicy> {
    return this.getOrCreate(AccessControlPolicyDescriptor, name, content, options);
  }

  // flexContainers and timeSeries
  flexContainers(options?: ListOptions): Promise<FlexContainer[]> {
    return this.children(FlexContainerDescriptor, options);
  }
  findFlexContainer(path: string, options?: RequestOptions): Promise<FlexContainer | undefined> {
    return this.find(FlexContainerDescriptor, path, options);
  }
  flexContainer(name: string, content: Content<'m2m:fcnt'>, options?: RequestOptions): Promise<FlexContainer> {
    return this.getOrCreate(FlexContainerDescriptor, name, content, options);
  }
  timeSeriesList(options?: ListOptions): Promise<TimeSeries[]> {
    return this.children(TimeSeriesDescriptor, options);
  }
  findTimeSeries(path: string, options?: RequestOptions): Promise<TimeSeries | undefined> {
    return this.find(TimeSeriesDescriptor, path, options);
  }
  timeSeries(name: string, content: Content<'m2m:ts'> = {}, options?: RequestOptions): Promise<TimeSeries> {
    return this.getOrCreate(TimeSeriesDescriptor, name, content, options);
  }

  // polling channels
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
