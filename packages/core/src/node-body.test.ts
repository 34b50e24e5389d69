// readNodeBody, headerValue and nodeResponseHeaders on real node:http servers on free ports:
// what the handler gets, and what reaches the client when the body is refused.
import { once } from 'node:events';
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isWebhookError, type WebhookError } from './errors.js';
import { headerValue, nodeResponseHeaders, readNodeBody } from './node-body.js';
import { errorResponse, type WebhookResponse } from './processor.js';
import { SIGNATURE_HEADER, sign, verify } from './signature.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const FIX = 'Mount the webhook before the body parser.';
const SECRET = 'node-body test secret';

/** Bytes that are not valid UTF-8 and not all alike, so that any change to them shows. */
const bytesOf = (length: number, seed = 0) =>
  Uint8Array.from({ length }, (_, i) => (i * 151 + seed * 7 + 0xf0) & 0xff);

/** The bytes as a plain Uint8Array, so that a Buffer and a Uint8Array compare by content. */
const plain = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? bytes : Uint8Array.from(bytes);

/** What the handler's read came to. */
interface Outcome {
  request: IncomingMessage;
  bytes?: Uint8Array;
  error?: unknown;
  /** Whether any chunk had been read from the stream when the read settled. */
  didRead: boolean;
}

interface Served {
  url: string;
  /** Resolves when the request's headers reached the handler. */
  arrived: Promise<IncomingMessage>;
  outcome: Promise<Outcome>;
  /** Resolves with the bytes the server took off the connection, once it is closed. */
  socketClosed: Promise<number>;
}

let server: Server | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  await new Promise<void>((done) => {
    running.close(() => done());
    // Keep-alive sockets, and ones with a body left unread, would hold close() open.
    running.closeAllConnections();
  });
});

/**
 * Serves requests whose body `read` gets (through readNodeBody), answering with the body's
 * length or the error, written with nodeResponseHeaders as the Node adapters write it.
 */
async function serve(read: (request: IncomingMessage) => Promise<Uint8Array>): Promise<Served> {
  let arrive!: (request: IncomingMessage) => void;
  let settle!: (outcome: Outcome) => void;
  let closed!: (bytesRead: number) => void;
  const arrived = new Promise<IncomingMessage>((resolve) => (arrive = resolve));
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const socketClosed = new Promise<number>((resolve) => (closed = resolve));

  const listening = createServer(async function handler(req, res) {
    const socket: Socket = req.socket;
    socket.once('close', () => closed(socket.bytesRead));
    arrive(req);

    let response: WebhookResponse;
    try {
      const bytes = await read(req);
      settle({ request: req, bytes, didRead: req.readableDidRead });
      response = { status: 200, headers: {}, body: String(bytes.byteLength) };
    } catch (error) {
      settle({ request: req, error, didRead: req.readableDidRead });
      response = isWebhookError(error)
        ? errorResponse(error)
        : { status: 599, headers: {}, body: 'not a WebhookError' };
    }
    res.writeHead(response.status, nodeResponseHeaders(response)).end(response.body);
  });
  server = listening;

  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const { port } = listening.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, arrived, outcome, socketClosed };
}

/** The WebhookError the read failed with; fails the test if it succeeded or threw another. */
async function failure(served: Served): Promise<WebhookError> {
  const { error, bytes } = await served.outcome;
  expect(bytes).toBeUndefined();
  if (!isWebhookError(error)) throw new Error(`expected a WebhookError, got ${String(error)}`);
  return error;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A POST whose body the test writes; `answer` rejects only if no full response arrived. */
function post(url: string, headers: OutgoingHttpHeaders = {}) {
  const req = httpRequest(url, { method: 'POST', headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    let answered = false;
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        answered = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      });
    });
    // Writing on after the server answered and closed may fail; the answer is what counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
  });
  return { req, answer };
}

/** Sends one body in one write and waits for the answer. */
function send(url: string, body: Uint8Array, headers: OutgoingHttpHeaders = {}) {
  const { req, answer } = post(url, { 'content-length': body.byteLength, ...headers });
  req.end(body);
  return answer;
}

/**
 * Writes `total` bytes in 64 KiB pieces as fast as the connection takes them, and stops once
 * an answer has come; `sent()` says how many bytes went out.
 */
function pump(req: ClientRequest, total: number) {
  const piece = new Uint8Array(64 * KiB).fill(0x20);
  let sent = 0;
  let answered = false;
  req.once('response', () => {
    answered = true;
  });
  const write = () => {
    while (sent < total && !answered && !req.destroyed) {
      sent += piece.byteLength;
      if (!req.write(piece)) return void req.once('drain', write);
    }
    if (!answered && !req.destroyed) req.end();
  };
  write();
  return { sent: () => sent };
}

const errorCode = (answer: Answer) =>
  (JSON.parse(answer.text) as { error: { code: string } }).error.code;

