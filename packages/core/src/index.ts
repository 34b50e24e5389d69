// The public API of @dialhook/core. The same on every runtime: only the HMAC underneath
// differs (see hmac-node.ts).

export { SIGNATURE_HEADER, sign, verify } from './signature.js';
export type { Secret } from './signature.js';

export { isKnownEvent, parseEvent } from './parse-event.js';
export { VOGENT_EVENT_TYPES } from './events.js';
export type {
  AiResult,
  DialCreatedEvent,
  DialExtractorEvent,
  DialInboundEvent,
  DialRecordingCreatedEvent,
  DialStatus,
  DialTranscriptEvent,
  DialUpdatedEvent,
  EventOf,
  FinalDialStatus,
  InboundResponse,
  ParsedEvent,
  TranscriptEntry,
  UnknownVogentEvent,
  VogentEvent,
  VogentEventType,
} from './events.js';

export { WebhookError, isWebhookError } from './errors.js';
export type { WebhookErrorCode, WebhookErrorOptions } from './errors.js';

export { createWebhookHandler } from './web-handler.js';
export type { WebHandlerContext } from './web-handler.js';
export { createWebhookProcessor, errorResponse } from './processor.js';
export type {
  VerifiedRequest,
  WebhookInput,
  WebhookProcessor,
  WebhookResponse,
} from './processor.js';
export type { EventHandler, EventHandlers, Logger, WebhookOptions } from './options.js';

export {
  BodyCollector,
  DEFAULT_MAX_BODY_BYTES,
  checkContentLength,
  readRequestBody,
} from './body.js';
