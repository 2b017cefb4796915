import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { startCse, type RunningCse } from '../../src/cse/index.js';

// A local CSE that answers the way a real one does on the wire (/work/shared/reference/
// cse-deviations.md): the embedded CSE, with the real CSE's identifiers, behind a node:http
// proxy that applies that CSE's departures from the spec to requests and responses. Tests drive
// the client through the CSE's profile against it; each departure is one function below, named
// after the line of the deviations file it reproduces.

export type FakeCseKind = 'acme' | 'mobius' | 'tinyiot';

/** One request as it reached the fake CSE, before any departure was applied. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeCse {
  readonly kind: FakeCseKind;
  /** Where clients send requests. */
  readonly url: string;
  readonly cseId: string;
  readonly cseName: string;
  readonly admin: string;
  /** The embedded CSE behind the departures (to set up state directly). */
  readonly backend: RunningCse;
  /** Every request received, oldest first. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** A request on its way to the backend; departures may change it or answer it themselves. */
interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Departures {
  /** Applied to every request; an Answer ends it there. */
  request?(exchange: Exchange, fake: Context): Answer | undefined | Promise<Answer | undefined>;
  /** Applied to every backend answer. */
  response?(answer: Answer, exchange: Exchange, fake: Context): Answer | Promise<Answer>;
}

interface Context {
  readonly backend: RunningCse;
  readonly admin: string;
  readonly cseId: string;
  readonly cseName: string;
  forward(exchange: Exchange): Promise<Answer>;
}

function answer(rsc: number, status: number, rqi: string | undefined, pc?: object): Answer {
  return {
    status,
    headers: {
      'x-m2m-rsc': String(rsc),
      ...(rqi === undefined ? {} : { 'x-m2m-ri': rqi }),
      ...(pc ? { 'content-type': 'application/json' } : {}),
    },
    body: pc ? JSON.stringify(pc) : '',
  };
}

