// The public API of @dialhook/hono: two middlewares, and the core's names a Hono user needs, so
// that an app imports everything from here.

export type {
  AiResult,
  DialCreatedEvent,
  DialExtractorEvent,
  DialInboundEvent,
  DialRecordingCreatedEvent,
  DialStatus,
  DialTranscriptEvent,
  DialUpdatedEvent,
  EventHandler,
  EventHandlers,
  EventOf,
  InboundResponse,
  Logger,
  ParsedEvent,
  Secret,
  UnknownVogentEvent,
  VogentEvent,
  VogentEventType,
  WebhookErrorCode,
} from '@dialhook/core';
export { isKnownEvent, isWebhookError, WebhookError } from '@dialhook/core';
export type {
  HonoVerifyOptions,
  HonoWebhookOptions,
  VogentContext,
  VogentEnv,
  VogentVariables,
} from './middleware.js';
export { verifyVogentWebhook, vogentWebhooks } from './middleware.js';
