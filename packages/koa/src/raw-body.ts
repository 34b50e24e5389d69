// Where the Koa adapter finds the exact body: the raw text that koa-bodyparser or
// @koa/bodyparser kept, or the request stream itself.
import type { NodeBodySource } from '@dialhook/core';
import type { Context } from 'koa';

const encoder = new TextEncoder();

const FIX =
  'A body parser read the request before dialhook and kept no bytes to verify. Mount the ' +
  'webhook before it, set ctx.disableBodyParser for its path, or use koa-bodyparser or ' +
  '@koa/bodyparser, which keep ctx.request.rawBody.';

// koa-bodyparser and @koa/bodyparser keep the body as text decoded as UTF-8 (by default);
// encoding it again gives back the exact bytes of any UTF-8 body without a byte-order mark,
// which is what a JSON sender sends.
function keptBytes(ctx: Context): Uint8Array | undefined {
  const raw: unknown = Reflect.get(ctx.request, 'rawBody');
  if (typeof raw === 'string') return encoder.encode(raw);
  return raw instanceof Uint8Array ? raw : undefined;
}

/** The body source of a Koa request, for `readNodeBody`. */
export function bodySource(ctx: Context): NodeBodySource {
  return { request: ctx.req, kept: keptBytes(ctx), fix: FIX };
}
