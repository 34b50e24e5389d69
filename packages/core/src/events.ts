/**
 * The six event types Vogent documents. New types may appear; they arrive as
 * {@link UnknownVogentEvent} and are never an error.
 */
export type VogentEventType =
  | 'dial.created'
  | 'dial.updated'
  | 'dial.transcript'
  | 'dial.recording_created'
  | 'dial.extractor'
  | 'dial.inbound';

/** Every event type in {@link VogentEventType}, for iteration and runtime checks. */
export const VOGENT_EVENT_TYPES: readonly VogentEventType[] = [
  'dial.created',
  'dial.updated',
  'dial.transcript',
  'dial.recording_created',
  'dial.extractor',
  'dial.inbound',
];

/** The final statuses of a dial: `completed` is success, the rest are phone-call errors. */
export type FinalDialStatus = 'completed' | 'failed' | 'canceled' | 'busy' | 'no-answer';

/**
 * A dial's status as documented, spelled as Vogent spells it. Still open to new strings, so
 * that a status Vogent adds later type-checks and parses.
 */
export type DialStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | FinalDialStatus
  | (string & Record<never, never>);

/** One line of a final transcript. */
export interface TranscriptEntry {
  text: string;
  speaker: 'AI' | 'HUMAN' | (string & Record<never, never>);
  detailType?: string;
}

/** The shape of the post-call extractor's result when the user does not give one. */
export type AiResult = Record<string, unknown>;

interface Envelope<T extends VogentEventType, P> {
  event: T;
  payload: P;
}

/** A dial was created under a dial session. */
export type DialCreatedEvent = Envelope<
  'dial.created',
  { dial_session_id: string; dial_id: string }
>;

/** A dial's status changed. */
export type DialUpdatedEvent = Envelope<
  'dial.updated',
  { dial_session_id: string; dial_id: string; status: DialStatus }
>;

/** A dial's transcript is final. */
export type DialTranscriptEvent = Envelope<
  'dial.transcript',
  { dial_id: string; transcript: TranscriptEntry[] }
>;

/** A recording was attached to a dial. */
export type DialRecordingCreatedEvent = Envelope<
  'dial.recording_created',
  { dial_id: string; recording_url: string }
>;

/**
 * The post-call extractor finished. `ai_result`'s keys are the ones the user's extractor
 * defines: pass them as `TAiResult`. They are typed, not validated.
 */
export type DialExtractorEvent<TAiResult extends object = AiResult> = Envelope<
  'dial.extractor',
  { dial_id: string; ai_result: TAiResult }
>;

/** Someone called a number linked to an agent; the receiver may answer with data. */
export type DialInboundEvent = Envelope<
  'dial.inbound',
  {
    dial_session_id: string;
    dial_id: string;
    dest_number_id: string;
    call_agent_id: string;
    /** The caller's number in E.164 form. */
    source_number: string;
  }
>;

/** A documented Vogent event, discriminated on `event`. */
export type VogentEvent<TAiResult extends object = AiResult> =
  | DialCreatedEvent
  | DialUpdatedEvent
  | DialTranscriptEvent
  | DialRecordingCreatedEvent
  | DialExtractorEvent<TAiResult>
  | DialInboundEvent;

/** The event of one type, such as `EventOf<'dial.updated'>`. */
export type EventOf<T extends VogentEventType, TAiResult extends object = AiResult> = Extract<
  VogentEvent<TAiResult>,
  { event: T }
>;

/** A verified event whose type this version of dialhook does not know. */
export interface UnknownVogentEvent {
  event: string;
  payload: unknown;
  /** Set only on unknown events, so that {@link isKnownEvent} can tell them apart. */
  unknown: true;
}

/** What {@link parseEvent} returns: a documented event or an unknown one. */
export type ParsedEvent<TAiResult extends object = AiResult> =
  | VogentEvent<TAiResult>
  | UnknownVogentEvent;

/**
 * The JSON a `dial.inbound` handler may answer with: values for the agent's prompt
 * parameters and keywords for its speech recognition.
 */
export interface InboundResponse {
  call_agent_input?: Record<string, string>;
  keywords?: string[];
}
