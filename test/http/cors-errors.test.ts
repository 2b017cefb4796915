import { afterEach, describe, expect, it } from 'vitest';
import { Client, ContainerDescriptor, CorsError, NetworkError } from '../../src/index.js';
import { unexposedHeadersAdvice } from '../../src/http/cors.js';

// In a browser, fetch reports a CORS refusal as a bare TypeError. The client tells the user what
// to configure when the page calls another origin; anywhere else a failure stays a NetworkError.
// (test/browser runs the same in Chromium against real CORS refusals.)

const failingFetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
const global = globalThis as { location?: { origin: string } };
afterEach(() => {
  delete global.location;
});

const retrieve = (url: string) =>
  new Client({ url, fetch: failingFetch, retry: { retrieve: { retries: 0 } } }).retrieve(
    ContainerDescriptor,
    'cse-in/x',
  );

describe('a fetch that fails', () => {
  it('in a page on another origin is a CorsError naming the origin and the fix', async () => {
    global.location = { origin: 'http://localhost:5173' };
    const error = await retrieve('http://127.0.0.1:8080').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorsError);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: 'CorsError', pageOrigin: 'http://localhost:5173' });
    expect((error as Error).message).toMatch(
      /Failed to fetch\. The page \(origin http:\/\/localhost:5173\) calls a CSE on another origin/,
    );
    expect((error as Error).message).toMatch(
      /Access-Control-Allow-Origin: http:\/\/localhost:5173.*--cors http:\/\/localhost:5173/,
    );
  });

  it('in a page on the CSE’s own origin, or outside a browser, stays a NetworkError', async () => {
    global.location = { origin: 'http://127.0.0.1:8080' };
    const same = await retrieve('http://127.0.0.1:8080').catch((e: unknown) => e);
    expect(same).toBeInstanceOf(NetworkError);
    expect(same).not.toBeInstanceOf(CorsError);
    delete global.location;
    const node = await retrieve('http://127.0.0.1:8080').catch((e: unknown) => e);
    expect([node instanceof NetworkError, node instanceof CorsError]).toEqual([true, false]);
  });
});

describe('a cross-origin response without X-M2M-RSC', () => {
  it('gets advice on exposing the headers only in a page, for a CORS response', () => {
    expect(unexposedHeadersAdvice('http://127.0.0.1:8080', 'cors')).toBeUndefined();
    global.location = { origin: 'http://localhost:5173' };
    expect(unexposedHeadersAdvice('http://127.0.0.1:8080', 'cors')).toMatch(/Access-Control-Expose-Headers: X-M2M-RSC/);
    expect(unexposedHeadersAdvice('http://127.0.0.1:8080', 'basic')).toBeUndefined();
  });
});
