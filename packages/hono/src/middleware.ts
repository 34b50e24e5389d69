// The Hono middlewares: vogentWebhooks answers from handlers, verifyVogentWebhook hands the
// verified event on to the user's own route. Both run wherever Hono runs.
import {
  type AiResult,
  createWebhookProcessor,
  createWebhookVerifier,
  type ParsedEvent,
  readRequestBody,
  SIGNATURE_HEADER,
  type VerifierOptions,
  type WebhookInput,
  type WebhookOptions,
  type WebhookResponse,
} from '@dialhook/core';
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The context variables the middlewares set once a request is verified. */
export interface VogentVariables<TAiResult extends object = AiResult> {
  /** The verified event, known or of a type this version does not know. */
  vogentEvent: ParsedEvent<TAiResult>;
}

/** An app's Hono `Env` with {@link VogentVariables} added. */
export type VogentEnv<E extends Env = Env, TAiResult extends object = AiResult> = E & {
  Variables: VogentVariables<TAiResult>;
};

/** The Hono context that handlers, `secret` and `onError` get. */
export type VogentContext<E extends Env = Env, TAiResult extends object = AiResult> = Context<
  VogentEnv<E, TAiResult>
>;

/** The options of {@link vogentWebhooks}: the core's, with handlers getting the Hono `c`. */
export type HonoWebhookOptions<
  E extends Env = Env,
  TAiResult extends object = AiResult,
> = WebhookOptions<VogentContext<E, TAiResult>, TAiResult>;

/**
 * The options of {@link verifyVogentWebhook}: those of {@link vogentWebhooks} but the ones
 * about handlers, since the user's own route answers.
 */
export type HonoVerifyOptions<
  E extends Env = Env,
  TAiResult extends object = AiResult,
> = VerifierOptions<VogentContext<E, TAiResult>, TAiResult>;

/**
 * A Hono middleware that receives Vogent webhooks: it checks method, size, signature and JSON
 * on the exact body bytes, runs the event's handler and answers, on Node, Bun, Deno and
 * Cloudflare Workers alike.
 *
 * The body is limited while it is read. Every verified event is set as `c.var.vogentEvent`
 * before its handler runs, so handlers can read it from the context too.
 *
 * @param options.secret - The Webhook Signing Secret, several during a rotation, or
 *   `(c) => c.env.VOGENT_WEBHOOK_SECRET` to read it per request. Required.
 * @param options.on - A handler per event type, called with `(event, c)`. Default none: every
 *   event is answered 200.
 * @param options.onUnknown - Called with verified events of unknown types. Default none.
 * @param options.onError - Called with every rejection and handler failure. Default none.
 * @param options.maxBodyBytes - The largest body accepted. Default 1 MiB.
 * @param options.logger - Where diagnostics go. Default nowhere.
 * @param options.inboundDeadlineMs - How long `dial.inbound` may take. Default 2500.
 * @param options.inboundFallback - What a late `dial.inbound` answers. Default `{}`.
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong.
 *
 * @example
 * ```ts
 * app.post('/webhooks/vogent', vogentWebhooks<{ Bindings: Env }>({
 *   secret: (c) => c.env.VOGENT_WEBHOOK_SECRET,
 *   on: {
 *     'dial.updated': (event, c) => c.env.DIALS.put(event.payload.dial_id, event.payload.status),
 *   },
 * }));
 * ```
 */
export function vogentWebhooks<E extends Env = Env, TAiResult extends object = AiResult>(
  options: HonoWebhookOptions<E, TAiResult>,
): MiddlewareHandler<VogentEnv<E, TAiResult>> {
  const processor = createWebhookProcessor<VogentContext<E, TAiResult>, TAiResult>(options);

  return async function vogentWebhookMiddleware(c) {
    const verified = await processor.verifyRequest(input(c.req.raw, processor.maxBodyBytes), c);
    if (!verified.ok) return respond(c, verified.response);
    c.set('vogentEvent', verified.event);
    return respond(c, await processor.dispatch(verified.event, c));
  };
}

/**
 * A Hono middleware that verifies a Vogent webhook and hands it on: the typed event goes to
 * `c.var.vogentEvent` and `next()` runs the user's own route, which answers.
 *
 * A request that fails a check is answered here (405, 413, 401, 400, 500) and goes no further.
 *
 * @param options.secret - The Webhook Signing Secret, several during a rotation, or
 *   `(c) => c.env.VOGENT_WEBHOOK_SECRET` to read it per request. Required.
 * @param options.onError - Called with every rejection. Default none.
 * @param options.maxBodyBytes - The largest body accepted. Default 1 MiB.
 * @param options.logger - Where diagnostics go. Default nowhere.
 * @throws {WebhookError} `invalid_options` at construction when an option is missing or wrong,
 * or when handler options are given, since nothing here would run them.
 *
 * @example
 * ```ts
 * app.post('/webhooks/vogent', verifyVogentWebhook({ secret }), (c) => {
 *   return c.json({ received: c.var.vogentEvent.event });
 * });
 * ```
 */
export function verifyVogentWebhook<E extends Env = Env, TAiResult extends object = AiResult>(
  options: HonoVerifyOptions<E, TAiResult>,
): MiddlewareHandler<VogentEnv<E, TAiResult>> {
  const verifier = createWebhookVerifier<VogentContext<E, TAiResult>, TAiResult>(options);

  return async function verifyVogentWebhookMiddleware(c, next) {
    const verified = await verifier.verifyRequest(input(c.req.raw, verifier.maxBodyBytes), c);
    if (!verified.ok) return respond(c, verified.response);
    c.set('vogentEvent', verified.event);
    return next();
  };
}

function input(request: Request, limit: number): WebhookInput {
  return {
    method: request.method,
    signature: request.headers.get(SIGNATURE_HEADER),
    readBody: () => readRequestBody(request, limit),
  };
}

// Through c.body() so that headers set on the context beforehand go out too. The cast holds:
// the core answers 200, 4xx or 5xx, always with a JSON body.
function respond(c: Context, { status, headers, body }: WebhookResponse): Response {
  return c.body(body, status as ContentfulStatusCode, headers);
}
