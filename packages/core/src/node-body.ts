// Reading a body from a Node.js IncomingMessage, for the Node framework adapters (Express,
// Koa). Typed structurally, so that the core imports nothing from Node and stays
// runtime-neutral.
import { BodyCollector, checkContentLength } from './body.js';
import { WebhookError } from './errors.js';
import type { WebhookResponse } from './processor.js';

/** The parts of a Node.js `IncomingMessage` that reading its body needs. */
export interface NodeRequestStream {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** True once `'end'` was emitted: someone read the whole stream. */
  readonly readableEnded: boolean;
  /** True once any chunk was read from the stream, by anyone. */
  readonly readableDidRead: boolean;
  /** True once the stream was destroyed, for example because the client went away. */
  readonly destroyed: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** Where {@link readNodeBody} takes the body from. */
export interface NodeBodySource {
  /** The request, read directly unless a body parser got there first. */
  request: NodeRequestStream;
  /** The exact bytes a body parser kept, if one ran; used instead of the stream. */
  kept?: Uint8Array | undefined;
  /** True when a body parser is known to have read the stream, whether or not it kept it. */
  consumed?: boolean;
  /** The `raw_body_unavailable` message: what to change in this framework's setup. */
  fix: string;
}

/**
 * Gets a Node request's exact body bytes, from what a body parser kept or from the stream,
 * refusing more than `limit` bytes without reading past the limit.
 *
 * The declared `Content-Length` is checked first. When something else has already read the
 * stream and kept no bytes, it rejects at once rather than waiting for data that will never
 * come, and it never rebuilds a body from parsed JSON.
 *
 * @param source - The request, kept bytes if any, and the message naming the fix.
 * @param limit - The largest body accepted, in bytes.
 * @throws {WebhookError} `payload_too_large` over the limit (the stream is then paused, not
 * destroyed, so that the 413 still reaches the client), `raw_body_unavailable` when the body
 * was consumed and not kept, `body_read_failed` when the stream breaks.
 *
 * @example
 * ```ts
 * const readBody = () => readNodeBody({ request: req, kept, fix: 'Mount it first.' }, limit);
 * ```
 */
export async function readNodeBody(source: NodeBodySource, limit: number): Promise<Uint8Array> {
  const { request } = source;
  checkContentLength(headerValue(request.headers, 'content-length'), limit);

  if (source.kept !== undefined) {
    new BodyCollector(limit).push(source.kept); // throws payload_too_large past the limit
    return source.kept;
  }
  // Ended without a chunk ever being read, by anyone: the body was empty, and nothing is lost
  // (Express 4's body-parser reads a `Content-Length: 0` body, for one).
  if (request.readableEnded && !request.readableDidRead) return new Uint8Array(0);
  if (source.consumed === true || request.readableDidRead) {
    throw new WebhookError('raw_body_unavailable', source.fix);
  }
  // Gone before the read began (the client left while earlier middleware ran): its 'close'
  // has been emitted already, so listening for events would wait forever.
  if (request.destroyed) {
    throw new WebhookError(
      'body_read_failed',
      'The client closed the request before its body was read.',
    );
  }

  return readStream(source, limit);
}

// Events rather than `for await`: leaving an async iterator early destroys the stream, and
// with it the socket, so the client would see a reset instead of the 413.
function readStream(source: NodeBodySource, limit: number): Promise<Uint8Array> {
  const { request } = source;
  const body = new BodyCollector(limit);

  return new Promise((resolve, reject) => {
    const finish = (error?: WebhookError) => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onError);
      request.removeListener('close', onClose);
      if (error === undefined) return resolve(body.bytes());
      // Stop reading but leave the socket open: the adapter answers, and Node closes the
      // connection after the answer when it carries `Connection: close`.
      request.pause();
      reject(error);
    };
    const onData = (chunk: unknown) => {
      if (!(chunk instanceof Uint8Array)) {
        return finish(new WebhookError('raw_body_unavailable', source.fix));
      }
      try {
        body.push(chunk);
      } catch (error) {
        finish(error as WebhookError);
      }
    };
    const onEnd = () => finish();
    const onError = (cause: unknown) =>
      finish(
        new WebhookError('body_read_failed', 'The request body could not be read.', { cause }),
      );
    const onClose = () =>
      finish(new WebhookError('body_read_failed', 'The client closed the request mid-body.'));

    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
    // A stream paused earlier stays paused when a 'data' listener is added.
    request.resume();
  });
}

/**
 * One header of a Node request as a string: a repeated header's values are joined, so that a
 * duplicated signature header fails verification instead of picking one of its values.
 */
export function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The headers to send from a Node server: the response's, plus `Connection: close` on a 413,
 * whose body was left unread, so that Node closes the socket once the answer is out instead
 * of keeping it for a body that nobody reads.
 *
 * @example
 * ```ts
 * res.writeHead(result.status, nodeResponseHeaders(result)).end(result.body);
 * ```
 */
export function nodeResponseHeaders(response: WebhookResponse): Record<string, string> {
  return response.status === 413
    ? { ...response.headers, connection: 'close' }
    : { ...response.headers };
}
