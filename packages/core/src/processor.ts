import { isWebhookError, WebhookError } from './errors.js';
import type { AiResult, DialInboundEvent, InboundResponse, ParsedEvent } from './events.js';
import { type ResolvedOptions, resolveOptions, type WebhookOptions } from './options.js';
import { isKnownEvent, parseEvent } from './parse-event.js';
import { secretList, verify } from './signature.js';

/** What an adapter hands the processor for one request. */
export interface WebhookInput {
  /** The HTTP method. */
  method: string;
  /** The `X-Elto-Signature` header's value, or `null`/`undefined` when absent. */
  signature: string | null | undefined;
  /**
   * Reads the exact body bytes, enforcing `maxBodyBytes` while reading. Called only once the
   * method is accepted. May throw a WebhookError (`payload_too_large`, `raw_body_unavailable`).
   */
  readBody: () => Promise<Uint8Array>;
}

/** A framework-neutral response: adapters copy it onto their own. */
export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The outcome of {@link WebhookProcessor.verifyRequest}. */
export type VerifiedRequest<TAiResult extends object = AiResult> =
  | { ok: true; event: ParsedEvent<TAiResult>; body: Uint8Array }
  | { ok: false; error: WebhookError; response: WebhookResponse };

/** The request rules, independent of any framework. Made by {@link createWebhookProcessor}. */
export interface WebhookProcessor<C, TAiResult extends object = AiResult> {
  /** The body limit in force, for adapters that read the body themselves. */
  readonly maxBodyBytes: number;
  /** Checks method, size, signature and JSON, then runs the event's handler. */
  handle(input: WebhookInput, context: C): Promise<WebhookResponse>;
  /** Checks method, size, signature and JSON, without running a handler. */
  verifyRequest(input: WebhookInput, context: C): Promise<VerifiedRequest<TAiResult>>;
  /** Runs the handler of an already verified event and says what to answer. */
  dispatch(event: ParsedEvent<TAiResult>, context: C): Promise<WebhookResponse>;
}

const TIMED_OUT = Symbol('timed out');

// A new headers object each time: frameworks and servers may write into the one they get.
const json = (status: number, value: unknown, extra?: Record<string, string>) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
  body: JSON.stringify(value),
});

