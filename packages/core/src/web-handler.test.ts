import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureEvents, inboundResponseExample, SECRET } from '../../../test/support/fixtures.js';
import type { WebhookError } from './errors.js';
import type { ParsedEvent } from './events.js';
import type { WebhookOptions } from './options.js';
import { SIGNATURE_HEADER, sign } from './signature.js';
import { createWebhookHandler, type WebHandlerContext } from './web-handler.js';

const URL = 'https://app.example/webhooks/vogent';
const fixture = (type: string) =>
  fixtureEvents.find((f) => f.type === type)?.bytes ?? new Uint8Array();

async function signed(body: string | Uint8Array, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (!headers.has(SIGNATURE_HEADER)) headers.set(SIGNATURE_HEADER, await sign(body, SECRET));
  return new Request(URL, { method: 'POST', body, ...init, headers });
}

function receiver(options: Partial<WebhookOptions<WebHandlerContext>> = {}) {
  const events: ParsedEvent[] = [];
  const errors: WebhookError[] = [];
  const handle = createWebhookHandler({
    secret: SECRET,
    on: {
      'dial.created': (event) => {
        events.push(event);
      },
    },
    onUnknown: (event) => {
      events.push(event);
    },
    onError: (error) => errors.push(error),
    ...options,
  });
  return { handle, events, errors };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWebhookHandler', () => {
  it('answers 200 once the handler ran, giving it the request as context', async () => {
    let seen: Request | undefined;
    const { handle, events } = receiver({
      on: {
        'dial.created': (event, { request }) => {
          events.push(event);
          seen = request;
        },
      },
    });
    const request = await signed(fixture('dial.created'));

    const res = await handle(request);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(events.map((e) => e.event)).toEqual(['dial.created']);
    expect(seen).toBe(request);
  });

  it('answers 200 for a verified event that has no handler', async () => {
    const { handle, events, errors } = receiver();
    const res = await handle(await signed(fixture('dial.transcript')));
    expect(res.status).toBe(200);
    expect(events).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('answers a verified unknown event with 200 and calls onUnknown', async () => {
    const { handle, events } = receiver();
    const res = await handle(await signed('{"event":"dial.new","payload":{}}'));
    expect(res.status).toBe(200);
    expect(events).toEqual([{ event: 'dial.new', payload: {}, unknown: true }]);
  });

  it('answers dial.inbound with the JSON its handler returns', async () => {
    const { handle } = receiver({ on: { 'dial.inbound': async () => inboundResponseExample } });
    const res = await handle(await signed(fixture('dial.inbound')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual(inboundResponseExample);
  });

  it('answers dial.inbound with {} when its handler returns nothing', async () => {
    const { handle } = receiver({ on: { 'dial.inbound': () => undefined } });
    const res = await handle(await signed(fixture('dial.inbound')));
    expect(await res.json()).toEqual({});
  });

  it('refuses a request without the signature header with 401 missing_signature', async () => {
    const { handle, events, errors } = receiver();
    const res = await handle(new Request(URL, { method: 'POST', body: fixture('dial.created') }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'missing_signature', message: expect.stringContaining('X-Elto-Signature') },
    });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['missing_signature']);
  });

  it('refuses a mismatching signature with 401, echoing nothing back', async () => {
    const { handle, events } = receiver();
    const forged = 'ab'.repeat(32);
    const res = await handle(
      await signed(fixture('dial.created'), { headers: { [SIGNATURE_HEADER]: forged } }),
    );
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(text).not.toContain(forged);
    expect(text).not.toContain(SECRET);
    expect(events).toEqual([]);
  });

  it.each(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    'answers %s with 405 and Allow: POST',
    async (method) => {
      const { handle, errors } = receiver();
      const res = await handle(new Request(URL, { method }));
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(errors.map((e) => e.code)).toEqual(['method_not_allowed']);
    },
  );

  it('answers 413 from Content-Length alone, before reading the body', async () => {
    const { handle } = receiver({ maxBodyBytes: 100 });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64));
      },
    });
    const request = new Request(URL, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-length': '1000000', [SIGNATURE_HEADER]: 'ab'.repeat(32) },
    } as RequestInit);

    const res = await handle(request);

    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('answers 413 once an undeclared stream passes the limit, and stops reading', async () => {
    const { handle } = receiver({ maxBodyBytes: 1000 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(256));
      },
    });
    const request = new Request(URL, {
      method: 'POST',
      body: endless,
      duplex: 'half',
    } as RequestInit);

    const res = await handle(request);

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(pulled).toBeLessThan(10);
  });

  it('answers 500 raw_body_unavailable for a body something else already read', async () => {
    const { handle, events, errors } = receiver();
    const request = await signed(fixture('dial.created'));
    await request.json();

    const res = await handle(request);

    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'raw_body_unavailable' } });
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['raw_body_unavailable']);
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const body = JSON.stringify({ event: 'dial.x', payload: {} });
    const { handle } = receiver({ maxBodyBytes: new TextEncoder().encode(body).length });
    expect((await handle(await signed(body))).status).toBe(200);
  });

  it.each([
    ['not JSON', 'hello', 'invalid_json'],
    ['not an envelope', '{"type":"dial.created"}', 'invalid_envelope'],
  ])('answers a signed body that is %s with 400 %s', async (_, body, code) => {
    const { handle, events } = receiver();
    const res = await handle(await signed(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(events).toEqual([]);
  });

  it('answers a known event with wrong fields with 400, passing the event to onError', async () => {
    const { handle, errors } = receiver();
    const body = '{"event":"dial.created","payload":{"dial_id":"d"}}';
    const res = await handle(await signed(body));
    expect(res.status).toBe(400);
    expect(errors[0]).toMatchObject({ code: 'invalid_payload', event: JSON.parse(body) });
  });

  it('does not parse a body whose signature fails', async () => {
    const { handle, errors } = receiver();
    const res = await handle(
      await signed('not json', { headers: { [SIGNATURE_HEADER]: 'ab'.repeat(32) } }),
    );
    expect(res.status).toBe(401);
    expect(errors.map((e) => e.code)).toEqual(['invalid_signature']);
  });

  it('answers 500 handler_failed when a handler rejects, keeping its error out', async () => {
    const boom = new Error('secret internals');
    const { handle, errors } = receiver({
      on: {
        'dial.created': async () => {
          throw boom;
        },
      },
    });
    const res = await handle(await signed(fixture('dial.created')));
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'handler_failed' } });
    expect(text).not.toContain('secret internals');
    expect(errors[0]).toMatchObject({ code: 'handler_failed', cause: boom });
    expect(errors[0]?.event?.event).toBe('dial.created');
  });

  it('answers 500 when onUnknown throws', async () => {
    const { handle } = receiver({
      onUnknown: () => {
        throw new Error('x');
      },
    });
    expect((await handle(await signed('{"event":"dial.x","payload":{}}'))).status).toBe(500);
  });

  it('survives an onError that throws, and logs it', async () => {
    const logged: string[] = [];
    const { handle } = receiver({
      onError: () => {
        throw new Error('bad onError');
      },
      logger: { error: (message) => logged.push(message), warn: (message) => logged.push(message) },
    });
    const res = await handle(new Request(URL, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(401);
    expect(logged).toEqual([
      expect.stringContaining('X-Elto-Signature'),
      'dialhook: onError threw.',
    ]);
  });

  it('reads the secret per request from a function', async () => {
    const contexts: WebHandlerContext[] = [];
    const { handle } = receiver({
      secret: async (context) => {
        contexts.push(context);
        return [SECRET];
      },
    });
    const request = await signed(fixture('dial.created'));
    expect((await handle(request)).status).toBe(200);
    expect(contexts[0]?.request).toBe(request);
  });

  it('answers 500 secret_unavailable when the secret function gives no secret', async () => {
    const { handle, errors } = receiver({ secret: () => '' });
    const res = await handle(await signed(fixture('dial.created')));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'secret_unavailable' } });
    expect(errors.map((e) => e.code)).toEqual(['secret_unavailable']);
  });
});

