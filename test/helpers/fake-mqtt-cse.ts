import mqtt, { type MqttClient } from 'mqtt';
import { startMqttBroker, type EmbeddedBroker } from '../../src/cse/mqtt-broker.js';

// A broker (aedes, in the test process, on a free port) and a stand-in CSE on it that answers the
// way ACME's MQTT binding does (MQTTClient.py; digest §7.3): it subscribes to
// /oneM2M/req/+/id-in/# and /oneM2M/reg_req/+/id-in/#, drops topics of another length and
// serializations other than json (as ACME drops xml), and publishes each response to
// /oneM2M/resp|reg_resp/<originator level of the request topic>/<receiver>/<type>, the whole
// response primitive as the message. What it answers is up to the test.

export interface ReceivedRequest {
  readonly topic: string;
  readonly request: Record<string, unknown>;
}

/** Returns the response's members (rqi is filled in), or undefined to answer nothing. */
export type Answer = (
  received: ReceivedRequest,
) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;

export interface FakeMqttCse {
  readonly broker: EmbeddedBroker;
  readonly url: string;
  /** Every request received, in order (a request sent twice shows up twice). */
  readonly received: ReceivedRequest[];
  answer: Answer;
  /** The stand-in's own MQTT client (to publish anything on any topic). */
  readonly client: MqttClient;
  close(): Promise<void>;
}

export async function connectClient(url: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 100 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export async function fakeMqttCse(
  answer: Answer = () => ({ rsc: 2000, pc: { 'm2m:cb': { csi: '/id-in' } } }),
  port = 0,
): Promise<FakeMqttCse> {
  const broker = await startMqttBroker({ port });
  const client = await connectClient(broker.url);
  const fake: FakeMqttCse = {
    broker,
    url: broker.url,
    received: [],
    answer,
    client,
    async close() {
      await client.endAsync(true);
      await broker.close();
    },
  };
  client.on('message', (topic, payload) => {
    const levels = topic.split('/');
    if (levels.length !== 6) return;
    const [, , kind, originator, receiver, type] = levels as [string, string, string, string, string, string];
    if (type !== 'json') return;
    const request = JSON.parse(payload.toString()) as Record<string, unknown>;
    fake.received.push({ topic, request });
    void Promise.resolve(fake.answer({ topic, request })).then((response) => {
      if (!response) return;
      client.publish(
        `/oneM2M/${kind === 'reg_req' ? 'reg_resp' : 'resp'}/${originator}/${receiver}/${type}`,
        JSON.stringify({ rqi: request['rqi'], rvi: request['rvi'], fr: '/id-in', to: request['fr'], ...response }),
      );
    });
  });
  await client.subscribeAsync(['/oneM2M/req/+/id-in/#', '/oneM2M/reg_req/+/id-in/#'], { qos: 1 });
  return fake;
}
