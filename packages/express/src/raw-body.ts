// Where the Express adapter finds the exact body: a raw parser's Buffer, bytes that
// captureRawBody kept for a JSON parser, or the request stream itself.
import type { NodeBodySource } from '@dialhook/core';
import type { Request } from 'express';

// A registered symbol, so that the ESM and CommonJS builds of this package, if an app loads
// both, still find each other's bytes.
const RAW_BODY = Symbol.for('dialhook.rawBody');

const FIX =
  'A body parser read the request before dialhook and kept no bytes to verify. Mount the ' +
  'webhook before express.json(), or use express.json({ verify: captureRawBody }) from ' +
  '@dialhook/express.';

/**
 * A `verify` hook for Express's body parsers that keeps the exact body bytes on the request,
 * so that a JSON parser mounted for the whole app leaves dialhook something to verify.
 *
 * @param req - The request being parsed.
 * @param _res - The response (unused).
 * @param buf - The exact body bytes, as the parser read them.
 *
 * @example
 * ```ts
 * app.use(express.json({ limit: '1mb', verify: captureRawBody }));
 * app.post('/webhooks/vogent', vogentWebhooks({ secret, on }));
 * ```
 */
export function captureRawBody(req: object, _res: unknown, buf: Uint8Array): void {
  Object.defineProperty(req, RAW_BODY, { value: buf, configurable: true, writable: true });
}

function keptBytes(req: Request): Uint8Array | undefined {
  // express.raw() leaves a Buffer as req.body.
  const body: unknown = req.body;
  if (body instanceof Uint8Array) return body;
  const kept: unknown = Reflect.get(req, RAW_BODY);
  return kept instanceof Uint8Array ? kept : undefined;
}

/** The body source of an Express request, for `readNodeBody`. */
export function bodySource(req: Request): NodeBodySource {
  return {
    request: req,
    kept: keptBytes(req),
    // body-parser (Express 4 and 5) sets `_body` once it has read a request.
    consumed: '_body' in req && req._body === true,
    fix: FIX,
  };
}
