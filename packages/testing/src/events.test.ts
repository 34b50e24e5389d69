import { parseEvent, VOGENT_EVENT_TYPES, type VogentEventType } from '@dialhook/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAllEvents, createEvent, deepMerge } from './events.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const roundTrip = (event: object) => parseEvent(JSON.stringify(event));

describe('createEvent', () => {
  it.each(VOGENT_EVENT_TYPES)('makes a %s event that parseEvent accepts as it is', (type) => {
    const event = createEvent(type);

    expect(event.event).toBe(type);
    expect(roundTrip(event)).toEqual(event);
    expect(event.payload.dial_id).toMatch(UUID);
  });

  it('gives every event new random ids', () => {
    const [a, b] = [createEvent('dial.created'), createEvent('dial.created')];

    expect(a.payload.dial_id).not.toBe(b.payload.dial_id);
    expect(a.payload.dial_session_id).toMatch(UUID);
  });

  it('fills realistic defaults: a completed status, a transcript, an E.164 caller', () => {
    expect(createEvent('dial.updated').payload.status).toBe('completed');
    const transcript = createEvent('dial.transcript').payload.transcript;
    expect(transcript.length).toBeGreaterThan(1);
    expect(new Set(transcript.map((line) => line.speaker))).toEqual(new Set(['AI', 'HUMAN']));
    expect(createEvent('dial.inbound').payload.source_number).toMatch(/^\+141555501\d\d$/);
    const recording = createEvent('dial.recording_created', { dial_id: 'd-1' });
    expect(recording.payload.recording_url).toBe('https://api.getelto.com/api/recordings/d-1');
  });

  it('deep-merges overrides into the payload and replaces arrays whole', () => {
    const event = createEvent('dial.extractor', { dial_id: 'd-7', ai_result: { score: 9 } });
    const transcript = createEvent('dial.transcript', {
      transcript: [{ speaker: 'HUMAN', text: 'Hello?' }],
    });

    expect(event.payload.dial_id).toBe('d-7');
    expect(event.payload.ai_result).toMatchObject({ score: 9, appointment_confirmed: true });
    expect(transcript.payload.transcript).toEqual([{ speaker: 'HUMAN', text: 'Hello?' }]);
  });

  it('types the overrides for the event type', () => {
    // @ts-expect-error status is not a dial.created field
    createEvent('dial.created', { status: 'busy' });
    // @ts-expect-error dial_id is a string
    createEvent('dial.updated', { dial_id: 1 });

    const event = createEvent('dial.updated', { status: 'busy' });
    const status: string = event.payload.status;
    expect(status).toBe('busy');
  });

  it('throws a TypeError naming the known types for an unknown type', () => {
    expect(() => createEvent('dial.voicemail' as VogentEventType)).toThrow(
      /Unknown event type "dial\.voicemail"\. Known: dial\.created/,
    );
  });

  it('makes events that parse and keep their overrides, whatever the string values', () => {
    const strings = fc.record(
      {
        dial_id: fc.string(),
        dial_session_id: fc.string(),
        status: fc.oneof(fc.constantFrom('queued', 'in-progress', 'no-answer'), fc.string()),
        source_number: fc.string(),
        recording_url: fc.webUrl(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...VOGENT_EVENT_TYPES), strings, (type, overrides) => {
        const event = createEvent(type, overrides as never);

        expect(roundTrip(event)).toEqual(event);
        expect(event.payload).toMatchObject(
          Object.fromEntries(Object.entries(overrides).filter(([key]) => key in event.payload)),
        );
      }),
    );
  });
});

describe('createAllEvents', () => {
  it('makes one event of each type about the same dial', () => {
    const events = createAllEvents({ dial_id: 'd-1' });

    expect(events.map((e) => e.event)).toEqual(VOGENT_EVENT_TYPES);
    expect(new Set(events.map((e) => e.payload.dial_id))).toEqual(new Set(['d-1']));
    const sessions = events.flatMap((e) =>
      'dial_session_id' in e.payload ? [e.payload.dial_session_id] : [],
    );
    expect(sessions).toHaveLength(3);
    expect(new Set(sessions).size).toBe(1);
    for (const event of events) expect(roundTrip(event)).toEqual(event);
  });
});

describe('deepMerge', () => {
  it('keeps a "__proto__" key from parsed JSON as a plain field', () => {
    const merged = deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}'));

    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(merged)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });

  it('leaves the base untouched and ignores undefined overrides', () => {
    const base = { a: { b: 1, c: 2 } };

    expect(deepMerge(base, { a: { b: 3 }, d: undefined })).toEqual({ a: { b: 3, c: 2 } });
    expect(base).toEqual({ a: { b: 1, c: 2 } });
  });
});
