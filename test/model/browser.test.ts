import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { root } from '../helpers/paths.js';

// The model (sessions, resources, subscriptions, the polling channel loop) must run in browsers:
// bundling it for the browser platform fails on any Node built-in.
it('the object model bundles for browsers with no Node built-in', async () => {
  const result = await build({
    stdin: {
      contents: `import { Session, model, acr, NotificationRouter, PollingChannelPoller } from './src/index.ts';
        export const s = new Session({ encoding: 'cbor' });
        export const used = [model.AE, model.Container, model.Subscription, model.PollingChannel, model.Group, model.RemoteCSE, acr, NotificationRouter, PollingChannelPoller];`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  expect(result.errors).toEqual([]);
  expect(code).not.toMatch(/from\s*"node:|require\("node:/);
  expect(code).toContain('nodejs.util.inspect.custom');
}, 60_000);

it('the Node notification entry point is where node:http comes in', async () => {
  const result = await build({
    entryPoints: [`${root}/src/notifications/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  expect(result.outputFiles[0]?.text).toMatch(/from "node:http"|from "http"/);
}, 60_000);
