import type { RequestContext } from '../errors/Onem2mError.js';
import { NetworkError } from '../errors/transport-errors.js';

// In a browser, a request to a CSE on another origin fails in two ways that fetch reports badly:
// a CSE without CORS makes the preflight fail, and fetch says only "Failed to fetch"; a CSE that
// allows the origin but does not expose the X-M2M-* headers yields a response without X-M2M-RSC.
// These helpers turn both into errors that say what to configure. They only map errors, so any
// fetch-based transport can use them.

/** The origin of the page (or worker) this code runs in; undefined outside browsers. */
export function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' ? origin : undefined;
}

/** The page's origin when `endpoint` is on another one (a cross-origin request), else undefined. */
export function crossOriginPage(endpoint: string): string | undefined {
  const page = pageOrigin();
  if (page === undefined) return undefined;
  try {
    return new URL(endpoint).origin === page ? undefined : page;
  } catch {
    return undefined;
  }
}

/**
 * A request from a browser page to a CSE on another origin got no response the page may read: the
 * CSE is down or unreachable, or it does not allow the page's origin (CORS). The browser does not
 * tell these apart; the message says what to check for both.
 */
export class CorsError extends NetworkError {
  override readonly name = 'CorsError';
  constructor(
    context: RequestContext,
    cause: unknown,
    /** The origin of the page that sent the request, e.g. `http://localhost:5173`. */
    readonly pageOrigin: string,
  ) {
    super(
      context,
      cause,
      `The page (origin ${pageOrigin}) calls a CSE on another origin: if the CSE is running, it must allow this origin (CORS) — answer preflight OPTIONS requests with Access-Control-Allow-Origin: ${pageOrigin}, allow the X-M2M-* and Content-Type request headers, and expose the X-M2M-* response headers. \`onem2m serve\` allows pages on localhost by default and others with --cors ${pageOrigin}; for another CSE, configure its CORS or serve the page through a proxy on the page's origin`,
    );
  }
}

/** A fetch failure as a CorsError when it happened in a browser page calling another origin. */
export function corsFailure(context: RequestContext, cause: unknown): CorsError | undefined {
  const page = cause instanceof TypeError ? crossOriginPage(context.endpoint) : undefined;
  return page === undefined ? undefined : new CorsError(context, cause, page);
}

/**
 * What to configure when a cross-origin response lacks X-M2M-RSC: in a browser, a CSE that allows
 * the origin but does not list the X-M2M-* headers in Access-Control-Expose-Headers looks like that.
 */
export function unexposedHeadersAdvice(endpoint: string, responseType: string | undefined): string | undefined {
  const page = crossOriginPage(endpoint);
  if (page === undefined || responseType !== 'cors') return undefined;
  return `the page (origin ${page}) cannot read the X-M2M-* headers of this cross-origin response: the CSE's CORS configuration must expose them (Access-Control-Expose-Headers: X-M2M-RSC, X-M2M-RI, X-M2M-RVI, Content-Location …); \`onem2m serve\` does`;
}
