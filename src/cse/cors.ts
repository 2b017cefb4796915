import type { IncomingMessage, ServerResponse } from 'node:http';
import { Header } from '../http/headers.js';

// Cross-origin resource sharing for the CSE's HTTP binding, so that a page served from another
// origin (a dev server on localhost:5173, a dashboard) can use the client in a browser. Without it
// the browser refuses the preflight of every oneM2M request (they carry X-M2M-* headers) and hides
// the X-M2M-* headers of responses from the page.

/**
 * Which page origins may call the CSE from a browser.
 * - `'loopback'` (the default): pages on localhost, 127.0.0.1 or [::1], any port, http or https.
 * - `'*'`: any page.
 * - a list of origins, e.g. `['https://dashboard.example']`.
 * - `false`: none (no CORS headers at all).
 */
export type CorsPolicy = 'loopback' | '*' | false | readonly string[];

/** The response headers a page may read: every X-M2M-* header the binding sends, and the locations. */
export const EXPOSED_HEADERS = [
  Header.ResponseStatusCode,
  Header.RequestId,
  Header.ReleaseVersion,
  Header.OriginatingTimestamp,
  Header.ResultExpiration,
  Header.EventCategory,
  Header.VendorInformation,
  Header.ContentStatus,
  Header.ContentOffset,
  Header.ContentLocation,
  'location',
].join(', ');

const METHODS = 'GET, POST, PUT, DELETE';
// Browsers cache a preflight this long (seconds), so a page sends one per request shape, not per request.
const MAX_AGE = '600';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost'))
    );
  } catch {
    return false;
  }
}

/** The Access-Control-Allow-Origin value for a page origin, or undefined when the policy refuses it. */
export function allowedOrigin(policy: CorsPolicy, origin: string): string | undefined {
  if (policy === false) return undefined;
  if (policy === '*') return '*';
  if (policy === 'loopback') return isLoopbackOrigin(origin) ? origin : undefined;
  return policy.includes(origin) ? origin : undefined;
}

/**
 * Adds the CORS headers a response to `req` needs, and answers a preflight itself. Returns true when
 * the request was a preflight and has been answered.
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  if (policy === false) return false;
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (policy !== '*') res.setHeader('vary', 'Origin');
  const allowed = origin === undefined ? undefined : allowedOrigin(policy, origin);
  if (allowed === undefined) {
    if (!preflight) return false;
    // A refused preflight: the browser blocks the request; the text is for whoever looks at the network tab.
    res.statusCode = 403;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(
      `CORS: this CSE does not accept requests from the page origin ${origin ?? '(none)'}; allow it (onem2m serve --cors <origin>)\n`,
    );
    return true;
  }
  res.setHeader('access-control-allow-origin', allowed);
  if (!preflight) {
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    return false;
  }
  res.statusCode = 204;
  res.setHeader('access-control-allow-methods', METHODS);
  // Whatever the page asks to send (X-M2M-*, Content-Type with ty=, Authorization) is allowed.
  const requested = req.headers['access-control-request-headers'];
  if (requested) res.setHeader('access-control-allow-headers', requested);
  // Chrome's Private Network Access: a page on a public address calling a CSE on this machine.
  if (req.headers['access-control-request-private-network'] === 'true')
    res.setHeader('access-control-allow-private-network', 'true');
  res.setHeader('access-control-max-age', MAX_AGE);
  res.setHeader('content-length', '0');
  res.end();
  return true;
}
