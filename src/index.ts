// The package root: the generated model (types, descriptors, CRUD functions, enumerations,
// tables) and the handwritten pieces it relies on. Validators are a separate entry point
// (`onem2m-client/validators`) because they are the heavy part.
export * from '../generated/index.gen.js';
// The flexContainer specialisations of the SDT templates (BinarySwitch, DeviceLight, …) are the
// `onem2m-client/flexcontainers` entry: 270 modules that a program not using them should not load.
export { defineResource } from './codegen-api/descriptor.js';
export { isSpecialization } from './codegen-api/specialization.js';
export type { SdtType, SpecializationDescriptor } from './codegen-api/specialization.js';
export type {
  AttributeDescriptor,
  Cardinality,
  Mode,
  ResourceDescriptor,
  ResourceOperation,
  Rule,
} from './codegen-api/descriptor.js';
export type { ResourceExecutor } from './codegen-api/executor.js';
export type { Validator } from './validation/bind-validator.js';
export type { ValidationIssue, ValidationOperation, ValidationResult, ValidationRule } from './validation/issue.js';
export { isValidationError, ValidationError } from './validation/ValidationError.js';

// The runtime: client, transports, encodings, errors, time helpers.
export { Client, type AnyResource, type TypedDescriptor } from './client/Client.js';
export type { ClientOptions, MqttOptions, PollOptions, RequestOptions, WebSocketOptions } from './client/options.js';
export type { RetryOptions, RetryPolicy } from './client/retry.js';
export type {
  ChildResources,
  CreateResult,
  DeleteResult,
  InvalidResultContent,
  ResourceOf,
  ResourceWithAddress,
  RetrieveResult,
  UpdateResult,
  WithChildReferences,
  WithChildResources,
} from './client/result-content.js';
export type { DiscoveryPageOptions } from './client/discovery.js';
// CSE profiles: what the client knows about real CSEs (ACME, Mobius, tinyIoT, OM2M), as data.
export {
  acmeProfile,
  mobiusProfile,
  NotSupportedByCseError,
  om2mProfile,
  profiles,
  resolveProfile,
  specProfile,
  tinyiotProfile,
} from './profiles/index.js';
export type {
  CseProfile,
  Departure,
  MqttBindingFacts,
  ProfileName,
  QueryListStyle,
  WebSocketBindingFacts,
} from './profiles/index.js';
export {
  AbortError,
  EncodingNotSupportedError,
  isResponseError,
  MalformedResponseError,
  NetworkError,
  Onem2mError,
  RedirectError,
  ResponseError,
  ResponseTooLargeError,
  TimeoutError,
  UnexpectedContentError,
} from './errors/index.js';
export type { MalformedReason, RequestContext } from './errors/index.js';
export { HttpTransport, type HttpAuth, type HttpTransportOptions } from './http/HttpTransport.js';
export type { HttpBindingOptions } from './http/client-binding.js';
export type { TlsMaterial, TlsOptions } from './transport/tls.js';
export { CorsError } from './http/cors.js';
export { AddressError, toHttpPath, fromHttpPath } from './http/addressing.js';
// JSON is built in; XML and CBOR load on first use (loadCodec, or a client's `encoding`), so that
// importing the package does not load their libraries. Their codec objects are in `onem2m-client/encoding`.
export type { ContentCodec, Encoding } from './encoding/codec.js';
export { DecodingError, EncodingError } from './encoding/errors.js';
export { jsonCodec } from './encoding/json.js';
export { loadCodec } from './encoding/load.js';
export type { PrimitiveContent } from './primitives/content.js';
export type { AbsRelTimestamp, RequestPrimitive } from './primitives/request.js';
export type { ResponsePrimitive } from './primitives/response.js';
export type { SendOptions, Transport, TransportResult } from './transport/transport.js';
// Types only: the MQTT and WebSocket transports load with a client's first request to such a url.
export type { MqttTransportOptions } from './mqtt/options.js';
export type { WebSocketTransportOptions } from './websocket/options.js';
export type { WebSocketConstructor } from './websocket/socket.js';
export {
  parseTimestamp,
  parseTimestampDetailed,
  toTimestamp,
  TimestampFormatError,
  type TimestampFormat,
} from './time/timestamp.js';
export { DurationFormatError, parseDuration, toDuration } from './time/duration.js';

// The object model (onem2mlib's, typed): Session and the resource classes. The classes share
// their names with the generated interfaces exported above (AE, Container, …), so they are
// reached through the `model` namespace (`model.AE`, `model.Container`); Session and the
// helpers are exported directly. The Node notification receiver is in `onem2m-client/notifications`.
/** The object model's classes (`model.AE`, `model.Container`, …), named apart from the generated interfaces of the same names. */
export * as model from './model/index.js';
export {
  acr,
  acrs,
  isModelError,
  ModelError,
  NotificationTimeoutError,
  Session,
  SubscriptionEndedError,
} from './model/index.js';
export type {
  AccessControlOperationName,
  AccessRule,
  AccessRuleSpec,
  ContentValue,
  ResourceJSON,
  SessionOptions,
  SubscribeOptions,
} from './model/index.js';
// Browser-safe notification pieces: routing, the polling channel loop, the event types.
export { NotificationRouter, type RouterOptions, type SubscriptionRoute } from './notifications/router.js';
export { PollingChannelPoller, type PollingOptions } from './notifications/polling.js';
export type { NotificationEndpoint } from './notifications/endpoint.js';
export type { NotificationCallback, SubscriptionNotification } from './notifications/event.js';
export type { NotificationContentTypeName, NotificationEventTypeName } from './notifications/event-types.js';
