// The page the browser test opens: bundled by esbuild from the built package (imported by name, as
// an application would), served from one origin, talking to CSEs on others. Each scenario returns
// a transcript; a failure throws, and the test shows where.
import {
  Client,
  ContainerDescriptor,
  ContentInstanceDescriptor,
  type Encoding,
  isResponseError,
  MalformedResponseError,
  type model,
  NetworkError,
  ResponseStatusCode,
  Session,
} from 'onem2m-client';

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`failed: ${what}`);
}

async function scenario(cseUrl: string, encoding: Encoding): Promise<string[]> {
  const log: string[] = [];
  const say = (line: string) => log.push(`[${encoding}] ${line}`);
  const name = `browserApp-${encoding}`;

  // The typed client: register, create, retrieve la, a 4004.
  const admin = new Client({ url: cseUrl, encoding });
  const { ae, client } = await admin.registerAE({ rn: name, api: 'Nbrowser', rr: false, srv: ['3'] });
  say(`registered ${name} as ${ae.aei} from ${location.origin}`);
  await client.create(ContainerDescriptor, `cse-in/${name}`, { rn: 'temperature', mni: 10 });
  await client.create(ContentInstanceDescriptor, `cse-in/${name}/temperature`, { con: '21.5', cnf: 'text/plain:0' });
  const latest = await client.retrieve(ContentInstanceDescriptor, `cse-in/${name}/temperature/la`);
  check(latest.con === '21.5', `la is the content just added (${String(latest.con)})`);
  say(`created cse-in/${name}/temperature; la con=${String(latest.con)}`);
  try {
    await client.retrieve(ContainerDescriptor, `cse-in/${name}/nope`);
    throw new Error('failed: a missing resource was retrieved');
  } catch (error) {
    check(isResponseError(error, ResponseStatusCode.NotFound), `a 4004 ResponseError (${String(error)})`);
    say(`retrieve cse-in/${name}/nope: ${error.rsc} ${error.rscName}`);
  }
  await client.delete(ContainerDescriptor, `cse-in/${name}/temperature`);

  // The object model: an AE the CSE cannot reach gets its notification through a polling channel.
  const session = new Session({ url: cseUrl, originator: 'CAdmin', encoding });
  const cse = await session.cseBase();
  const polled = await cse.ae(`${name}-polled`, { api: 'Nbrowser', rr: false, srv: ['3'] });
  const channel = await polled.pollingChannel();
  const container = await polled.container('door');
  const subscription = await container.subscribe(undefined, { eventTypes: ['createOfDirectChildResource'] });
  await container.addContent('open');
  const notification = await subscription.next({ timeoutMs: 10_000 });
  const content = (notification.resource as model.ContentInstance).content;
  check(content === 'open', `the notification carries the new content (${JSON.stringify(content)})`);
  say(
    `notification through ${channel.pollingChannelUri}: ${notification.eventName}, content ${JSON.stringify(content)}`,
  );
  await subscription.unsubscribe();
  await channel.stopPolling();
  await polled.delete();
  await client.delete(ContainerDescriptor, `cse-in/${name}`).catch(() => undefined);
  return log;
}

/** What the client says when the CSE has no CORS, and when it hides the X-M2M-* headers. */
async function corsFailures(noCorsUrl: string, unexposedUrl: string): Promise<string[]> {
  const log: string[] = [];
  try {
    await new Client({ url: noCorsUrl, timeoutMs: 5000 }).retrieve(ContainerDescriptor, 'cse-in');
    throw new Error('failed: a CSE without CORS answered the page');
  } catch (error) {
    check(error instanceof NetworkError && error.name === 'CorsError', `a CorsError (${String(error)})`);
    log.push(`[cors off] ${error.name}: ${error.message}`);
  }
  try {
    await new Client({ url: unexposedUrl, timeoutMs: 5000 }).retrieve(ContainerDescriptor, 'cse-in');
    throw new Error('failed: a response without readable X-M2M-RSC was accepted');
  } catch (error) {
    check(error instanceof MalformedResponseError && error.reason === 'missing-rsc', `missing-rsc (${String(error)})`);
    log.push(`[headers not exposed] ${error.name}: ${error.message}`);
  }
  return log;
}

/**
 * The object model over the browser's own WebSocket (TS-0020): register, container, subscribe,
 * and the notification over the same connection (no receiver, no polling).
 */
async function webSocketScenario(wsUrl: string, encoding: Encoding): Promise<string[]> {
  const log: string[] = [];
  const say = (line: string) => log.push(`[ws ${encoding}] ${line}`);
  const session = new Session({ url: wsUrl, encoding });
  try {
    const cse = await session.cseBase();
    const ae = await cse.ae(`browserWs-${encoding}`, { api: 'Nbrowser', rr: true, srv: ['3'] });
    say(`registered ${ae.rn} as ${ae.aei} over ${wsUrl}`);
    const container = await ae.container('window');
    const subscription = await container.subscribe(undefined, { eventTypes: ['createOfDirectChildResource'] });
    await container.addContent('tilted');
    const notification = await subscription.next({ timeoutMs: 10_000 });
    const content = (notification.resource as model.ContentInstance).content;
    check(content === 'tilted', `the notification carries the new content (${JSON.stringify(content)})`);
    say(
      `notification over the connection (nu ${subscription.notificationUris.join(', ')}): ${notification.eventName}, content ${JSON.stringify(content)}`,
    );
    await subscription.unsubscribe();
    await ae.delete();
  } finally {
    await session.client.close();
  }
  return log;
}

Object.assign(globalThis, { scenario, corsFailures, webSocketScenario });
