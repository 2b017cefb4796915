import { afterEach, describe, expect, it } from 'vitest';
import { startCse, type RunningCse, type StartCseOptions } from '../../src/cse/index.js';

// A browser page on another origin reaches the CSE only through CORS: a preflight for every
// oneM2M request (they carry X-M2M-* headers), and X-M2M-* response headers it may read.

let running: RunningCse | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function cse(options: StartCseOptions = {}): Promise<string> {
  running = await startCse({ port: 0, ...options });
  return `${running.url}/cse-in`;
}

const preflight = (url: string, origin: string, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'x-m2m-origin,x-m2m-ri,x-m2m-rvi,content-type',
      ...extra,
    },
  });
const retrieve = (url: string, origin: string) =>
  fetch(url, { headers: { origin, 'x-m2m-origin': 'CAdmin', 'x-m2m-ri': 'r1', 'x-m2m-rvi': '3' } });

describe('CORS in the embedded CSE', () => {
  it('by default answers the preflight of a loopback page and exposes the X-M2M-* headers', async () => {
    const url = await cse();
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:3000',
      'https://[::1]:8443',
      'http://app.localhost',
    ]) {
      const answer = await preflight(url, origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
      expect(answer.headers.get('access-control-allow-headers')).toBe('x-m2m-origin,x-m2m-ri,x-m2m-rvi,content-type');
      expect(answer.headers.get('vary')).toBe('Origin');
      const response = await retrieve(url, origin);
      expect([response.status, response.headers.get('x-m2m-rsc')]).toEqual([200, '2000']);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(', ');
      expect(exposed).toEqual(expect.arrayContaining(['x-m2m-rsc', 'x-m2m-ri', 'x-m2m-rvi', 'content-location']));
    }
  });

  it('refuses other pages by default: the preflight gets 403, a response no CORS headers', async () => {
    const url = await cse();
    const answer = await preflight(url, 'https://evil.example');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(await answer.text()).toContain('onem2m serve --cors');
    const response = await retrieve(url, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
  });

  it("cors: '*' allows any page; a list allows those origins only", async () => {
    let url = await cse({ cors: '*' });
    expect((await preflight(url, 'https://any.example')).headers.get('access-control-allow-origin')).toBe('*');
    await running?.close();
    url = await cse({ cors: ['https://dash.example'] });
    expect((await preflight(url, 'https://dash.example')).status).toBe(204);
    expect((await preflight(url, 'http://localhost:5173')).status).toBe(403);
  });

  it('cors: false sends no CORS headers; an OPTIONS is then a plain oneM2M request', async () => {
    const url = await cse({ cors: false });
    const answer = await preflight(url, 'http://localhost:5173');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('x-m2m-rsc')).not.toBeNull();
  });

  it('answers Chrome’s private network access preflight', async () => {
    const url = await cse({ cors: '*' });
    const answer = await preflight(url, 'https://public.example', { 'access-control-request-private-network': 'true' });
    expect(answer.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('a request without Origin (not from a browser) is answered as before', async () => {
    const url = await cse();
    const response = await fetch(url, { headers: { 'x-m2m-origin': 'CAdmin', 'x-m2m-ri': 'r1', 'x-m2m-rvi': '3' } });
    expect([response.status, response.headers.get('access-control-allow-origin')]).toEqual([200, null]);
  });
});
