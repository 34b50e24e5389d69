import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { WebhookError } from './errors.js';
import type {
  AiResult,
  EventOf,
  InboundResponse,
  UnknownVogentEvent,
  VogentEventType,
} from './events.js';
import { VOGENT_EVENT_TYPES } from './events.js';
import { type Secret, secretList } from './signature.js';

/**
 * Where dialhook reports what it refused or what failed. Each method is optional; `console`
 * fits. dialhook is silent when no logger is given.
 */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error?(message: string, meta?: Record<string, unknown>): void;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing must fit.
type InboundResult = InboundResponse | undefined | void;

/** A handler for one event type. `dial.inbound`'s may return the data for the agent. */
export type EventHandler<T extends VogentEventType, C, TAiResult extends object = AiResult> = (
  event: EventOf<T, TAiResult>,
  context: C,
) => T extends 'dial.inbound' ? InboundResult | Promise<InboundResult> : void | Promise<void>;

/** The `on` option: a handler per event type, each typed for its event. */
export type EventHandlers<C, TAiResult extends object = AiResult> = {
  [T in VogentEventType]?: EventHandler<T, C, TAiResult>;
};

/**
 * The options every dialhook receiver takes, in the core and in each adapter. `C` is the
 * context handlers get: `{ request }` for the Web handler, the framework's own in adapters.
 */
export interface WebhookOptions<C, TAiResult extends object = AiResult> {
  /**
   * The "Webhook Signing Secret" from the Vogent dashboard, several during a rotation, or a
   * function that reads it per request (for example from a Worker's `env`). Required.
   */
  secret: Secret | ((context: C) => Secret | Promise<Secret>);
  /** A handler per event type. An event without a handler is answered 200. */
  on?: EventHandlers<C, TAiResult>;
  /** Called with verified events of a type this version does not know. */
  onUnknown?: (event: UnknownVogentEvent, context: C) => void | Promise<void>;
  /** Called with every rejection and handler failure. Errors it throws are logged. */
  onError?: (error: WebhookError, context: C) => void;
  /** The largest body accepted, in bytes. Default 1 MiB (1048576). */
  maxBodyBytes?: number;
  /** Where diagnostics go. Default: nowhere. */
  logger?: Logger;
  /**
   * How long a `dial.inbound` handler may take before the fallback is sent, in ms. Vogent
   * waits 3 s at most. Default 2500.
   */
  inboundDeadlineMs?: number;
  /** What a `dial.inbound` gets when its handler misses the deadline. Default `{}`. */
  inboundFallback?: InboundResponse;
}

/** The options with defaults applied and checked; the caller's object is left untouched. */
export interface ResolvedOptions<C, TAiResult extends object> {
  secret: Secret | ((context: C) => Secret | Promise<Secret>);
  handlers: ReadonlyMap<string, (event: never, context: C) => unknown>;
  onUnknown: WebhookOptions<C, TAiResult>['onUnknown'];
  onError: WebhookOptions<C, TAiResult>['onError'];
  maxBodyBytes: number;
  logger: Logger;
  inboundDeadlineMs: number;
  inboundFallback: InboundResponse;
}

// One secret stays a string, which verify() checks without allocating anything per request.
const oneOrMany = (list: readonly string[]): Secret =>
  list.length === 1 ? (list[0] as string) : list;

const invalid = (message: string) => new WebhookError('invalid_options', message);

const OPTION_NAMES: readonly string[] = [
  'secret',
  'on',
  'onUnknown',
  'onError',
  'maxBodyBytes',
  'logger',
  'inboundDeadlineMs',
  'inboundFallback',
];

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(
      `${name} must be a positive number of ${name === 'maxBodyBytes' ? 'bytes' : 'ms'}.`,
    );
  }
  return value;
}

function resolveHandlers<C>(on: unknown): Map<string, (event: never, context: C) => unknown> {
  const handlers = new Map<string, (event: never, context: C) => unknown>();
  if (on === undefined) return handlers;
  if (typeof on !== 'object' || on === null) throw invalid('"on" must be an object of handlers.');

  for (const [type, handler] of Object.entries(on)) {
    if (!(VOGENT_EVENT_TYPES as readonly string[]).includes(type)) {
      throw invalid(
        `"on" names "${type}", which is not an event type. ` +
          `Known: ${VOGENT_EVENT_TYPES.join(', ')}.`,
      );
    }
    if (typeof handler !== 'function')
      throw invalid(`The handler for "${type}" is not a function.`);
    handlers.set(type, handler);
  }
  return handlers;
}

/**
 * Applies defaults and checks options once, at construction, so that a misconfigured
 * receiver fails when the app starts rather than on the first webhook.
 *
 * @throws {WebhookError} `invalid_options`, with a message that names the option.
 */
export function resolveOptions<C, TAiResult extends object>(
  options: WebhookOptions<C, TAiResult>,
): ResolvedOptions<C, TAiResult> {
  if (typeof options !== 'object' || options === null) {
    throw invalid('Options are required: { secret, on }.');
  }
  // A misspelt option (maxBodySize, onerror) would otherwise be ignored without a word.
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.includes(name));
  if (unknown !== undefined) {
    throw invalid(`"${unknown}" is not an option. Known: ${OPTION_NAMES.join(', ')}.`);
  }
  const { secret } = options;
  if (secret === undefined || secret === null) {
    throw invalid('The "secret" option is required: the Webhook Signing Secret from Vogent.');
  }
  for (const name of ['onUnknown', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw invalid(`"${name}" must be a function.`);
    }
  }

  return {
    secret: typeof secret === 'function' ? secret : oneOrMany(secretList(secret)),
    handlers: resolveHandlers<C>(options.on),
    onUnknown: options.onUnknown,
    onError: options.onError,
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    logger: options.logger ?? {},
    inboundDeadlineMs: positive('inboundDeadlineMs', options.inboundDeadlineMs, 2500),
    inboundFallback: options.inboundFallback ?? {},
  };
}
