import { describe, expect, expectTypeOf, it } from 'vitest';
import { fixtureEvents } from '../../../test/support/fixtures.js';
import type { DialExtractorEvent, ParsedEvent } from './events.js';
import { isKnownEvent, parseEvent } from './parse-event.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const envelope = (event: string, payload: unknown) => JSON.stringify({ event, payload });

describe('parseEvent', () => {
  it.each(fixtureEvents)('parses the $type fixture into its typed event', ({ type, bytes }) => {
    const event = parseEvent(bytes);
    expect(event).toEqual(JSON.parse(text(bytes)));
    expect(event.event).toBe(type);
    expect(isKnownEvent(event)).toBe(true);
  });

  it('parses a string body the same as its bytes', () => {
    const { bytes } = fixtureEvents[0] ?? { bytes: new Uint8Array() };
    expect(parseEvent(text(bytes))).toEqual(parseEvent(bytes));
  });

  it.each([
    ['not JSON', 'nope', 'invalid_json'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'invalid_json'],
    ['an array', '[]', 'invalid_envelope'],
    ['null', 'null', 'invalid_envelope'],
    ['an envelope without payload', '{"event":"dial.created"}', 'invalid_envelope'],
    ['an envelope with a numeric event', '{"event":1,"payload":{}}', 'invalid_envelope'],
    ['a payload that is an array', '{"event":"dial.created","payload":[]}', 'invalid_envelope'],
  ])('throws for %s', (_, body, code) => {
    expect(() => parseEvent(body)).toThrow(expect.objectContaining({ code, status: 400 }));
  });

  it.each([
    ['dial.created', { dial_id: 'd' }, 'dial_session_id'],
    ['dial.updated', { dial_session_id: 's', dial_id: 'd', status: 3 }, 'status'],
    ['dial.transcript', { dial_id: 'd', transcript: 'hello' }, 'transcript'],
    ['dial.transcript', { dial_id: 'd', transcript: [{ text: 'hi' }] }, 'transcript'],
    [
      'dial.transcript',
      { dial_id: 'd', transcript: [{ text: 'hi', speaker: 'AI', detailType: 1 }] },
      'transcript',
    ],
    ['dial.recording_created', { dial_id: 'd' }, 'recording_url'],
    ['dial.extractor', { dial_id: 'd', ai_result: 'yes' }, 'ai_result'],
    [
      'dial.inbound',
      { dial_session_id: 's', dial_id: 'd', dest_number_id: 'n', call_agent_id: 'a' },
      'source_number',
    ],
  ])('refuses %s with a malformed %j, naming the field', (type, payload, field) => {
    const run = () => parseEvent(envelope(type, payload));
    expect(run).toThrow(expect.objectContaining({ code: 'invalid_payload', status: 400 }));
    expect(run).toThrow(`"${field}"`);
  });

  it('keeps the event on an invalid_payload error for onError', () => {
    const body = envelope('dial.updated', { dial_id: 'd' });
    expect(() => parseEvent(body)).toThrow(
      expect.objectContaining({ event: { event: 'dial.updated', payload: { dial_id: 'd' } } }),
    );
  });

  it('keeps extra fields and accepts an undocumented dial status', () => {
    const payload = { dial_session_id: 's', dial_id: 'd', status: 'voicemail', extra: [1] };
    const event = parseEvent(envelope('dial.updated', payload));
    expect(event).toEqual({ event: 'dial.updated', payload });
  });

  it('returns an event of an unknown type as unknown, not an error', () => {
    const event = parseEvent(envelope('dial.voicemail', { anything: true }));
    expect(event).toEqual({ event: 'dial.voicemail', payload: { anything: true }, unknown: true });
    expect(isKnownEvent(event)).toBe(false);
  });

  it('does not take an inherited property name for an event type', () => {
    expect(parseEvent(envelope('toString', {}))).toMatchObject({ unknown: true });
  });

  it('lets a user type ai_result without casting', () => {
    interface Lead {
      interested: boolean;
    }
    const body = envelope('dial.extractor', { dial_id: 'd', ai_result: { interested: true } });
    const event = parseEvent<Lead>(body);
    expectTypeOf(event).toEqualTypeOf<ParsedEvent<Lead>>();
    if (isKnownEvent(event) && event.event === 'dial.extractor') {
      expectTypeOf(event).toEqualTypeOf<DialExtractorEvent<Lead>>();
      expect(event.payload.ai_result.interested).toBe(true);
    }
  });
});
