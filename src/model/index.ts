// The object model: sessions, resource classes and their helpers. Browser-safe: the Node
// notification receiver lives in ../notifications/index.ts.
export { Session, type SessionOptions, type SessionInternals } from './session.js';
export { Resource, type DiscoverOptions, type ListOptions, type ResourceJSON } from './resource.js';
export { CSEBase } from './cse-base.js';
export { AE, type PollingChannelOptions } from './ae.js';
export type { AERegistrationOptions } from './ae-registration.js';
export { Container, type AddContentOptions } from './container.js';
export { ContentInstance } from './content-instance.js';
export { Group, type FanOutOptions } from './group.js';
export type { GroupResponse, MemberResult } from './group-results.js';
export { Subscription, type SubscribeOptions } from './subscription.js';
export { RemoteCSE } from './remote-cse.js';
export { AccessControlPolicy } from './access-control-policy.js';
export {
  acr,
  acrs,
  operationMask,
  operationNames,
  type AccessControlOperationName,
  type AccessRule,
  type AccessRuleSpec,
  type Operations,
} from './access-control-rule.js';
export { Node } from './node.js';
export { MgmtObj } from './mgmt-obj.js';
export type {
  AreaNetworkDeviceInfo,
  AreaNetworkInfo,
  Battery,
  DeviceCapability,
  DeviceInfo,
  EventLog,
  Firmware,
  Memory,
  Reboot,
  Software,
} from './mgmt-obj.js';
export { FlexContainer } from './flex-container.js';
export { TimeSeries, type DataPointOptions } from './time-series.js';
export { TimeSeriesInstance } from './time-series-instance.js';
export { PollingChannel, type StartPollingOptions } from './polling-channel.js';
export { GenericResource } from './generic-resource.js';
export { decodeContent, encodeContent, parseContentInfo, type ContentValue, type JsonValue } from './content.js';
export { isModelError, ModelError, NotificationTimeoutError, SubscriptionEndedError } from './errors.js';
export type {
  AttributesOf,
  CreateInput,
  DescriptorOf,
  MgmtTypeName,
  ModelClassMap,
  ModelOf,
  UpdateInput,
} from './types.js';
