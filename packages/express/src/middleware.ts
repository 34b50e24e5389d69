// The Express middlewares: vogentWebhooks answers from handlers, verifyVogentWebhook hands the
// verified event on to the user's own route.
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
  type WebhookInput,
  type WebhookOptions,
  type WebhookResponse,
} from '@dialhook/core';
import type { Request, RequestHandler, Response } from 'express';
import { bodySource } from './raw-body.js';

/** What Express handlers get besides the event. */
export interface ExpressContext {
  req: Request;
  res: Response;
}

/** The options of {@link vogentWebhooks}: the core's, with handlers getting `{ req, res }`. */
export type ExpressWebhookOptions<TAiResult extends object = AiResult> = WebhookOptions<
  ExpressContext,
  TAiResult
>;

/**
 * The options of {@link verifyVogentWebhook}: those of {@link vogentWebhooks} but the ones
 * about handlers, since the user's own route answers.
 */
export type ExpressVerifyOptions<TAiResult extends object = AiResult> = VerifierOptions<
  ExpressContext,
  TAiResult
>;

/** What {@link verifyVogentWebhook} puts on `res.locals` for the routes after it. */
export interface VogentLocals<TAiResult extends object = AiResult> {
  /** The verified event, typed. */
  vogentEvent: ParsedEvent<TAiResult>;
}

/**
 * An Express middleware that receives Vogent webhooks: it checks method, size, signature and
 * JSON on the exact body bytes, runs the event's handler and answers.
 *
 * Mount it with `app.post`, `app.all`, `app.use(path, ...)` or a `Router`; mounted for every
 * method, it answers the others 405. Handlers get the typed event and `{ req, res }`.
 *
 * @param options - The core's options: `secret` (required), `on`, `onUnknown`, `onError`,
 * `maxBodyBytes` (default 1 MiB), `logger` (default: none), `inboundDeadlineMs` (default
 * 2500), `inboundFallback` (default `{}`).
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong.
 *
 * @example
 * ```ts
 * app.post('/webhooks/vogent', vogentWebhooks({
 *   secret: process.env.VOGENT_WEBHOOK_SECRET!,
 *   on: { 'dial.updated': (event) => saveStatus(event.payload.dial_id, event.payload.status) },
 * }));
 * ```
 */
export function vogentWebhooks<TAiResult extends object = AiResult>(
  options: ExpressWebhookOptions<TAiResult>,
): RequestHandler {
  const processor = createWebhookProcessor(options);

  return function vogentWebhookMiddleware(req, res, next) {
    processor
      .handle(input(req, processor.maxBodyBytes), { req, res })
      .then((result) => send(res, result))
      .catch(next);
  };
}

/**
 * An Express middleware that verifies a Vogent webhook and hands it on: the typed event goes to
 * `res.locals.vogentEvent` and `next()` runs the user's own route, which answers.
 *
 * A request that fails a check is answered here (405, 413, 401, 400, 500) and goes no further.
 *
 * @param options - `secret` (required), `onError`, `maxBodyBytes` (default 1 MiB), `logger`
 * (default: none).
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong,
 * or when handler options are given, since nothing here would run them.
 *
 * @example
 * ```ts
 * app.post('/webhooks/vogent', verifyVogentWebhook({ secret }), (req, res) => {
 *   res.json({ received: res.locals.vogentEvent.event });
 * });
 * ```
 */
export function verifyVogentWebhook<TAiResult extends object = AiResult>(
  options: ExpressVerifyOptions<TAiResult>,
): RequestHandler<Request['params'], unknown, unknown, Request['query'], VogentLocals<TAiResult>> {
  const verifier = createWebhookVerifier<ExpressContext, TAiResult>(options);

  return function verifyVogentWebhookMiddleware(req, res, next) {
    verifier
      .verifyRequest(input(req, verifier.maxBodyBytes), { req, res })
      .then((verified) => {
        if (!verified.ok) return send(res, verified.response);
        res.locals.vogentEvent = verified.event;
        next();
      })
      .catch(next);
  };
}

function input(req: Request, limit: number): WebhookInput {
  return {
    method: req.method,
    signature: headerValue(req.headers, SIGNATURE_HEADER),
    readBody: () => readNodeBody(bodySource(req), limit),
  };
}

// Plain Node writes rather than res.send(), which would add an ETag and pick a content type.
function send(res: Response, result: WebhookResponse): void {
  // A handler that answered through `res` itself keeps its answer.
  if (res.headersSent) return;
  res.writeHead(result.status, nodeResponseHeaders(result));
  res.end(result.body);
}
