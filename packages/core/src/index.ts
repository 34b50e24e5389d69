// The public API of @dialhook/core. The same on every runtime: only the HMAC underneath
// differs (see hmac-node.ts).

export {
  BodyCollector,
  checkContentLength,
  DEFAULT_MAX_BODY_BYTES,
  readRequestBody,
} from './body.js';
export type { WebhookErrorCode, WebhookErrorOptions } from './errors.js';
export { isWebhookError, WebhookError } from './errors.js';
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
export { VOGENT_EVENT_TYPES } from './events.js';
export type { NodeBodySource, NodeRequestStream } from './node-body.js';
export { headerValue, nodeResponseHeaders, readNodeBody } from './node-body.js';
export type { EventHandler, EventHandlers, Logger, WebhookOptions } from './options.js';
export { isKnownEvent, parseEvent } from './parse-event.js';
export type {
  HandlerOptionName,
  VerifiedRequest,
  VerifierOptions,
  WebhookInput,
  WebhookProcessor,
  WebhookResponse,
  WebhookVerifier,
} from './processor.js';
export { createWebhookProcessor, createWebhookVerifier, errorResponse } from './processor.js';
export type { Secret } from './signature.js';
export { SIGNATURE_HEADER, sign, verify } from './signature.js';
export type { WebHandlerContext } from './web-handler.js';
export { createWebhookHandler } from './web-handler.js';
