// A node:http receiver built on the core's processor, as `dialhook listen` and `dialhook demo`
// run it. It only translates, like the adapters: every rule stays in @dialhook/core.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWebhookProcessor,
  headerValue,
  nodeResponseHeaders,
  readNodeBody,
  SIGNATURE_HEADER,
  type WebhookOptions,
  type WebhookProcessor,
} from '@dialhook/core';

/** What the receiver's handlers get as their context: the request, body already read. */
export type ReceiverContext = IncomingMessage;

/** Where and how {@link startReceiver} listens. */
export interface ReceiverOptions {
  /** The processor's options: secret, handlers, onError. */
  webhook: WebhookOptions<ReceiverContext>;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Only this path is the webhook; others get 404. Default: every path. */
  path?: string | undefined;
  /** Called for a request to another path, which is answered 404. */
  onNotFound?: (request: IncomingMessage) => void;
}

/** A listening receiver. */
export interface Receiver {
  /** The webhook URL, such as `http://127.0.0.1:4000/webhooks/vogent`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

// Nothing but this receiver reads the request, so a lost body can only be a bug in it.
const FIX = 'The receiver found the request body already read; report this as a dialhook bug.';

function requestListener(processor: WebhookProcessor<ReceiverContext>, options: ReceiverOptions) {
  return async function dialhookReceiver(request: IncomingMessage, response: ServerResponse) {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (options.path !== undefined && pathname !== options.path) {
      options.onNotFound?.(request);
      request.resume();
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }

    const result = await processor.handle(
      {
        method: request.method ?? 'GET',
        signature: headerValue(request.headers, SIGNATURE_HEADER),
        readBody: () => readNodeBody({ request, fix: FIX }, processor.maxBodyBytes),
      },
      request,
    );

    response.writeHead(result.status, nodeResponseHeaders(result)).end(result.body);
  };
}

/**
 * Starts a webhook receiver on node:http with the core's processor and body helpers.
 *
 * @throws {WebhookError} `invalid_options` when the webhook options are wrong; rejects when
 * the port cannot be listened on (for example EADDRINUSE).
 *
 * @example
 * ```ts
 * const receiver = await startReceiver({ webhook: { secret, on }, port: 0 });
 * await receiver.close();
 * ```
 */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const processor = createWebhookProcessor(options.webhook);
  const server = createServer(requestListener(processor, options));
  const host = options.host ?? '127.0.0.1';

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${options.path ?? '/'}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
