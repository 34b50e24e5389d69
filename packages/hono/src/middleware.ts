import {
  type AiResult,
  createWebhookProcessor,
  type ParsedEvent,
  readRequestBody,
  SIGNATURE_HEADER,
  WebhookError,
  type WebhookOptions,
  type WebhookResponse,
} from '@dialhook/core';
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The context variables the middleware sets once a request is verified. */
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

type CoreOptions<E extends Env, TAiResult extends object> = WebhookOptions<
  VogentContext<E, TAiResult>,
  TAiResult
>;

// The options that only shape the answer the middleware sends itself.
const ANSWER_OPTIONS = ['on', 'onUnknown', 'inboundDeadlineMs', 'inboundFallback'] as const;

/** Options for the default mode: the middleware runs the event's handler and answers. */
export interface VogentWebhooksRespondOptions<
  E extends Env = Env,
  TAiResult extends object = AiResult,
> extends CoreOptions<E, TAiResult> {
  /** `'respond'`, the default: dispatch to `on` and answer as the core says. */
  mode?: 'respond';
}

/** Options for `mode: 'next'`: the middleware verifies, and the route after it answers. */
export interface VogentWebhooksNextOptions<E extends Env = Env, TAiResult extends object = AiResult>
  extends Omit<CoreOptions<E, TAiResult>, (typeof ANSWER_OPTIONS)[number]> {
  /** `'next'`: set `c.var.vogentEvent` and call `next()`; refused requests are answered. */
  mode: 'next';
}

/** What {@link vogentWebhooks} takes: the core's options, plus `mode`. */
export type VogentWebhooksOptions<E extends Env = Env, TAiResult extends object = AiResult> =
  | VogentWebhooksRespondOptions<E, TAiResult>
  | VogentWebhooksNextOptions<E, TAiResult>;

/**
 * Makes a Hono middleware that verifies Vogent webhooks and dispatches them to typed
 * handlers, on Node, Bun, Deno and Cloudflare Workers alike.
 *
 * Method, size, signature and JSON are checked in that order; the body is read as bytes and
 * limited while it is read. Every verified event is also set as `c.var.vogentEvent`.
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
 * @param options.mode - `'respond'` (default) answers with the core's response; `'next'` calls
 *   `next()` after verifying and leaves the answer to the route, and then takes none of `on`,
 *   `onUnknown`, `inboundDeadlineMs` or `inboundFallback`.
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
  options: VogentWebhooksOptions<E, TAiResult>,
): MiddlewareHandler<VogentEnv<E, TAiResult>> {
  const processor = createWebhookProcessor<VogentContext<E, TAiResult>, TAiResult>(options);
  const mode = checkMode(options);

  return async function vogentWebhookMiddleware(c, next) {
    const input = {
      method: c.req.method,
      signature: c.req.header(SIGNATURE_HEADER),
      readBody: () => readBody(c.req.raw, processor.maxBodyBytes),
    };
    const verified = await processor.verifyRequest(input, c);
    if (!verified.ok) return respond(c, verified.response);

    share(c, verified.event);
    if (mode === 'next') return next();

    return respond(c, await processor.dispatch(verified.event, c));
  };
}

type ModeOptions = { mode?: unknown } & { [K in (typeof ANSWER_OPTIONS)[number]]?: unknown };

function checkMode(options: ModeOptions): 'respond' | 'next' {
  const mode = options.mode ?? 'respond';
  if (mode !== 'respond' && mode !== 'next') {
    throw new WebhookError('invalid_options', '"mode" must be "respond" or "next".');
  }
  if (mode === 'next') {
    const given = ANSWER_OPTIONS.find((name) => options[name] !== undefined);
    if (given !== undefined) {
      throw new WebhookError(
        'invalid_options',
        `"${given}" has no effect with mode "next": the route after the middleware answers.`,
      );
    }
  }
  return mode;
}

// A body that an earlier middleware parsed (c.req.json(), a validator) no longer has its exact
// bytes, so nothing can be verified: a server setup error (500), not a bad request (400).
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookError(
      'raw_body_unavailable',
      'An earlier middleware read the request body. Mount vogentWebhooks before any body parser.',
    );
  }
  return readRequestBody(request, limit);
}

// Typed through the middleware's return type; Context<any> here only because E is generic.
function share(c: Context, event: ParsedEvent<object>): void {
  c.set('vogentEvent', event);
}

// Through c.body() so that headers set on the context beforehand go out too. The cast holds:
// the core answers 200, 4xx or 5xx, always with a JSON body.
function respond(c: Context, { status, headers, body }: WebhookResponse): Response {
  return c.body(body, status as ContentfulStatusCode, headers);
}
