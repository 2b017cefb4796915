import type { ResourceBehaviour } from './behaviour.js';
import type { CseStorage } from './storage/storage.js';
import type { VirtualResource } from './virtual.js';

/** Options of {@link createCse} and {@link startCse}. */
export interface CseOptions {
  /**
   * CSE-ID, with its leading slash.
   * @default '/id-in'
   */
  readonly cseId?: string;
  /**
   * Resource name of the CSEBase, the first segment of structured addresses.
   * @default 'cse-in'
   */
  readonly cseName?: string;
  /**
   * SP-ID of the service provider, for absolute addresses (`//sp/id-in/...`).
   * @default '//acme.example.com'
   */
  readonly spId?: string;
  /**
   * The admin originator: it passes every access check (ACME `cse.originator`).
   * @default 'CAdmin'
   */
  readonly admin?: string;
  /**
   * Keeps the tree in this file (a JSON snapshot) and journals beside it (`<file>.journal.<n>`):
   * loaded at start; every change is durable before it is acknowledged (see storage/).
   */
  readonly dataFile?: string;
  /** Where to keep the tree instead of `dataFile`: any {@link CseStorage} (an embedded database, a test double). */
  readonly storage?: CseStorage;
  /**
   * Seconds until a resource created without `et` expires.
   * @default 157680000 (5 years, as ACME `cse.maxExpirationDelta`)
   */
  readonly defaultExpirationSeconds?: number;
  /**
   * Largest request body the HTTP binding reads.
   * @default 1048576 (1 MiB)
   */
  readonly maxBodyBytes?: number;
  /** Points of access announced in the CSEBase `poa`; startCse sets the server URL. */
  readonly pointOfAccess?: readonly string[];
  /** Where problems the CSE cannot report to a requester go (failed persistence, listener errors). */
  readonly log?: (message: string) => void;
  /** More type semantics (subscriptions, groups, …), run after the built-in ones. */
  readonly behaviours?: readonly ResourceBehaviour[];
  /** More virtual resources, besides the built-in `la`, `ol`, `fopt` and `pcu`. */
  readonly virtualResources?: readonly VirtualResource[];
  /**
   * Whether a new `<subscription>` (and new `nu` entries of an update) is verified by a
   * verification request to each notification target (ACME
   * `cse.enableSubscriptionVerificationRequests`).
   * @default true
   */
  readonly verifySubscriptions?: boolean;
  /**
   * How long one outgoing request (verification, notification, non-blocking result) may take
   * before it counts as failed.
   * @default 10000
   */
  readonly notificationTimeoutMs?: number;
  /**
   * How long a RETRIEVE of a polling channel's `pcu` waits for a request when it carries no
   * request expiration (rqet); it then answers REQUEST_TIMEOUT (4008).
   * @default 30000
   */
  readonly pollingTimeoutMs?: number;
  /**
   * Seconds a `<request>` resource of a non-blocking request lives when the request gives no
   * result expiration (rset).
   * @default 3600
   */
  readonly requestLifetimeSeconds?: number;
  /**
   * How many `<request>` resources (of non-blocking requests) one originator may hold at a time;
   * a further non-blocking request is refused with NOT_ACCEPTABLE (5207).
   * @default 100
   */
  readonly maxRequestsPerOriginator?: number;
  /**
   * How many bytes of request content (its JSON size) one originator's `<request>` resources may
   * hold together.
   * @default 16777216 (16 MiB)
   */
  readonly maxRequestBytesPerOriginator?: number;
}

/** Options with every default applied. */
export interface ResolvedCseOptions {
  readonly cseId: string;
  readonly cseName: string;
  readonly spId: string;
  readonly admin: string;
  readonly dataFile: string | undefined;
  readonly storage: CseStorage | undefined;
  readonly defaultExpirationSeconds: number;
  readonly maxBodyBytes: number;
  readonly pointOfAccess: readonly string[];
  /** Where the CSE reports problems it cannot answer with (default: console.error). */
  readonly log: (message: string) => void;
  readonly behaviours: readonly ResourceBehaviour[];
  readonly virtualResources: readonly VirtualResource[];
  readonly verifySubscriptions: boolean;
  readonly notificationTimeoutMs: number;
  readonly pollingTimeoutMs: number;
  readonly requestLifetimeSeconds: number;
  readonly maxRequestsPerOriginator: number;
  readonly maxRequestBytesPerOriginator: number;
}

/** Applies the defaults (the reference CSE's onboarding defaults) and checks the identifiers. */
export function resolveOptions(options: CseOptions = {}): ResolvedCseOptions {
  const resolved: ResolvedCseOptions = {
    cseId: options.cseId ?? '/id-in',
    cseName: options.cseName ?? 'cse-in',
    spId: options.spId ?? '//acme.example.com',
    admin: options.admin ?? 'CAdmin',
    dataFile: options.dataFile,
    storage: options.storage,
    defaultExpirationSeconds: options.defaultExpirationSeconds ?? 5 * 365 * 24 * 3600,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    pointOfAccess: options.pointOfAccess ?? [],
    log: options.log ?? ((message) => console.error(message)),
    behaviours: options.behaviours ?? [],
    virtualResources: options.virtualResources ?? [],
    verifySubscriptions: options.verifySubscriptions ?? true,
    notificationTimeoutMs: options.notificationTimeoutMs ?? 10_000,
    pollingTimeoutMs: options.pollingTimeoutMs ?? 30_000,
    requestLifetimeSeconds: options.requestLifetimeSeconds ?? 3600,
    maxRequestsPerOriginator: options.maxRequestsPerOriginator ?? 100,
    maxRequestBytesPerOriginator: options.maxRequestBytesPerOriginator ?? 16 * 1024 * 1024,
  };
  if (!/^\/[A-Za-z0-9._-]+$/.test(resolved.cseId))
    throw new RangeError(`cseId ${JSON.stringify(resolved.cseId)} is not a CSE-ID; give one like /id-in`);
  if (!/^[A-Za-z0-9_.~-]+$/.test(resolved.cseName) || resolved.cseName === '-')
    throw new RangeError(`cseName ${JSON.stringify(resolved.cseName)} is not a resource name; give one like cse-in`);
  if (!/^\/\/[^/\s]+$/.test(resolved.spId))
    throw new RangeError(`spId ${JSON.stringify(resolved.spId)} is not an SP-ID; give one like //acme.example.com`);
  if (resolved.admin === '') throw new RangeError('admin must not be empty');
  if (resolved.dataFile !== undefined && resolved.storage !== undefined)
    throw new RangeError('give dataFile or storage, not both');
  for (const name of [
    'notificationTimeoutMs',
    'pollingTimeoutMs',
    'requestLifetimeSeconds',
    'maxRequestsPerOriginator',
    'maxRequestBytesPerOriginator',
  ] as const) {
    if (!(resolved[name] > 0)) throw new RangeError(`${name} must be a positive number, got ${resolved[name]}`);
  }
  return resolved;
}
