// One table of request cases, run against every receiver in support/adapters.ts, each
// behind a real HTTP server on a free port that is closed after every test.
import type { ParsedEvent, WebhookError, WebhookOptions } from '@dialhook/core';
import { signedRequest } from '@dialhook/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters, type RunningServer } from './support/adapters.js';
import { fixtureEvents, inboundResponseExample, SECRET, vectors } from './support/fixtures.js';

const NODE_MAX_HEADER_BYTES = 16 * 1024;
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Recorder {
  events: ParsedEvent[];
  errors: WebhookError[];
  options: WebhookOptions<unknown>;
}

/** Options whose handlers record what they get; `overrides` replace any of them. */
function recorder(overrides: Partial<WebhookOptions<unknown>> = {}): Recorder {
  const events: ParsedEvent[] = [];
  const errors: WebhookError[] = [];
  const record = (event: ParsedEvent) => {
    events.push(event);
  };
  const on = {
    'dial.created': record,
    'dial.updated': record,
    'dial.transcript': record,
    'dial.recording_created': record,
    'dial.extractor': record,
    'dial.inbound': record,
  };
  const options: WebhookOptions<unknown> = {
    secret: SECRET,
    on,
    onUnknown: record,
    onError: (error) => errors.push(error),
    ...overrides,
  };
  return { events, errors, options };
}

