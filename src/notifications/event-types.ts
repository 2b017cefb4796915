import {
  NotificationContentType,
  NotificationContentTypeNames,
} from '../../generated/enums/notification-content-type.gen.js';
import {
  NotificationEventType,
  NotificationEventTypeNames,
} from '../../generated/enums/notification-event-type.gen.js';

// Readable names for the two enumerations a subscriber deals with, derived from the generated
// enumerations: `updateOfResource` for net 1, `allAttributes` for nct 1, and so on.

/** A notificationEventType by name: `updateOfResource`, `createOfDirectChildResource`, … */
export type NotificationEventTypeName = Uncapitalize<keyof typeof NotificationEventType>;

/** A notificationContentType by name: `allAttributes`, `modifiedAttributes`, `resourceID`, … */
export type NotificationContentTypeName = Uncapitalize<keyof typeof NotificationContentType>;

function uncapitalize<T extends string>(name: T): Uncapitalize<T> {
  return (name.charAt(0).toLowerCase() + name.slice(1)) as Uncapitalize<T>;
}

function enumValue(table: Readonly<Record<string, number>>, what: string, value: string | number): number {
  if (typeof value === 'number') return value;
  const key = value.charAt(0).toUpperCase() + value.slice(1);
  const found = table[key];
  if (found === undefined)
    throw new RangeError(
      `${JSON.stringify(value)} is not a ${what}; use one of ${Object.keys(table).map(uncapitalize).join(', ')}`,
    );
  return found;
}

/** The name of a notificationEventType value, or undefined for values the enumeration lacks. */
export function eventTypeName(net: number | undefined): NotificationEventTypeName | undefined {
  const name = net === undefined ? undefined : NotificationEventTypeNames[net];
  return name === undefined ? undefined : (uncapitalize(name) as NotificationEventTypeName);
}

/** The value of a notificationEventType given by name or number. */
export function eventTypeValue(value: NotificationEventTypeName | NotificationEventType): NotificationEventType {
  return enumValue(NotificationEventType, 'notificationEventType', value) as NotificationEventType;
}

/** The name of a notificationContentType value. */
export function contentTypeName(nct: number | undefined): NotificationContentTypeName | undefined {
  const name = nct === undefined ? undefined : NotificationContentTypeNames[nct];
  return name === undefined ? undefined : (uncapitalize(name) as NotificationContentTypeName);
}

/** The value of a notificationContentType given by name or number. */
export function contentTypeValue(
  value: NotificationContentTypeName | NotificationContentType,
): NotificationContentType {
  return enumValue(NotificationContentType, 'notificationContentType', value) as NotificationContentType;
}
