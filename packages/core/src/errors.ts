import type { ParsedEvent } from './events.js';

/**
 * Machine-readable reasons a webhook request is refused or fails. Each maps to one HTTP
 * status in {@link WebhookError}.
 */
export type WebhookErrorCode =
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'missing_signature'
  | 'invalid_signature'
  | 'invalid_json'
  | 'invalid_envelope'
  | 'invalid_payload'
  | 'body_read_failed'
  | 'raw_body_unavailable'
  | 'secret_unavailable'
  | 'handler_failed'
  | 'inbound_deadline_exceeded'
  | 'invalid_options';

const STATUS: Record<WebhookErrorCode, number> = {
  method_not_allowed: 405,
  payload_too_large: 413,
  missing_signature: 401,
  invalid_signature: 401,
  invalid_json: 400,
  invalid_envelope: 400,
  invalid_payload: 400,
  body_read_failed: 400,
  raw_body_unavailable: 500,
  secret_unavailable: 500,
  handler_failed: 500,
  // The caller was already answered with the fallback; the code exists for onError.
  inbound_deadline_exceeded: 200,
  invalid_options: 500,
};

/** What a {@link WebhookError} may carry besides its code and message. */
export interface WebhookErrorOptions {
  /** The underlying error, such as the one a handler threw. */
  cause?: unknown;
  /** The parsed event, when the failure came after parsing. */
  event?: ParsedEvent<object>;
}

/**
 * The one error type of dialhook: a `code` to branch on, the HTTP `status` the request gets,
 * and a message that says what to do. Messages never contain a secret, signature or body.
 *
 * @example
 * ```ts
 * onError(error) {
 *   if (error.code === 'handler_failed') report(error.cause, error.event);
 * }
 * ```
 */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  readonly code: WebhookErrorCode;
  readonly status: number;
  readonly event: ParsedEvent<object> | undefined;

  constructor(code: WebhookErrorCode, message: string, options: WebhookErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.event = options.event;
  }

  /** The JSON error body sent to the client: `{"error": {"code", "message"}}`. */
  toJSON(): { error: { code: WebhookErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** True for a {@link WebhookError}, including one from another copy of this package. */
export function isWebhookError(value: unknown): value is WebhookError {
  return value instanceof WebhookError || (value instanceof Error && value.name === 'WebhookError');
}