/** The response for a refused request: its status and `{"error": {"code", "message"}}`. */
export function errorResponse(error: WebhookError): WebhookResponse {
  return json(
    error.status,
    error,
    error.code === 'method_not_allowed' ? { allow: 'POST' } : undefined,
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Makes the framework-neutral request processor that every dialhook receiver is built on:
 * adapters give it the method, the signature header and a body reader, and copy the
 * {@link WebhookResponse} it returns onto their framework's response.
 *
 * @param options - See {@link WebhookOptions}; checked here, once.
 * @throws {WebhookError} `invalid_options` when an option is missing or wrong.
 *
 * @example
 * ```ts
 * const processor = createWebhookProcessor<MyContext>({ secret, on: { ... } });
 * const result = await processor.handle({ method, signature, readBody }, ctx);
 * ```
 */
export function createWebhookProcessor<C, TAiResult extends object = AiResult>(
  options: WebhookOptions<C, TAiResult>,
): WebhookProcessor<C, TAiResult> {
  const config = resolveOptions(options);
  return {
    maxBodyBytes: config.maxBodyBytes,
    verifyRequest: (input, context) => verifyRequest(config, input, context),
    dispatch: (event, context) => dispatch(config, event, context),
    async handle(input, context) {
      const verified = await verifyRequest(config, input, context);
      return verified.ok ? dispatch(config, verified.event, context) : verified.response;
    },
  };
}

/** The options that only matter when dialhook runs handlers and answers itself. */
export type HandlerOptionName = 'on' | 'onUnknown' | 'inboundDeadlineMs' | 'inboundFallback';
const HANDLER_OPTIONS: readonly HandlerOptionName[] = [
  'on',
  'onUnknown',
  'inboundDeadlineMs',
  'inboundFallback',
];

/** The options of {@link createWebhookVerifier}: the processor's, without handler options. */
export type VerifierOptions<C, TAiResult extends object = AiResult> = Omit<
  WebhookOptions<C, TAiResult>,
  HandlerOptionName
>;

/** The checks of a {@link WebhookProcessor} without dispatch. */
export type WebhookVerifier<C, TAiResult extends object = AiResult> = Pick<
  WebhookProcessor<C, TAiResult>,
  'maxBodyBytes' | 'verifyRequest'
>;

/**
 * Makes the request checks without dispatch, for the adapters' verify-then-next middleware:
 * refused requests are answered by the rules, verified ones are handed to the user's route.
 *
 * @param options - `secret` (required), `onError`, `maxBodyBytes`, `logger`.
 * @throws {WebhookError} `invalid_options` when an option is wrong, or when a handler option
 * (`on`, `onUnknown`, `inboundDeadlineMs`, `inboundFallback`) is given, since nothing would
 * run it.
 *
 * @example
 * ```ts
 * const verifier = createWebhookVerifier<MyContext>({ secret });
 * const verified = await verifier.verifyRequest({ method, signature, readBody }, ctx);
 * ```
 */
export function createWebhookVerifier<C, TAiResult extends object = AiResult>(
  options: VerifierOptions<C, TAiResult>,
): WebhookVerifier<C, TAiResult> {
  const given =
    typeof options === 'object' && options !== null
      ? HANDLER_OPTIONS.find((name) => Reflect.get(options, name) !== undefined)
      : undefined;
  if (given !== undefined) {
    throw new WebhookError(
      'invalid_options',
      `"${given}" does nothing here: this middleware runs no handlers, the route after it ` +
        'answers. Use vogentWebhooks to have handlers run.',
    );
  }
  const { maxBodyBytes, verifyRequest } = createWebhookProcessor<C, TAiResult>(options);
  return { maxBodyBytes, verifyRequest };
}

async function verifyRequest<C, TAiResult extends object>(
  config: ResolvedOptions<C, TAiResult>,
  input: WebhookInput,
  context: C,
): Promise<VerifiedRequest<TAiResult>> {
  try {
    if (input.method.toUpperCase() !== 'POST') {
      throw new WebhookError('method_not_allowed', 'Vogent webhooks are POST requests.');
    }

    const body = await input.readBody();

    const signature = input.signature;
    if (signature === null || signature === undefined || signature === '') {
      throw new WebhookError(
        'missing_signature',
        'The X-Elto-Signature header is missing. Requests must come from Vogent, signed.',
      );
    }
    if (!(await verify(body, signature, await secretsFor(config, context)))) {
      throw new WebhookError(
        'invalid_signature',
        'The X-Elto-Signature header does not match the body. Check the webhook secret.',
      );
    }

    return { ok: true, event: parseEvent<TAiResult>(body), body };
  } catch (caught) {
    const error = isWebhookError(caught)
      ? caught
      : new WebhookError('body_read_failed', 'The request could not be read.', { cause: caught });
    report(config, error, context);
    return { ok: false, error, response: errorResponse(error) };
  }
}

async function secretsFor<C>(config: ResolvedOptions<C, object>, context: C) {
  if (typeof config.secret !== 'function') return config.secret;
  try {
    return secretList(await config.secret(context));
  } catch (cause) {
    throw new WebhookError(
      'secret_unavailable',
      'The secret function returned no secret. Check the binding or variable it reads.',
      { cause },
    );
  }
}

async function dispatch<C, TAiResult extends object>(
  config: ResolvedOptions<C, TAiResult>,
  event: ParsedEvent<TAiResult>,
  context: C,
): Promise<WebhookResponse> {
  try {
    if (!isKnownEvent(event)) {
      await config.onUnknown?.(event, context);
      return json(200, {});
    }

    const handler = config.handlers.get(event.event);
    if (handler === undefined) return json(200, {});
    const run = Promise.resolve().then(() => handler(event as never, context));
    if (event.event !== 'dial.inbound') {
      await run;
      return json(200, {});
    }
    return json(200, await withDeadline(config, run, event, context));
  } catch (cause) {
    const error = new WebhookError(
      'handler_failed',
      `The ${event.event} handler failed; the event can be retried.`,
      { cause, event },
    );
    report(config, error, context);
    return errorResponse(error);
  }
}

// Vogent gives up on dial.inbound after 3 s, so the answer races a deadline and the fallback
// goes out in time; what the handler does afterwards still reaches the logger and onError.
async function withDeadline<C>(
  config: ResolvedOptions<C, object>,
  run: Promise<unknown>,
  event: DialInboundEvent,
  context: C,
): Promise<InboundResponse> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, config.inboundDeadlineMs, TIMED_OUT);
  });
  const outcome = await Promise.race([run, deadline]).finally(() => clearTimeout(timer));
  if (outcome !== TIMED_OUT) return isRecord(outcome) ? outcome : {};

  const ms = config.inboundDeadlineMs;
  const message = `The dial.inbound handler took over ${ms} ms; the fallback was sent.`;
  report(config, new WebhookError('inbound_deadline_exceeded', message, { event }), context);
  run.then(
    () =>
      config.logger.warn?.('A dial.inbound handler answered after its deadline.', {
        dialId: event.payload.dial_id,
      }),
    (cause) => {
      const late = new WebhookError(
        'handler_failed',
        'The dial.inbound handler failed after its deadline.',
        { cause, event },
      );
      report(config, late, context);
    },
  );
  return config.inboundFallback;
}

function report<C>(config: ResolvedOptions<C, object>, error: WebhookError, context: C): void {
  const log = error.status >= 500 ? config.logger.error : config.logger.warn;
  log?.call(config.logger, `dialhook: ${error.message}`, {
    code: error.code,
    status: error.status,
  });
  try {
    config.onError?.(error, context);
  } catch (cause) {
    config.logger.error?.('dialhook: onError threw.', { cause });
  }
}
