import { WebhookError } from './errors.js';

/** The default `maxBodyBytes`: a one-hour call's transcript is well under this. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (limit: number) =>
  new WebhookError(
    'payload_too_large',
    `The body is over maxBodyBytes (${limit} bytes). Raise maxBodyBytes if this is expected.`,
  );

/**
 * Throws a `payload_too_large` WebhookError when a declared `Content-Length` is over the limit,
 * so that an oversized body is refused before any of it is read.
 */
export function checkContentLength(value: string | null | undefined, limit: number): void {
  if (value == null || value === '') return;
  const length = Number(value);
  if (Number.isFinite(length) && length > limit) throw tooLarge(limit);
}

/**
 * Collects body chunks up to a limit, so that adapters enforce `maxBodyBytes` while reading
 * rather than after.
 *
 * @example
 * ```ts
 * const body = new BodyCollector(options.maxBodyBytes);
 * for await (const chunk of stream) body.push(chunk); // throws payload_too_large past the limit
 * const bytes = body.bytes();
 * ```
 */
export class BodyCollector {
  readonly limit: number;
  #chunks: Uint8Array[] = [];
  #length = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Adds a chunk. @throws {WebhookError} `payload_too_large` once the total passes the limit. */
  push(chunk: Uint8Array): void {
    this.#length += chunk.byteLength;
    if (this.#length > this.limit) {
      this.#chunks = [];
      throw tooLarge(this.limit);
    }
    this.#chunks.push(chunk);
  }

  /** The bytes pushed so far, as one array. */
  bytes(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0] as Uint8Array;
    const bytes = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }
}

/**
 * Reads a Web `Request`'s body as bytes, refusing more than `limit` bytes without reading
 * past the limit.
 *
 * @throws {WebhookError} `payload_too_large` over the limit, `raw_body_unavailable` when the
 * body was already read, `body_read_failed` when the stream breaks (the client went away).
 */
export async function readRequestBody(request: Request, limit: number): Promise<Uint8Array> {
  // Whatever read it first (request.json(), a validator) left no exact bytes to verify: a
  // setup error on the server (500), not a bad request.
  if (request.bodyUsed) {
    throw new WebhookError(
      'raw_body_unavailable',
      'The request body was read before dialhook got it. Hand dialhook the request before ' +
        'anything parses its body.',
    );
  }
  checkContentLength(request.headers.get('content-length'), limit);
  if (request.body === null) return new Uint8Array(0);

  const body = new BodyCollector(limit);
  const reader = request.body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      body.push(read.value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    if (error instanceof WebhookError) throw error;
    throw new WebhookError('body_read_failed', 'The request body could not be read.', {
      cause: error,
    });
  }
  return body.bytes();
}