function json(body: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function mediaType(exchange: Exchange, header: 'content-type' | 'accept'): string {
  return (exchange.headers[header] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isCreateOf(exchange: Exchange, ty: number): boolean {
  return exchange.method === 'POST' && new RegExp(`;\\s*ty=${ty}\\b`).test(exchange.headers['content-type'] ?? '');
}

function mapJson(answer: Answer, change: (pc: Record<string, unknown>) => void): Answer {
  const pc = answer.headers['content-type']?.startsWith('application/json') ? json(answer.body) : undefined;
  if (!pc) return answer;
  change(pc);
  return { ...answer, body: JSON.stringify(pc) };
}

// ---- ACME ---------------------------------------------------------------------------------

const acme: Departures = {
  async request(exchange, fake) {
    const rqi = exchange.headers['x-m2m-ri'];
    // "A body it cannot parse → HTTP 400, rsc 4000, X-M2M-RI: None, and a useful m2m:dbg."
    const type = mediaType(exchange, 'content-type');
    if (
      exchange.body !== '' &&
      (type !== 'application/json' || json(exchange.body) === undefined) &&
      type !== 'application/cbor'
    )
      return answer(4000, 400, 'None', {
        'm2m:dbg': 'Malformed request/content? Cannot parse the request body (unsupported content serialization)',
      });
    // "A resource addressed as <unstructured ri>/<child name> → 4004. Only virtual resources
    // (la, ol, fopt, pcu) may follow an unstructured id."
    const segments = exchange.path.replace(/^\/(~\/[^/]+\/)?/, '').split('/');
    if (
      segments.length > 1 &&
      segments[0] !== fake.cseName &&
      segments[0] !== '-' &&
      !['la', 'ol', 'fopt', 'pcu'].includes(segments[1] ?? '')
    )
      return answer(4004, 404, rqi, { 'm2m:dbg': `resource not found: ${exchange.path}` });
    // "Child-attribute filters: reads catr/patr; TS-0009's c./p. forms get 4000."
    for (const name of exchange.query.keys())
      if (name.startsWith('c.') || name.startsWith('p.'))
        return answer(4000, 400, rqi, { 'm2m:dbg': `validation for attribute ${name} not defined` });
    // "Discovery lim/ofst bound the direct children walked, not the result list; an empty slice returns everything."
    if (
      exchange.method === 'GET' &&
      exchange.query.get('fu') === '1' &&
      (exchange.query.has('lim') || exchange.query.has('ofst'))
    )
      return walkLimitedDiscovery(exchange, fake);
    return undefined;
  },
  response(reply, exchange) {
    // "Asked for XML: answers 2000, Content-Type: application/xml and an empty body."
    if (mediaType(exchange, 'accept') === 'application/xml' && reply.headers['x-m2m-rsc']?.startsWith('2'))
      return { ...reply, headers: { ...reply.headers, 'content-type': 'application/xml' }, body: '' };
    return mapJson(reply, (pc) => {
      // "m2m:rce keys appear without the m2m: prefix."
      const rce = pc['m2m:rce'] as Record<string, unknown> | undefined;
      if (rce)
        for (const key of Object.keys(rce))
          if (key.startsWith('m2m:')) {
            rce[key.slice(4)] = rce[key];
            delete rce[key];
          }
      // The CSEBase names what ACME speaks.
      const cb = pc['m2m:cb'] as Record<string, unknown> | undefined;
      if (cb) cb['csz'] = ['application/json', 'application/cbor'];
    });
  },
};

async function walkLimitedDiscovery(exchange: Exchange, fake: Context): Promise<Answer> {
  const lim = Number(exchange.query.get('lim') ?? Number.POSITIVE_INFINITY);
  const ofst = Number(exchange.query.get('ofst') ?? 1);
  const whole = new URLSearchParams(exchange.query);
  whole.delete('lim');
  whole.delete('ofst');
  const all = await fake.forward({ ...exchange, query: whole });
  const children = await fake.forward({
    ...exchange,
    query: new URLSearchParams({ rcn: '6' }),
    headers: { ...exchange.headers, 'x-m2m-origin': fake.admin },
  });
  const refs = ((json(children.body)?.['m2m:rrl'] as { rrf?: { val: string }[] } | undefined)?.rrf ?? []).map(
    (r) => r.val,
  );
  const walked = refs.slice(ofst - 1, ofst - 1 + lim);
  if (walked.length === 0) return all;
  return mapJson(all, (pc) => {
    const uril = pc['m2m:uril'];
    if (Array.isArray(uril))
      pc['m2m:uril'] = uril.filter((a: string) => walked.some((w) => a === w || a.startsWith(`${w}/`)));
  });
}

// ---- Mobius -------------------------------------------------------------------------------

/** Strips the fraction of a oneM2M timestamp: Mobius's clock has 1-second resolution. */
function toSeconds(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/^(\d{8}T\d{6}),\d+$/, '$1') : value;
}

function eachResource(pc: unknown, visit: (resource: Record<string, unknown>) => void): void {
  if (Array.isArray(pc)) for (const item of pc) eachResource(item, visit);
  else if (pc !== null && typeof pc === 'object') {
    const record = pc as Record<string, unknown>;
    if ('ct' in record || 'lt' in record) visit(record);
    for (const value of Object.values(record)) eachResource(value, visit);
  }
}

const mobius: Departures = {
  request(exchange) {
    const rqi = exchange.headers['x-m2m-ri'];
    // "X-M2M-RVI not checked (missing = 2a)."
    exchange.headers['x-m2m-rvi'] ??= '2a';
    // "Discovery (fu=1) accepts only rcn 1/4/5/6/7: rcn=11 → 4000."
    const rcn = exchange.query.get('rcn');
    if (exchange.query.get('fu') === '1' && rcn !== null && !['1', '4', '5', '6', '7'].includes(rcn))
      return answer(4000, 400, rqi, { 'm2m:dbg': 'rcn or fu query is not supported at GET request' });
    // "A +-joined lbl list is not parsed; repeated lbl= parameters are."
    const labels = exchange.query.getAll('lbl');
    if (labels.length > 0) {
      exchange.query.delete('lbl');
      const literal = labels.length === 1 && /\s/.test(labels[0] ?? '');
      exchange.query.append('lbl', literal ? `unparsed:${labels[0]?.replace(/\s/g, '_')}` : labels.join(' '));
    }
    // "polling channel: no (4005)"; "fopt yes, fopt/<path> → 4004".
    if (isCreateOf(exchange, 15)) return answer(4005, 405, rqi, { 'm2m:dbg': 'ty 15 is not supported' });
    if (/\/fopt\/./.test(exchange.path)) return answer(4004, 404, rqi, { 'm2m:dbg': 'resource does not exist' });
    // "Default nct is 2 (modified attributes)."
    if (isCreateOf(exchange, 23)) {
      const body = json(exchange.body);
      const sub = body?.['m2m:sub'] as Record<string, unknown> | undefined;
      if (sub && sub['nct'] === undefined) {
        sub['nct'] = 2;
        exchange.body = JSON.stringify(body);
      }
    }
    return undefined;
  },
  response(reply) {
    return mapJson(reply, (pc) => {
      // "In m2m:agr (group fan-out), each member's rsc is a JSON string."
      const agr = pc['m2m:agr'] as { 'm2m:rsp'?: { rsc: unknown }[] } | undefined;
      for (const rsp of agr?.['m2m:rsp'] ?? []) rsp.rsc = String(rsp.rsc);
      // "ct/lt have 1-second resolution, and discovery lists newest first."
      eachResource(pc, (r) => {
        r['ct'] = toSeconds(r['ct']);
        r['lt'] = toSeconds(r['lt']);
      });
      if (Array.isArray(pc['m2m:uril'])) pc['m2m:uril'] = [...(pc['m2m:uril'] as unknown[])].reverse();
      const rrl = pc['m2m:rrl'] as { rrf?: unknown[] } | undefined;
      if (Array.isArray(rrl?.rrf)) rrl.rrf = [...rrl.rrf].reverse();
    });
  },
};

// ---- tinyIoT ------------------------------------------------------------------------------

/**
 * tinyIoT's verification request: "no leading slash in its request line (POST TinyIoT/<parent
 * path> HTTP/1.1) and does not go to the nu path". Sent raw, since no HTTP client writes that.
 */
function rawVerification(target: string, cseId: string, parentPath: string): Promise<number> {
  const url = new URL(target);
  const body = JSON.stringify({ 'm2m:sgn': { vrq: true, sur: `${parentPath}/sub`, cr: 'C' } });
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST ${parentPath} HTTP/1.1\r\nHost: ${url.host}\r\nX-M2M-Origin: ${cseId}\r\nX-M2M-RI: vrq-1\r\nX-M2M-RVI: 3\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.on('error', () => resolve(0));
  });
}

