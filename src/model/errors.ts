/**
 * A misuse of the object model found before any request is sent: a child type its parent cannot
 * have, a subscription without a notification endpoint, an update of an attribute the type does
 * not let an update change. Errors of requests are the client's (ResponseError and friends).
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
}

/** Whether `error` is a ModelError (a misuse of the object model, e.g. a resource of the wrong type). */
export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError || (error instanceof Error && error.name === 'ModelError');
}

/** Waiting for a subscription's next notification took longer than asked. */
export class NotificationTimeoutError extends Error {
  override readonly name = 'NotificationTimeoutError';
}

/** A subscription's notifications were asked for after it ended (unsubscribed, or deleted by the CSE). */
export class SubscriptionEndedError extends Error {
  override readonly name = 'SubscriptionEndedError';
}
