import type { Encoding } from '../encoding/codec.js';

// Topics of the MQTT binding (TS-0010 §6.4, §6.5.4; digest §7.1):
//   <prefix>/oneM2M/req/<originator>/<receiver>/<type>       a request, to its receiver
//   <prefix>/oneM2M/resp/<originator>/<receiver>/<type>      its response, back to the originator
//   <prefix>/oneM2M/reg_req|reg_resp/<credential>/<receiver>/<type>   an initial registration
// An ID becomes a topic level by dropping its first `/` and turning the others into `:`
// (`/id-in` → `id-in`, `/id-in/Cae` → `id-in:Cae`, `Cae` → `Cae`). The prefix comes from the
// path of the broker's URL (`mqtt://host/abc/def` → `abc/def/oneM2M/...`); without one, topics
// start with `/oneM2M`.

/** The kinds of oneM2M topics. */
export type TopicKind = 'req' | 'resp' | 'reg_req' | 'reg_resp';

/** An ID that cannot be a topic level (MQTT wildcards, an empty ID). */
export class TopicError extends Error {
  override readonly name = 'TopicError';
}

/** The topic level of an AE-ID or CSE-ID. */
export function idToTopicLevel(id: string): string {
  if (id === '') throw new TopicError('an empty ID cannot be an MQTT topic level');
  if (/[+#\u0000]/.test(id))
    throw new TopicError(`${JSON.stringify(id)} holds an MQTT wildcard (+ or #) or NUL and cannot be a topic level`);
  return (id.startsWith('/') ? id.slice(1) : id).replaceAll('/', ':');
}

/** The ID a topic level stands for (the inverse of idToTopicLevel). */
export function topicLevelToId(level: string): string {
  return level.includes(':') ? `/${level.replaceAll(':', '/')}` : level;
}

/** `abc/def` for `mqtt://host/abc/def`, '' without a path. */
export function topicPrefixOf(url: URL): string {
  return decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
}

/** A oneM2M topic. */
export function oneM2MTopic(
  prefix: string,
  kind: TopicKind,
  originator: string,
  receiver: string,
  type: Encoding | '#',
): string {
  return `${prefix}/oneM2M/${kind}/${originator}/${receiver}${type === '#' ? '/#' : `/${type}`}`;
}

/** The parts of a oneM2M topic. */
export interface ParsedTopic {
  readonly kind: TopicKind;
  /** The originator's topic level, as it stands (use topicLevelToId for the ID). */
  readonly originator: string;
  readonly receiver: string;
  /** The serialization named at the end: json, cbor, xml, or another word the binding does not read. */
  readonly type: string;
}

const KINDS: readonly string[] = ['req', 'resp', 'reg_req', 'reg_resp'];

/** Reads a topic with `prefix`; undefined when it is not a oneM2M topic of five levels after the prefix. */
export function parseTopic(topic: string, prefix: string): ParsedTopic | undefined {
  const head = `${prefix}/oneM2M/`;
  if (!topic.startsWith(head)) return undefined;
  const levels = topic.slice(head.length).split('/');
  if (levels.length !== 4) return undefined;
  const [kind, originator, receiver, type] = levels as [string, string, string, string];
  if (!KINDS.includes(kind) || originator === '' || receiver === '') return undefined;
  return { kind: kind as TopicKind, originator, receiver, type };
}
