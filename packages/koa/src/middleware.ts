// The Koa middlewares: vogentWebhooks answers from handlers, verifyVogentWebhook hands the
// verified event on to the user's own middleware.
import {
  type AiResult,
  createWebhookProcessor,
  createWebhookVerifier,
  headerValue,
  nodeResponseHeaders,
  type ParsedEvent,
  readNodeBody,
  SIGNATURE_HEADER,
  type VerifierOptions,
  WebhookError,
  type WebhookInput,
  type WebhookOptions,
  type WebhookResponse,
} from '@dialhook/core';
import type { Context, Middleware } from 'koa';
import { bodySource } from './raw-body.js';

/** What the Koa middlewares take besides the core's options. */
export interface KoaPathOption {
  /**
   * Handle only requests whose `ctx.path` is exactly this, and pass every other one to
   * `next()`. Default: handle every request that reaches the middleware, as under a router.
   */
  path?: string;
}

/** The options of {@link vogentWebhooks}: the core's, with handlers getting the Koa `ctx`. */
export interface KoaWebhookOptions<TAiResult extends object = AiResult>
  extends WebhookOptions<Context, TAiResult>,
    KoaPathOption {}

/**
 * The options of {@link verifyVogentWebhook}: those of {@link vogentWebhooks} but the ones
 * about handlers, since the user's own middleware answers.
 */
export type KoaVerifyOptions<TAiResult extends object = AiResult> = VerifierOptions<
  Context,
  TAiResult
> &
  KoaPathOption;

/** What {@link verifyVogentWebhook} puts on `ctx.state` for the middleware after it. */
export interface VogentState<TAiResult extends object = AiResult> {
  /** The verified event, typed. */
  vogentEvent: ParsedEvent<TAiResult>;
}

/**
 * A Koa middleware that receives Vogent webhooks: it checks method, size, signature and JSON
 * on the exact body bytes, runs the event's handler and answers.
 *
 * With `path` it handles only that path; under `@koa/router` it needs none. Every method
 * reaching it but POST is answered 405. Handlers get the typed event and the Koa `ctx`.
 *
 * @param options - The core's options: `secret` (required), `on`, `onUnknown`, `onError`,
 * `maxBodyBytes` (default 1 MiB), `logger` (default: none), `inboundDeadlineMs` (default
 * 2500), `inboundFallback` (default `{}`); and `path` (default: every request).
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong.
 *
 * @example
 * ```ts
 * app.use(vogentWebhooks({
 *   path: '/webhooks/vogent',
 *   secret: process.env.VOGENT_WEBHOOK_SECRET!,
 *   on: { 'dial.updated': (event, ctx) => ctx.log.info(event.payload.status) },
 * }));
 * ```
 */
export function vogentWebhooks<TAiResult extends object = AiResult>(
  options: KoaWebhookOptions<TAiResult>,
): Middleware {
  const { path, coreOptions } = splitPath(options);
  const processor = createWebhookProcessor(coreOptions);

  return async function vogentWebhookMiddleware(ctx, next) {
    if (path !== undefined && ctx.path !== path) return next();
    send(ctx, await processor.handle(input(ctx, processor.maxBodyBytes), ctx));
  };
}

/**
 * A Koa middleware that verifies a Vogent webhook and hands it on: the typed event goes to
 * `ctx.state.vogentEvent` and `next()` runs the user's own middleware, which answers.
 *
 * A request that fails a check is answered here (405, 413, 401, 400, 500) and goes no further.
 *
 * @param options - `secret` (required), `onError`, `maxBodyBytes` (default 1 MiB), `logger`
 * (default: none), `path` (default: every request).
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong,
 * or when handler options are given, since nothing here would run them.
 *
 * @example
 * ```ts
 * router.post('/webhooks/vogent', verifyVogentWebhook({ secret }), (ctx) => {
 *   ctx.body = { received: ctx.state.vogentEvent.event };
 * });
 * ```
 */
export function verifyVogentWebhook<TAiResult extends object = AiResult>(
  options: KoaVerifyOptions<TAiResult>,
): Middleware<VogentState<TAiResult>> {
  const { path, coreOptions } = splitPath(options);
  const verifier = createWebhookVerifier<Context, TAiResult>(coreOptions);

  return async function verifyVogentWebhookMiddleware(ctx, next) {
    if (path !== undefined && ctx.path !== path) return next();
    const verified = await verifier.verifyRequest(input(ctx, verifier.maxBodyBytes), ctx);
    if (!verified.ok) return send(ctx, verified.response);
    ctx.state.vogentEvent = verified.event;
    return next();
  };
}

function input(ctx: Context, limit: number): WebhookInput {
  return {
    method: ctx.method,
    signature: headerValue(ctx.req.headers, SIGNATURE_HEADER),
    readBody: () => readNodeBody(bodySource(ctx), limit),
  };
}

function send(ctx: Context, result: WebhookResponse): void {
  // The content type goes first, so that setting the body does not pick one.
  ctx.set(nodeResponseHeaders(result));
  ctx.status = result.status;
  ctx.body = result.body;
}

// `path` is this adapter's own option; the rest goes to the core, which refuses unknown names.
function splitPath<T extends KoaPathOption>(options: T) {
  if (typeof options !== 'object' || options === null) {
    return { path: undefined, coreOptions: options }; // the core says what is wrong
  }
  const { path, ...coreOptions } = options;
  if (path !== undefined && !(typeof path === 'string' && path.startsWith('/'))) {
    throw new WebhookError('invalid_options', '"path" must be a string starting with "/".');
  }
  return { path, coreOptions };
}
