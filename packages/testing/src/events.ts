import {
  type EventOf,
  VOGENT_EVENT_TYPES,
  type VogentEvent,
  type VogentEventType,
} from '@dialhook/core';

/** Every field optional, all the way down; arrays and non-object values are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What {@link createEvent} takes to change an event's payload, such as `{ status: 'busy' }`. */
export type EventOverrides<T extends VogentEventType> = DeepPartial<EventOf<T>['payload']>;

/** The ids that {@link createAllEvents} gives every event it makes. */
export interface DialIds {
  /** Default: a new random UUID. */
  dial_id?: string;
  /** Default: a new random UUID. */
  dial_session_id?: string;
}

type Payload = Record<string, unknown>;
type Ids = Required<DialIds>;

const uuid = () => globalThis.crypto.randomUUID();

// 555-0100 to 555-0199 are the North American numbers reserved for fiction, so a sample
// caller never belongs to a real person.
function fictionalNumber(): string {
  const [random = 0] = globalThis.crypto.getRandomValues(new Uint8Array(1));
  return `+1415555${String(100 + (random % 100)).padStart(4, '0')}`;
}

const DEFAULTS: Record<VogentEventType, (ids: Ids) => Payload> = {
  'dial.created': (ids) => ({ ...ids }),
  'dial.updated': (ids) => ({ ...ids, status: 'completed' }),
  'dial.transcript': ({ dial_id }) => ({
    dial_id,
    transcript: [
      { speaker: 'AI', text: 'Hi, this is Ava from Brightside Dental. Am I speaking with Jordan?' },
      { speaker: 'HUMAN', text: 'Yes, speaking.' },
      { speaker: 'AI', text: 'I am calling to confirm your cleaning on Tuesday at 3 pm.' },
      { speaker: 'HUMAN', text: 'That works, thanks for the reminder.' },
    ],
  }),
  'dial.recording_created': ({ dial_id }) => ({
    dial_id,
    recording_url: `https://api.getelto.com/api/recordings/${dial_id}`,
  }),
  'dial.extractor': ({ dial_id }) => ({
    dial_id,
    ai_result: {
      summary: 'Jordan confirmed the cleaning on Tuesday at 3 pm.',
      appointment_confirmed: true,
    },
  }),
  'dial.inbound': (ids) => ({
    ...ids,
    dest_number_id: uuid(),
    call_agent_id: uuid(),
    source_number: fictionalNumber(),
  }),
};

const isPlainObject = (value: unknown): value is Payload =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Merges `overrides` into a copy of `base`: plain objects key by key, anything else
 * (arrays included) replacing the value; `undefined` keeps the base value.
 *
 * @example
 * ```ts
 * deepMerge({ a: { b: 1, c: 2 } }, { a: { b: 3 } }); // { a: { b: 3, c: 2 } }
 * ```
 */
export function deepMerge(base: Payload, overrides: Payload): Payload {
  const merged: Payload = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    // defineProperty, so that a "__proto__" key from parsed JSON stays a plain field.
    Object.defineProperty(merged, key, {
      value: isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}

/**
 * Makes an event of a type named at run time, with untyped overrides: what the CLI needs.
 * `ids` fill `dial_id` and `dial_session_id` where the overrides do not.
 *
 * @throws {TypeError} when `type` is not one of the documented event types.
 *
 * @example
 * ```ts
 * const event = buildEvent(typeFromTheCommandLine, { status: 'busy' });
 * ```
 */
export function buildEvent(type: string, overrides: Payload = {}, ids: DialIds = {}): VogentEvent {
  if (!Object.hasOwn(DEFAULTS, type)) {
    throw new TypeError(`Unknown event type "${type}". Known: ${VOGENT_EVENT_TYPES.join(', ')}.`);
  }
  const pick = (name: keyof DialIds) => {
    const value = overrides[name];
    return typeof value === 'string' ? value : (ids[name] ?? uuid());
  };
  const defaults = DEFAULTS[type as VogentEventType]({
    dial_session_id: pick('dial_session_id'),
    dial_id: pick('dial_id'),
  });
  return { event: type, payload: deepMerge(defaults, overrides) } as VogentEvent;
}

/**
 * Makes a valid Vogent event of one type, with realistic defaults (random UUIDs, a
 * `completed` status, a four-line transcript, a fictional E.164 caller) and your overrides
 * deep-merged into its payload. Every event it makes passes the core's `parseEvent`, unless
 * an override gives a documented field the wrong type.
 *
 * @param type - The event type, such as `'dial.updated'`.
 * @param overrides - Payload fields to set. Plain objects merge key by key; arrays (such as
 * `transcript`) replace the default. Default: none.
 * @returns The event, typed for its type.
 * @throws {TypeError} when `type` is not a documented event type (only possible untyped).
 *
 * @example
 * ```ts
 * const event = createEvent('dial.updated', { status: 'no-answer' });
 * const res = await fetch(url, await signedRequest(event, { secret }));
 * ```
 */
export function createEvent<T extends VogentEventType>(
  type: T,
  overrides?: EventOverrides<T>,
): EventOf<T> {
  return buildEvent(type, (overrides ?? {}) as Payload) as EventOf<T>;
}

/**
 * Makes one event of each documented type, all about the same dial, in the order
 * `VOGENT_EVENT_TYPES` lists them.
 *
 * @param ids - The dial and session ids to share. Default: new random UUIDs.
 * @returns Six events: `dial.created` first, `dial.inbound` last.
 *
 * @example
 * ```ts
 * for (const event of createAllEvents()) await fetch(url, await signedRequest(event, { secret }));
 * ```
 */
export function createAllEvents(ids: DialIds = {}): VogentEvent[] {
  const shared: Ids = {
    dial_id: ids.dial_id ?? uuid(),
    dial_session_id: ids.dial_session_id ?? uuid(),
  };
  return VOGENT_EVENT_TYPES.map((type) => buildEvent(type, {}, shared));
}