describe('readNodeBody, reading the stream', () => {
  it('gets the exact bytes of a body sent with a Content-Length', async () => {
    const served = await serve((req) => readNodeBody({ request: req, fix: FIX }, 64 * KiB));
    const body = bytesOf(10_000);

    const answer = await send(served.url, body);

    expect(answer.status).toBe(200);
    expect(plain((await served.outcome).bytes)).toEqual(body);
  });

  it('joins a chunked body that arrives in several pieces, byte for byte', async () => {
    let chunksSeen = 0;
    const served = await serve((req) => {
      const reading = readNodeBody({ request: req, fix: FIX }, 64 * KiB);
      // Listening alongside the reader, which is already attached, only counts the chunks.
      req.on('data', () => chunksSeen++);
      return reading;
    });
    const pieces = [bytesOf(1000, 1), bytesOf(1, 2), bytesOf(5000, 3), bytesOf(300, 4)];
    const { req, answer } = post(served.url);

    req.flushHeaders();
    await served.arrived;
    for (const piece of pieces) {
      req.write(piece);
      // Let each piece reach the server before the next, so that they arrive apart.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    req.end();

    expect((await answer).status).toBe(200);
    expect(plain((await served.outcome).bytes)).toEqual(plain(Buffer.concat(pieces)));
    expect(chunksSeen).toBeGreaterThan(1);
  });

  it('gets an empty body as zero bytes', async () => {
    const served = await serve((req) => readNodeBody({ request: req, fix: FIX }, 64 * KiB));

    const answer = await send(served.url, new Uint8Array(0));

    expect(answer.text).toBe('0');
    expect(plain((await served.outcome).bytes)).toEqual(new Uint8Array(0));
  });

  it('gets zero bytes when something drained an empty body without a chunk', async () => {
    const served = await serve(async (req) => {
      req.resume();
      await once(req, 'end');
      return readNodeBody({ request: req, consumed: true, fix: FIX }, 64 * KiB);
    });

    const answer = await send(served.url, new Uint8Array(0));

    expect(answer.status).toBe(200);
    expect(plain((await served.outcome).bytes)).toEqual(new Uint8Array(0));
  });

  it('accepts a body of exactly the limit', async () => {
    const served = await serve((req) => readNodeBody({ request: req, fix: FIX }, 4096));
    const { req, answer } = post(served.url);

    req.end(bytesOf(4096));

    expect((await answer).status).toBe(200);
    expect(plain((await served.outcome).bytes)).toEqual(bytesOf(4096));
  });
});

describe('readNodeBody, over the limit', () => {
  it('refuses a declared length over the limit unread, and the 413 arrives', async () => {
    const served = await serve((req) => readNodeBody({ request: req, fix: FIX }, 1 * KiB));
    const { req, answer } = post(served.url, { 'content-length': 8 * MiB });

    pump(req, 8 * MiB);

    const received = await answer;
    expect(received.status).toBe(413);
    expect(errorCode(received)).toBe('payload_too_large');
    expect(received.headers.connection).toBe('close');
    const error = await failure(served);
    expect(error.code).toBe('payload_too_large');
    expect((await served.outcome).didRead).toBe(false);
  });

  it('refuses a chunked body once it grows past the limit, and the 413 arrives', async () => {
    const limit = 256 * KiB;
    const total = 64 * MiB;
    const served = await serve((req) => readNodeBody({ request: req, fix: FIX }, limit));
    const { req, answer } = post(served.url);

    const sender = pump(req, total);

    const received = await answer;
    const sentBeforeAnswer = sender.sent();
    expect(received.status).toBe(413);
    expect(errorCode(received)).toBe('payload_too_large');
    expect(received.headers.connection).toBe('close');
    expect((await failure(served)).code).toBe('payload_too_large');
    // No Content-Length, so only the reader could stop it: the answer came long before the
    // sender was done, and the server took little more than the limit off the connection.
    expect(sentBeforeAnswer).toBeLessThan(total / 4);
    expect(await served.socketClosed).toBeLessThan(limit + 1 * MiB);
  });
});

describe('readNodeBody, with bytes a body parser kept', () => {
  it('returns the kept bytes and leaves the stream unread', async () => {
    const kept = bytesOf(700, 9);
    const served = await serve((req) =>
      readNodeBody({ request: req, kept, consumed: true, fix: FIX }, 64 * KiB),
    );

    const answer = await send(served.url, bytesOf(50, 1));

    expect(answer.text).toBe('700');
    const outcome = await served.outcome;
    expect(outcome.bytes).toBe(kept);
    expect(outcome.didRead).toBe(false);
  });

  it('refuses kept bytes over the limit with a 413 that arrives', async () => {
    const served = await serve((req) =>
      readNodeBody({ request: req, kept: bytesOf(2 * KiB), fix: FIX }, 1 * KiB),
    );

    const answer = await send(served.url, bytesOf(10));

    expect(answer.status).toBe(413);
    expect(errorCode(answer)).toBe('payload_too_large');
    expect((await failure(served)).code).toBe('payload_too_large');
  });
});

describe('readNodeBody, when the body is gone or cannot be read', () => {
  it('says the raw body is unavailable when a parser consumed it and kept nothing', async () => {
    const served = await serve((req) =>
      readNodeBody({ request: req, consumed: true, fix: FIX }, 64 * KiB),
    );

    const answer = await send(served.url, bytesOf(100));

    expect(answer.status).toBe(500);
    const error = await failure(served);
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toBe(FIX);
  });

  it('says the raw body is unavailable when someone else read the stream to the end', async () => {
    const served = await serve(async (req) => {
      req.on('data', () => {});
      await once(req, 'end');
      return readNodeBody({ request: req, fix: FIX }, 64 * KiB);
    });

    const answer = await send(served.url, bytesOf(100));

    expect(answer.status).toBe(500);
    const error = await failure(served);
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toBe(FIX);
  });

  it('says the raw body is unavailable at once when someone read part of it', async () => {
    const served = await serve(async (req) => {
      // One chunk taken and the stream paused, as a parser that gave up would leave it.
      await new Promise((resolve) => req.once('data', resolve));
      req.pause();
      return readNodeBody({ request: req, fix: FIX }, 64 * KiB);
    });
    const { req, answer } = post(served.url, { 'content-length': 200 });

    // Half the declared body: the rest never comes, so a reader that waited would hang.
    req.write(bytesOf(100));

    expect((await answer).status).toBe(500);
    const error = await failure(served);
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toBe(FIX);
  });

  it('says the raw body is unavailable when the stream gives strings, not bytes', async () => {
    const served = await serve((req) => {
      req.setEncoding('utf8');
      return readNodeBody({ request: req, fix: FIX }, 64 * KiB);
    });

    const answer = await send(served.url, new TextEncoder().encode('{"event":"dial.created"}'));

    expect(answer.status).toBe(500);
    const error = await failure(served);
    expect(error.code).toBe('raw_body_unavailable');
    expect(error.message).toBe(FIX);
  });

  it('fails with body_read_failed when the client goes away mid-body', async () => {
    const served = await serve((req) => readNodeBody({ request: req, fix: FIX }, 64 * KiB));
    const { req, answer } = post(served.url, { 'content-length': 10_000 });

    req.write(bytesOf(1000));
    await served.arrived;
    req.destroy();

    await expect(answer).rejects.toThrow();
    const error = await failure(served);
    expect(error.code).toBe('body_read_failed');
    expect(error.status).toBe(400);
  });

  it('fails with body_read_failed when the client went away before the read began', async () => {
    const served = await serve(async (req) => {
      // As when an earlier async middleware was still running when the client gave up.
      await new Promise((resolve) => req.once('close', resolve));
      return readNodeBody({ request: req, fix: FIX }, 64 * KiB);
    });
    const { req, answer } = post(served.url, { 'content-length': 10_000 });

    req.write(bytesOf(1000));
    await served.arrived;
    req.destroy();

    await expect(answer).rejects.toThrow();
    expect((await failure(served)).code).toBe('body_read_failed');
  });
});

describe('headerValue', () => {
  it('joins a repeated header, so that a duplicated signature does not verify', async () => {
    const body = bytesOf(64);
    const good = await sign(body, SECRET);
    const other = await sign(body, 'another secret');

    const value = headerValue({ 'x-elto-signature': [good, other] }, SIGNATURE_HEADER);

    expect(value).toBe(`${good}, ${other}`);
    expect(await verify(body, good, SECRET)).toBe(true);
    expect(await verify(body, value, SECRET)).toBe(false);
  });

  it('joins a signature header sent twice to a real server', async () => {
    let seen: string | undefined;
    const served = await serve(async (req) => {
      seen = headerValue(req.headers, SIGNATURE_HEADER);
      return readNodeBody({ request: req, fix: FIX }, 64 * KiB);
    });

    await send(served.url, bytesOf(5), { [SIGNATURE_HEADER]: ['aa', 'bb'] });

    expect(seen).toBe('aa, bb');
  });

  it('finds a header whatever the case of the name asked for', () => {
    const headers = { 'content-length': '42' };

    expect(headerValue(headers, 'Content-Length')).toBe('42');
    expect(headerValue(headers, 'CONTENT-LENGTH')).toBe('42');
  });

  it('gives undefined for a header that is absent', () => {
    expect(headerValue({ 'content-type': 'application/json' }, SIGNATURE_HEADER)).toBeUndefined();
  });
});

describe('nodeResponseHeaders', () => {
  const response = (status: number): WebhookResponse =>
    Object.freeze({
      status,
      headers: Object.freeze({ 'content-type': 'application/json' }),
      body: '{}',
    }) as WebhookResponse;

  it('adds Connection: close to a 413 only', () => {
    expect(nodeResponseHeaders(response(413))).toEqual({
      'content-type': 'application/json',
      connection: 'close',
    });
    for (const status of [200, 400, 401, 405, 500]) {
      expect(nodeResponseHeaders(response(status))).toEqual({
        'content-type': 'application/json',
      });
    }
  });

  it('returns a new object and leaves the response as it was', () => {
    for (const status of [200, 413]) {
      const original = response(status);

      const headers = nodeResponseHeaders(original);
      headers['x-extra'] = '1';

      expect(headers).not.toBe(original.headers);
      expect(original.headers).toEqual({ 'content-type': 'application/json' });
    }
  });
});