/** "Numbers come back as 5.0." */
function floatNumbers(body: string): string {
  return body.replace(/:(-?\d+)(?=[,}\]])/g, ':$1.0');
}

const tinyiot: Departures = {
  async request(exchange, fake) {
    const rqi = exchange.headers['x-m2m-ri'];
    // "JSON only: XML/CBOR bodies → 4000 'Invalid JSON format'; answers JSON whatever Accept says."
    if (exchange.body !== '' && json(exchange.body) === undefined)
      return answer(4000, 400, rqi, { 'm2m:dbg': 'Invalid JSON format' });
    exchange.headers['accept'] = 'application/json';
    // "missing X-M2M-RVI → 4000".
    if (!exchange.headers['x-m2m-rvi']) return answer(4000, 400, rqi, { 'm2m:dbg': 'X-M2M-RVI is missing' });
    // "polling channel: no (4000 'resource type is invalid')".
    if (isCreateOf(exchange, 15)) return answer(4000, 400, rqi, { 'm2m:dbg': 'resource type is invalid' });
    // "A +-joined list matches nothing; of repeated lbl or ty only the first counts; ty=2+3 works."
    for (const name of ['lbl', 'ty']) {
      const values = exchange.query.getAll(name);
      if (values.length === 0) continue;
      exchange.query.delete(name);
      const first = values[0] ?? '';
      exchange.query.append(name, name === 'lbl' && /\s/.test(first) ? `nothing:${first.replace(/\s/g, '_')}` : first);
    }
    // "Non-admin discovery returns [] under the default ACP."
    if (
      exchange.method === 'GET' &&
      exchange.query.get('fu') === '1' &&
      exchange.headers['x-m2m-origin'] !== fake.admin
    )
      return answer(2000, 200, rqi, { 'm2m:uril': [] });
    // The verification request with the broken request line, for every URL in nu.
    if (isCreateOf(exchange, 23)) {
      const sub = json(exchange.body)?.['m2m:sub'] as { nu?: string[] } | undefined;
      for (const nu of sub?.nu ?? []) {
        if (!/^https?:\/\//.test(nu)) continue;
        const status = await rawVerification(nu, fake.cseId, exchange.path.replace(/^\/+/, ''));
        if (status < 200 || status >= 300)
          return answer(5204, 500, rqi, {
            'm2m:dbg': `subscription verification failed: the notification target answered HTTP ${status}`,
          });
      }
    }
    return undefined;
  },
  response(reply) {
    return reply.headers['content-type']?.startsWith('application/json')
      ? { ...reply, body: floatNumbers(reply.body) }
      : reply;
  },
};

const DEPARTURES: Readonly<Record<FakeCseKind, Departures>> = { acme, mobius, tinyiot };

/** The identifiers each CSE has out of the box (measured; deliberately not read from the profiles under test). */
const IDENTIFIERS: Readonly<Record<FakeCseKind, { cseId: string; cseName: string; admin: string }>> = {
  acme: { cseId: '/id-in', cseName: 'cse-in', admin: 'CAdmin' },
  mobius: { cseId: '/Mobius2', cseName: 'Mobius', admin: 'Sponde' },
  tinyiot: { cseId: '/tinyiot', cseName: 'TinyIoT', admin: 'CAdmin' },
};

/** Starts a fake CSE of `kind`: the embedded CSE with that CSE's identifiers, behind its departures. */
export async function startFakeCse(kind: FakeCseKind): Promise<FakeCse> {
  const ids = IDENTIFIERS[kind];
  const backend = await startCse({
    port: 0,
    cseId: ids.cseId,
    cseName: ids.cseName,
    admin: ids.admin,
    log: () => undefined,
    // Mobius sends none; tinyIoT's own (broken) one is sent by the departure above.
    verifySubscriptions: kind === 'acme',
  });
  const departures = DEPARTURES[kind];
  const requests: SeenRequest[] = [];
  const forward = async (exchange: Exchange): Promise<Answer> => {
    const query = exchange.query.toString();
    const response = await fetch(`${backend.url}${exchange.path}${query ? `?${query}` : ''}`, {
      method: exchange.method,
      headers: exchange.headers,
      ...(exchange.body === '' ? {} : { body: exchange.body }),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date'].includes(name))
        headers[name] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
  const context: Context = {
    backend,
    ...ids,
    forward,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const body = Buffer.concat(chunks).toString();
        requests.push({
          method: req.method ?? '',
          path: url.pathname,
          query: new URLSearchParams(url.searchParams),
          headers: req.headers,
          body,
        });
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
            headers[name] = value;
        const exchange: Exchange = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers,
          body,
        };
        let reply = (await departures.request?.(exchange, context)) ?? (await forward(exchange));
        if (departures.response) reply = await departures.response(reply, exchange, context);
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      })().catch((error: unknown) => {
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    ...ids,
    backend,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
