// The embedded CSE: a oneM2M CSE for development, demos and integration tests.
export { startCse } from './start.js';
export type { RunningCse, StartCseOptions, StartMqttOptions } from './start.js';
// The MQTT (TS-0010) and WebSocket (TS-0020) bindings, which startCse starts when asked.
export { startCseMqtt, type CseMqttBinding, type CseMqttOptions } from './mqtt-server.js';
export { startCseWebSocket, type CseWebSocketBinding, type CseWebSocketOptions } from './ws-server.js';
export { startMqttBroker, type EmbeddedBroker, type MqttBrokerOptions } from './mqtt-broker.js';
export { createCse } from './cse.js';
export type { Cse } from './cse.js';
export type { CseOptions, ResolvedCseOptions } from './options.js';
export { createCseHttpServer } from './http-server.js';
export type { CseHttpServerOptions, RequestLogEntry } from './http-server.js';
export { allowedOrigin, type CorsPolicy } from './cors.js';
export type { Dispatched } from './dispatcher.js';
// Extension points for subscriptions, groups, polling channels and other semantics.
export type { CreateDraft, RequestContext, ResourceBehaviour } from './behaviour.js';
export type { VirtualResource } from './virtual.js';
export type { CseContext } from './context.js';
export type {
  ChangeReason,
  ResourceCreatedEvent,
  ResourceDeletedEvent,
  ResourceEvent,
  ResourceEventListener,
  ResourceUpdatedEvent,
} from './events.js';
export { ResourceEvents } from './events.js';
export { Mutation } from './mutation.js';
export type { NewResource } from './mutation.js';
export type { Outcome } from './outcome.js';
export type { StoredResource } from './tree.js';
export { CseError, isCseError } from './errors.js';
export { hasPrivilege, checkPrivilege, Permission, type Requester } from './access-control.js';
export { findResource, formatAddress, resolveTarget, toCseRelative } from './addressing.js';
export { Deliverer, DeliveryError } from './delivery.js';
export type { DeliveryResult, OutgoingBinding, OutgoingOptions } from './delivery.js';
export { BackgroundWork, PendingNotices } from './background.js';
export { PollingQueues } from './polling.js';
export { execute } from './dispatcher.js';
export { createResource } from './operations/create.js';
export { retrieveResource } from './operations/retrieve.js';
export { updateResource } from './operations/update.js';
export { deleteResource } from './operations/delete.js';
export { formatTimestamp, parseTimestamp } from './time.js';
export { DataFileError } from './storage/snapshot.js';
export { journalStorage } from './storage/journal-storage.js';
export type { JournalStorageOptions } from './storage/journal-storage.js';
export { StorageError } from './storage/storage.js';
export type { CseStorage, StorageChange, StorageIdentity } from './storage/storage.js';
