import { readRequestBody } from './body.js';
import type { AiResult } from './events.js';
import type { WebhookOptions } from './options.js';
import { createWebhookProcessor } from './processor.js';
import { SIGNATURE_HEADER } from './signature.js';

/** The context handlers of a {@link createWebhookHandler} receiver get. */
export interface WebHandlerContext {
  /** The incoming request; its body has already been read. */
  request: Request;
}

/**
 * Makes a Web-standard `Request -> Response` receiver for Vogent webhooks, usable as it is in
 * Bun, Deno, Next.js route handlers and Cloudflare Workers.
 *
 * Method, size, signature and JSON are checked in that order, and nothing is parsed before
 * the signature holds. Handlers get the typed event and `{ request }`.
 *
 * @param options - See {@link WebhookOptions}. `secret` is required.
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong.
 *
 * @example
 * ```ts
 * export const POST = createWebhookHandler({
 *   secret: process.env.VOGENT_WEBHOOK_SECRET!,
 *   on: { 'dial.updated': (event) => console.log(event.payload.status) },
 * });
 * ```
 */
export function createWebhookHandler<TAiResult extends object = AiResult>(
  options: WebhookOptions<WebHandlerContext, TAiResult>,
): (request: Request) => Promise<Response> {
  const processor = createWebhookProcessor(options);

  return async function vogentWebhookHandler(request: Request): Promise<Response> {
    const result = await processor.handle(
      {
        method: request.method,
        signature: request.headers.get(SIGNATURE_HEADER),
        readBody: () => readRequestBody(request, processor.maxBodyBytes),
      },
      { request },
    );
    return new Response(result.body, { status: result.status, headers: result.headers });
  };
}
