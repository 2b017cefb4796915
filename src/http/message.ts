import type { HeaderRecord } from './headers.js';

/** An HTTP request as the binding sees it: independent of fetch, ky and node:http. */
export interface HttpRequestMessage {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | (string & {});
  /** The path, percent-encoded, starting with `/`. */
  readonly path: string;
  /** The query string without `?`, possibly empty. */
  readonly query: string;
  readonly headers: HeaderRecord;
  readonly body?: Uint8Array;
}

export interface HttpResponseMessage {
  readonly status: number;
  readonly headers: HeaderRecord;
  readonly body?: Uint8Array;
}
