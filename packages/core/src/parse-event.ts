import { WebhookError } from './errors.js';
import type {
  AiResult,
  ParsedEvent,
  UnknownVogentEvent,
  VogentEvent,
  VogentEventType,
} from './events.js';

type Check = (payload: Record<string, unknown>) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings =
  (...names: string[]): Check =>
  (payload) =>
    names.find((name) => typeof payload[name] !== 'string');

const isTranscriptEntry = (entry: unknown): boolean =>
  isRecord(entry) &&
  typeof entry.text === 'string' &&
  typeof entry.speaker === 'string' &&
  (entry.detailType === undefined || typeof entry.detailType === 'string');

// The documented fields of each type; anything else in a payload is let through untouched.
const CHECKS: Record<VogentEventType, Check[]> = {
  'dial.created': [strings('dial_session_id', 'dial_id')],
  'dial.updated': [strings('dial_session_id', 'dial_id', 'status')],
  'dial.transcript': [
    strings('dial_id'),
    (p) =>
      Array.isArray(p.transcript) && p.transcript.every(isTranscriptEntry)
        ? undefined
        : 'transcript',
  ],
  'dial.recording_created': [strings('dial_id', 'recording_url')],
  'dial.extractor': [strings('dial_id'), (p) => (isRecord(p.ai_result) ? undefined : 'ai_result')],
  'dial.inbound': [
    strings('dial_session_id', 'dial_id', 'dest_number_id', 'call_agent_id', 'source_number'),
  ],
};

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeJson(body: string | Uint8Array): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch {
    throw new WebhookError(
      'invalid_json',
      'The body is not valid UTF-8 JSON. Vogent sends JSON; check what is posting here.',
    );
  }
}

/**
 * Parses a webhook body into a typed event. Call it only on a body whose signature holds.
 *
 * Extra fields, unknown event types and unknown dial statuses are accepted, so that the
 * receiver keeps working when Vogent adds something. `ai_result` is typed as `TAiResult`
 * but its keys are not validated.
 *
 * @param body - The exact body, as bytes or a string.
 * @returns The event; unknown types come back with `unknown: true` (see {@link isKnownEvent}).
 * @throws {WebhookError} `invalid_json` when the body is not JSON, `invalid_envelope` when it
 * is not `{"event": string, "payload": object}`, `invalid_payload` when a documented field of
 * a known event is missing or of the wrong type (the error carries the event).
 *
 * @example
 * ```ts
 * const event = parseEvent(body);
 * if (isKnownEvent(event) && event.event === 'dial.updated') console.log(event.payload.status);
 * ```
 */
export function parseEvent<TAiResult extends object = AiResult>(
  body: string | Uint8Array,
): ParsedEvent<TAiResult> {
  const json = decodeJson(body);
  if (!isRecord(json) || typeof json.event !== 'string' || !isRecord(json.payload)) {
    throw new WebhookError(
      'invalid_envelope',
      'The body is JSON but not a Vogent event: expected {"event": string, "payload": object}.',
    );
  }

  const checks = Object.hasOwn(CHECKS, json.event)
    ? CHECKS[json.event as VogentEventType]
    : undefined;
  if (checks === undefined) {
    const unknown: UnknownVogentEvent = { event: json.event, payload: json.payload, unknown: true };
    return unknown;
  }

  const event = json as unknown as VogentEvent<TAiResult>;
  for (const check of checks) {
    const field = check(json.payload);
    if (field !== undefined) {
      throw new WebhookError(
        'invalid_payload',
        `The ${json.event} event has a missing or malformed "${field}" field.`,
        { event },
      );
    }
  }
  return event;
}

/**
 * Narrows a parsed event to the documented types, after which `event.event` discriminates.
 *
 * @example
 * ```ts
 * if (isKnownEvent(event)) switch (event.event) { case 'dial.transcript': ... }
 * ```
 */
export function isKnownEvent<TAiResult extends object = AiResult>(
  event: ParsedEvent<TAiResult>,
): event is VogentEvent<TAiResult> {
  return !('unknown' in event && event.unknown === true);
}
