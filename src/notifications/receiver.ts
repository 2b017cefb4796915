import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Operation } from '../../generated/enums/operation.gen.js';
import { ResponseStatusCode } from '../../generated/enums/response-status-code.gen.js';
import { httpToRequest, RequestFormatError, responseCodecFor, responseToHttp } from '../http/binding.js';
import { BodyTooLargeError, readNodeRequest, writeNodeResponse } from '../http/node-adapter.js';
import type { RequestPrimitive } from '../primitives/request.js';
import type { ResponsePrimitive } from '../primitives/response.js';
import { notificationsIn, NotificationFormatError, type ReceivedNotification } from './notification.js';

/**
 * What a handler answers: nothing (accepted, 2000), a status code, e.g. 4101 to refuse a
 * verification request, or a status code with a text for the requester (sent as `m2m:dbg`).
 */
export type NotificationAnswer = void | number | { readonly rsc: number; readonly debug?: string };

/**
 * What the handler returns: see {@link NotificationAnswer}. Throwing answers 5000 with the
 * error message.
 */
export type NotificationHandler = (
  notification: ReceivedNotification,
) => NotificationAnswer | Promise<NotificationAnswer>;

/** Options of startNotificationReceiver: where to listen, the public URL, the body limit. */
export interface ReceiverOptions {
  /** Default 127.0.0.1. Use 0.0.0.0 to be reachable from a remote CSE. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** The address the CSE should send to, if not `http://host:port` (behind NAT, a proxy). */
  readonly publicUrl?: string;
  /** Sent as X-M2M-Origin in responses. */
  readonly originator?: string;
  /** Largest accepted body. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Called with every request the receiver could not use, for logging. */
  readonly onError?: (error: Error, request: RequestPrimitive | undefined) => void;
}

/** A running notification receiver: its URL (to put in `nu`) and how to stop it. */
export interface NotificationReceiver {
  /** Where to point subscriptions' notificationURI (nu) or an AE's pointOfAccess (poa). */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * An HTTP server that receives oneM2M notifications in JSON, XML or CBOR, answers verification
 * requests, and hands each notification to `handler`. It answers every request, including bad
 * ones (4000 with m2m:dbg), and never lets a handler's failure crash it. A receiver accepts POST
 * on any path, because CSEs append the target's ID to an AE's poa (digest §6.6).
 */
export async function startNotificationReceiver(
  handler: NotificationHandler,
  options: ReceiverOptions = {},
): Promise<NotificationReceiver> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    void (async () => {
      let request: RequestPrimitive | undefined;
      let answer: ResponsePrimitive;
      const headers = { ...req.headers } as Record<string, string>;
      const reply = (rsc: number, dbg?: string): ResponsePrimitive => ({
        rsc,
        rqi: request?.rqi ?? headers['x-m2m-ri'] ?? '',
        ...((request?.rvi ?? headers['x-m2m-rvi']) ? { rvi: request?.rvi ?? headers['x-m2m-rvi'] } : {}),
        ...(options.originator ? { fr: options.originator } : {}),
        ...(dbg === undefined ? {} : { pc: { 'm2m:dbg': dbg } }),
      });
      try {
        request = httpToRequest(await readNodeRequest(req, options.maxBodyBytes ?? 1 << 20));
        if (request.op !== Operation.Notify) {
          answer = reply(
            ResponseStatusCode.OperationNotAllowed,
            `this is a notification receiver; it accepts NOTIFY (POST without ty), not operation ${request.op}`,
          );
        } else {
          let rsc: number = ResponseStatusCode.OK;
          let debug: string | undefined;
          for (const notification of notificationsIn(request)) {
            const result = await handler(notification);
            if (typeof result === 'number') rsc = result;
            else if (result) ({ rsc, debug } = result);
          }
          answer = reply(rsc, debug);
        }
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        options.onError?.(e, request);
        if (e instanceof RequestFormatError) answer = reply(e.rsc, e.message);
        else if (e instanceof NotificationFormatError) answer = reply(ResponseStatusCode.BadRequest, e.message);
        else if (e instanceof BodyTooLargeError) answer = reply(ResponseStatusCode.BadRequest, e.message);
        else answer = reply(ResponseStatusCode.InternalServerError, `the notification handler failed: ${e.message}`);
      }
      writeNodeResponse(res, responseToHttp(answer, responseCodecFor(headers)));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: options.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
