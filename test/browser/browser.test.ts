import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCse, startCse } from '../../src/cse/index.js';
import { root } from '../helpers/paths.js';

// A real browser: Debian's chromium (installed by .ci/run), headless, opens a page bundled with
// esbuild from the built package and served on http://localhost:<port>; the page uses the client
// and the object model against the embedded CSE on http://127.0.0.1:<other port>, another origin,
// in JSON, CBOR and XML. Locally the test is skipped when chromium is missing; under CI it fails.

const executable = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);
const run = executable !== undefined || process.env['CI'] === 'true' ? describe : describe.skip;

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

run('in Chromium, a page on another origin', () => {
  let browser: Browser;
  let cse: RunningCse;
  let noCors: RunningCse;
  let page: Server;
  let unexposed: Server;
  let pageUrl: string;

  beforeAll(async () => {
    if (executable === undefined) throw new Error('CI=true but no chromium: .ci/run installs it with apt-get');
    const bundle = await build({
      entryPoints: [join(root, 'test', 'browser', 'page.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    page = createServer((req, res) => {
      if (req.url === '/page.js') res.setHeader('content-type', 'text/javascript').end(script);
      else
        res.setHeader('content-type', 'text/html').end('<!doctype html><script type="module" src="/page.js"></script>');
    });
    // Allows the page's origin but exposes no X-M2M-* header, as a half-configured CSE or proxy does.
    unexposed = createServer((req, res) => {
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '');
        res.statusCode = 204;
        res.end();
        return;
      }
      res.setHeader('x-m2m-rsc', '2000').setHeader('content-type', 'application/json').end('{"m2m:cb": {}}');
    });
    const [pagePort, unexposedPort] = await Promise.all([listen(page), listen(unexposed)]);
    pageUrl = `http://localhost:${pagePort}/`;
    cse = await startCse({ port: 0, webSocket: { port: 0 } });
    noCors = await startCse({ port: 0, cors: false });
    (globalThis as { unexposedUrl?: string }).unexposedUrl = `http://127.0.0.1:${unexposedPort}`;
    browser = await chromium.launch({ executablePath: executable, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([cse?.close(), noCors?.close()]);
    page?.close();
    unexposed?.close();
  });

  async function open() {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(String(error)));
    await tab.goto(pageUrl);
    await tab
      .waitForFunction(() => 'scenario' in globalThis, undefined, { timeout: 10_000 })
      .catch(() => {
        throw new Error(`the page did not load: ${errors.join('; ')}`);
      });
    return tab;
  }

  it.each(['json', 'cbor', 'xml'] as const)(
    '%s: registers, creates, retrieves la, gets a 4004 and a notification through a polling channel',
    async (encoding) => {
      const tab = await open();
      try {
        const transcript = await tab.evaluate(
          ([url, enc]) =>
            (globalThis as unknown as { scenario(u: string, e: string): Promise<string[]> }).scenario(url, enc),
          [cse.url, encoding] as const,
        );
        console.log(transcript.join('\n'));
        expect(transcript).toEqual([
          expect.stringMatching(
            new RegExp(`^\\[${encoding}\\] registered browserApp-${encoding} as \\S+ from http://localhost:\\d+$`),
          ),
          `[${encoding}] created cse-in/browserApp-${encoding}/temperature; la con=21.5`,
          `[${encoding}] retrieve cse-in/browserApp-${encoding}/nope: 4004 NotFound`,
          expect.stringMatching(/notification through .*: createOfDirectChildResource, content "open"$/),
        ]);
      } finally {
        await tab.close();
      }
    },
    60_000,
  );

  it.each(['json', 'cbor'] as const)(
    '%s over the browser’s WebSocket: registers, subscribes and is notified over the same connection',
    async (encoding) => {
      const tab = await open();
      try {
        const transcript = await tab.evaluate(
          ([url, enc]) =>
            (globalThis as unknown as { webSocketScenario(u: string, e: string): Promise<string[]> }).webSocketScenario(
              url,
              enc,
            ),
          [cse.wsUrl as string, encoding] as const,
        );
        console.log(transcript.join('\n'));
        expect(transcript).toEqual([
          expect.stringMatching(
            new RegExp(`^\\[ws ${encoding}\\] registered browserWs-${encoding} as C\\S+ over ws://`),
          ),
          expect.stringMatching(
            /notification over the connection \(nu C\S+\): createOfDirectChildResource, content "tilted"$/,
          ),
        ]);
      } finally {
        await tab.close();
      }
    },
    60_000,
  );

  it('a CSE without CORS, and one hiding the X-M2M-* headers, give errors that say what to configure', async () => {
    const tab = await open();
    try {
      const transcript = await tab.evaluate(
        ([a, b]) =>
          (globalThis as unknown as { corsFailures(a: string, b: string): Promise<string[]> }).corsFailures(a, b),
        [noCors.url, (globalThis as { unexposedUrl?: string }).unexposedUrl ?? ''] as const,
      );
      console.log(transcript.join('\n'));
      expect(transcript[0]).toMatch(
        /^\[cors off\] CorsError: .*Access-Control-Allow-Origin: http:\/\/localhost:\d+.*--cors/,
      );
      expect(transcript[1]).toMatch(/^\[headers not exposed\] MalformedResponseError: .*Access-Control-Expose-Headers/);
    } finally {
      await tab.close();
    }
  }, 60_000);
});