describe.each(adapters)('$name', (adapter: AdapterUnderTest) => {
  let server: RunningServer | undefined;
  // An in-process receiver is reached through its own fetch; the others over a socket.
  const fetch = (url: string, init?: RequestInit) =>
    server?.fetch ? server.fetch(url, init) : globalThis.fetch(url, init);
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (options: WebhookOptions<unknown>) => {
    server = await adapter.start(options);
    return server.url;
  };

  it.each(fixtureEvents)('verifies and dispatches the $type fixture', async ({ type, bytes }) => {
    const { events, errors, options } = recorder();
    const url = await start(options);

    const res = await fetch(url, await signedRequest(bytes, { secret: SECRET }));

    expect(res.status).toBe(200);
    expect(errors).toEqual([]);
    expect(events).toEqual([JSON.parse(decode(bytes))]);
    expect(events[0]?.event).toBe(type);
  });

  it('answers dial.inbound with the JSON its handler returns', async () => {
    const inbound = fixtureEvents.find((f) => f.type === 'dial.inbound');
    const { options } = recorder({ on: { 'dial.inbound': () => inboundResponseExample } });
    const url = await start(options);

    const res = await fetch(url, await signedRequest(inbound?.bytes ?? '', { secret: SECRET }));

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(inboundResponseExample);
  });

  it('sends the inbound fallback in time when the handler misses the deadline', async () => {
    const inbound = fixtureEvents.find((f) => f.type === 'dial.inbound');
    let finished = false;
    const { errors, options } = recorder({
      inboundDeadlineMs: 50,
      inboundFallback: { keywords: ['fallback'] },
      on: {
        'dial.inbound': async () => {
          await sleep(400);
          finished = true;
          return inboundResponseExample;
        },
      },
    });
    const url = await start(options);

    const res = await fetch(url, await signedRequest(inbound?.bytes ?? '', { secret: SECRET }));

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keywords: ['fallback'] });
    expect(finished).toBe(false);
    expect(errors.map((e) => e.code)).toEqual(['inbound_deadline_exceeded']);
  });

  it.each(vectors.invalid)('refuses a signature that is $why', async ({ signature }) => {
    const { events, errors, options } = recorder();
    const url = await start(options);

    const req = await signedRequest(vectors.invalidBody, { secret: SECRET, signature });
    const res = await fetch(url, req);

    expect(events).toEqual([]);
    if (signature.length > NODE_MAX_HEADER_BYTES && server?.fetch === undefined) {
      // Node's HTTP parser refuses it before any middleware runs; in process there is none.
      expect(res.status).toBe(431);
      return;
    }
    expect(res.status).toBe(401);
    const code = signature ? 'invalid_signature' : 'missing_signature';
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(errors).toHaveLength(1);
  });

  it('accepts an uppercase hex signature', async () => {
    const { events, options } = recorder();
    const url = await start(options);

    const { body, signature } = vectors.uppercase;
    const res = await fetch(url, await signedRequest(body, { secret: SECRET, signature }));

    expect(res.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('refuses a request without X-Elto-Signature with 401 missing_signature', async () => {
    const { events, options } = recorder();
    const url = await start(options);

    const res = await fetch(
      url,
      await signedRequest(fixtureEvents[0]?.bytes ?? '', { secret: SECRET, omitSignature: true }),
    );

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'missing_signature' } });
    expect(events).toEqual([]);
  });

  it('refuses a body changed after signing, and one signed with another secret', async () => {
    const { events, options } = recorder();
    const url = await start(options);
    const body = fixtureEvents[0]?.bytes ?? '';

    const tampered = await fetch(url, await signedRequest(body, { secret: SECRET, tamper: true }));
    const forged = await fetch(url, await signedRequest(body, { secret: SECRET, signWith: 'x' }));

    expect([tampered.status, forged.status]).toEqual([401, 401]);
    expect(events).toEqual([]);
  });

  it('accepts either secret during a rotation', async () => {
    const { events, options } = recorder({ secret: ['new-secret', SECRET] });
    const url = await start(options);

    const res = await fetch(
      url,
      await signedRequest(fixtureEvents[0]?.bytes ?? '', { secret: SECRET }),
    );

    expect(res.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST', async (method) => {
    const { events, options } = recorder();
    const url = await start(options);

    const res = await fetch(url, { method });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(events).toEqual([]);
  });

  it('answers a body over maxBodyBytes with 413, signed or not', async () => {
    const { events, options } = recorder({ maxBodyBytes: 1024 });
    const url = await start(options);
    const big = JSON.stringify({ event: 'dial.created', payload: { pad: 'x'.repeat(4096) } });

    const res = await fetch(url, await signedRequest(big, { secret: SECRET }));

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(events).toEqual([]);
  });

  it('answers a 5 MiB body with 413 under the default limit', async () => {
    const { events, options } = recorder();
    const url = await start(options);

    const res = await fetch(
      url,
      await signedRequest(new Uint8Array(5 * 1024 * 1024), { secret: SECRET }),
    );

    expect(res.status).toBe(413);
    expect(events).toEqual([]);
  });

  it.each([
    ['not JSON', 'hello, world', 'invalid_json'],
    ['JSON but not an envelope', '[1, 2, 3]', 'invalid_envelope'],
    [
      'a known event with a malformed field',
      '{"event":"dial.updated","payload":{"dial_id":1}}',
      'invalid_payload',
    ],
  ])('answers a signed body that is %s with 400', async (_, body, code) => {
    const { events, errors, options } = recorder();
    const url = await start(options);

    const res = await fetch(url, await signedRequest(body, { secret: SECRET }));

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual([code]);
  });

  it('hands a verified event of an unknown type to onUnknown and answers 200', async () => {
    const { events, options } = recorder();
    const url = await start(options);
    const body = '{"event":"dial.voicemail","payload":{"dial_id":"d-1","seconds":12}}';

    const res = await fetch(url, await signedRequest(body, { secret: SECRET }));

    expect(res.status).toBe(200);
    expect(events).toEqual([
      { event: 'dial.voicemail', payload: { dial_id: 'd-1', seconds: 12 }, unknown: true },
    ]);
  });

  it('answers 500 handler_failed when a handler throws, without leaking the error', async () => {
    const { errors, options } = recorder({
      on: {
        'dial.created': () => {
          throw new Error('database is down at 10.0.0.7');
        },
      },
    });
    const url = await start(options);

    const res = await fetch(
      url,
      await signedRequest(fixtureEvents[0]?.bytes ?? '', { secret: SECRET }),
    );

    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'handler_failed' } });
    expect(text).not.toContain('database');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.cause).toEqual(new Error('database is down at 10.0.0.7'));
    expect(errors[0]?.event?.event).toBe('dial.created');
  });

  it('answers a burst of concurrent requests with no false accept or reject', async () => {
    const { events, options } = recorder();
    const url = await start(options);
    const count = 300;

    const requests = Array.from({ length: count }, async (_, i) => {
      const body = JSON.stringify({
        event: 'dial.created',
        payload: { dial_session_id: 's', dial_id: `d-${i}` },
      });
      const valid = i % 3 !== 0;
      const res = await fetch(url, await signedRequest(body, { secret: SECRET, tamper: !valid }));
      return { i, valid, status: res.status };
    });
    const results = await Promise.all(requests);

    for (const r of results) expect(r.status, `request ${r.i}`).toBe(r.valid ? 200 : 401);
    const ids = events.map((e) => (e.payload as { dial_id: string }).dial_id).sort();
    const expected = results
      .filter((r) => r.valid)
      .map((r) => `d-${r.i}`)
      .sort();
    expect(ids).toEqual(expected);
  });
});
