// The public API of @dialhook/koa: two middlewares, and the core's names a Koa user needs,
// so that an app imports everything from here.

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
  KoaPathOption,
  KoaVerifyOptions,
  KoaWebhookOptions,
  VogentState,
} from './middleware.js';
export { verifyVogentWebhook, vogentWebhooks } from './middleware.js';