describe('the dial.inbound deadline', () => {
  const slowInbound = (ms: number, answer: () => unknown) =>
    receiver({
      inboundDeadlineMs: 2500,
      inboundFallback: { keywords: ['fallback'] },
      on: {
        'dial.inbound': () =>
          new Promise((resolve, reject) =>
            setTimeout(() => {
              try {
                resolve(answer() as never);
              } catch (error) {
                reject(error);
              }
            }, ms),
          ),
      },
    });

  it('sends the fallback at the deadline and reports the handler as late', async () => {
    vi.useFakeTimers();
    const { handle, errors } = slowInbound(10_000, () => inboundResponseExample);
    const response = handle(await signed(fixture('dial.inbound')));

    await vi.advanceTimersByTimeAsync(2499);
    let settled = false;
    void response.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    const res = await response;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keywords: ['fallback'] });
    expect(errors.map((e) => e.code)).toEqual(['inbound_deadline_exceeded']);
    expect(errors[0]?.event?.event).toBe('dial.inbound');
  });

  it('passes a handler failure after the deadline to onError', async () => {
    vi.useFakeTimers();
    const { handle, errors } = slowInbound(5000, () => {
      throw new Error('late failure');
    });
    const response = handle(await signed(fixture('dial.inbound')));
    await vi.advanceTimersByTimeAsync(2500);
    expect((await response).status).toBe(200);

    await vi.advanceTimersByTimeAsync(2500);
    expect(errors.map((e) => e.code)).toEqual(['inbound_deadline_exceeded', 'handler_failed']);
    expect(errors[1]?.cause).toEqual(new Error('late failure'));
  });

  it('logs a handler that answers after the deadline', async () => {
    vi.useFakeTimers();
    const warnings: string[] = [];
    const handle = createWebhookHandler({
      secret: SECRET,
      logger: { warn: (message) => warnings.push(message) },
      on: { 'dial.inbound': () => new Promise((resolve) => setTimeout(() => resolve({}), 3000)) },
    });
    const response = handle(await signed(fixture('dial.inbound')));
    await vi.advanceTimersByTimeAsync(3000);
    expect(await (await response).json()).toEqual({});
    expect(warnings).toEqual([
      expect.stringContaining('took over 2500 ms'),
      expect.stringContaining('answered after its deadline'),
    ]);
  });

  it('answers in time with the handler result before the deadline, leaving no timer', async () => {
    vi.useFakeTimers();
    const { handle, errors } = slowInbound(100, () => inboundResponseExample);
    const response = handle(await signed(fixture('dial.inbound')));
    await vi.advanceTimersByTimeAsync(100);
    expect(await (await response).json()).toEqual(inboundResponseExample);
    expect(vi.getTimerCount()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('answers 500 when the inbound handler throws before the deadline', async () => {
    const { handle, errors } = receiver({
      on: {
        'dial.inbound': () => {
          throw new Error('no');
        },
      },
    });
    expect((await handle(await signed(fixture('dial.inbound')))).status).toBe(500);
    expect(errors.map((e) => e.code)).toEqual(['handler_failed']);
  });
});

describe('options', () => {
  const build = (options: unknown) => () =>
    createWebhookHandler(options as WebhookOptions<WebHandlerContext>);

  it.each([
    ['no options', undefined, 'Options are required'],
    ['no secret', {}, '"secret" option is required'],
    ['an empty secret', { secret: '' }, 'secret is empty'],
    ['an empty secret list', { secret: [] }, 'secret is empty'],
    [
      'an unknown event type in on',
      { secret: 's', on: { 'dial.create': () => {} } },
      '"dial.create"',
    ],
    [
      'a handler that is not a function',
      { secret: 's', on: { 'dial.created': 1 } },
      'not a function',
    ],
    ['a negative maxBodyBytes', { secret: 's', maxBodyBytes: -1 }, 'maxBodyBytes'],
    [
      'a non-numeric inboundDeadlineMs',
      { secret: 's', inboundDeadlineMs: '5' },
      'inboundDeadlineMs',
    ],
    ['an onError that is not a function', { secret: 's', onError: 'log' }, '"onError"'],
    ['a misspelt option', { secret: 's', maxBodySize: 10 }, '"maxBodySize" is not an option'],
  ])('throws invalid_options at construction for %s', (_, options, message) => {
    expect(build(options)).toThrow(expect.objectContaining({ code: 'invalid_options' }));
    expect(build(options)).toThrow(message);
  });

  it('leaves the caller options object untouched', () => {
    const options = Object.freeze({ secret: 's', on: Object.freeze({}) });
    expect(build(options)).not.toThrow();
    expect(options).toEqual({ secret: 's', on: {} });
  });
});
