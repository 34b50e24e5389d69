import { type ParsedEvent, WebhookError } from '@dialhook/core';
import { signedRequest } from '@dialhook/testing';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type VogentVariables, verifyVogentWebhook, vogentWebhooks } from './index.js';

const SECRET = 'whsec-hono-test';
const ENDPOINT = 'http://localhost/webhooks/vogent';
const updated = {
  event: 'dial.updated',
  payload: { dial_session_id: 's-1', dial_id: 'd-1', status: 'completed' },
};

interface Bindings {
  VOGENT_WEBHOOK_SECRET?: string;
}

describe('vogentWebhooks', () => {
  it('calls the handler with the typed event and the Hono context', async () => {
    const seen: { status: string; path: string }[] = [];
    const app = new Hono();
    app.post(
      '/webhooks/vogent',
      vogentWebhooks({
        secret: SECRET,
        on: {
          'dial.updated': (event, c) => {
            expectTypeOf(event.event).toEqualTypeOf<'dial.updated'>();
            seen.push({ status: event.payload.status, path: c.req.path });
          },
        },
      }),
    );

    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(seen).toEqual([{ status: 'completed', path: '/webhooks/vogent' }]);
  });

  it('sets the verified event as a context variable that handlers can read', async () => {
    const seen: ParsedEvent[] = [];
    const app = new Hono();
    app.post(
      '/webhooks/vogent',
      vogentWebhooks({
        secret: SECRET,
        on: { 'dial.updated': (_, c) => void seen.push(c.get('vogentEvent')) },
      }),
    );

    await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));

    expect(seen).toEqual([updated]);
  });

  it('keeps headers that earlier middleware set on the context', async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      c.header('x-request-id', 'r-1');
      await next();
    });
    app.post('/webhooks/vogent', vogentWebhooks({ secret: SECRET }));

    const ok = await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));
    const refused = await app.request(ENDPOINT, await signedRequest(updated, { secret: 'other' }));

    expect([ok.status, refused.status]).toEqual([200, 401]);
    expect([ok.headers.get('x-request-id'), refused.headers.get('x-request-id')]).toEqual([
      'r-1',
      'r-1',
    ]);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 500 raw_body_unavailable when an earlier middleware parsed the body', async () => {
    const errors: string[] = [];
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.json();
      await next();
    });
    app.post(
      '/webhooks/vogent',
      vogentWebhooks({ secret: SECRET, onError: (error) => errors.push(error.code) }),
    );

    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));

    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'raw_body_unavailable' } });
    expect(errors).toEqual(['raw_body_unavailable']);
  });

  it('stops reading a body without Content-Length once it passes maxBodyBytes', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(256));
      },
    });
    const app = new Hono();
    app.post('/webhooks/vogent', vogentWebhooks({ secret: SECRET, maxBodyBytes: 1024 }));

    const res = await app.request(ENDPOINT, {
      method: 'POST',
      headers: { 'x-elto-signature': '0'.repeat(64) },
      body: endless,
      duplex: 'half',
    } as RequestInit);

    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });
});

describe('verifyVogentWebhook', () => {
  it('hands the verified event to the route through c.var and lets the route answer', async () => {
    const app = new Hono();
    app.post('/webhooks/vogent', verifyVogentWebhook({ secret: SECRET }), (c) => {
      const event = c.get('vogentEvent');
      expectTypeOf(event).toEqualTypeOf<ParsedEvent>();
      return c.json({ routed: event.event, same: c.var.vogentEvent === event }, 202);
    });

    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));

    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ routed: 'dial.updated', same: true });
  });

  it('types c.get in an app declared with VogentVariables', async () => {
    const app = new Hono<{ Variables: VogentVariables }>();
    app.use('/webhooks/*', verifyVogentWebhook({ secret: SECRET }));
    app.post('/webhooks/vogent', (c) => c.text(c.get('vogentEvent').event));

    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));

    expect(await res.text()).toBe('dial.updated');
  });

  it('answers a refused request itself and never calls the route', async () => {
    let routed = 0;
    const app = new Hono();
    app.post('/webhooks/vogent', verifyVogentWebhook({ secret: SECRET }), (c) => {
      routed++;
      return c.text('routed');
    });

    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: 'wrong' }));

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(routed).toBe(0);
  });

  it('answers 500 raw_body_unavailable when an earlier middleware parsed the body', async () => {
    let routed = 0;
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.json();
      await next();
    });
    app.post('/webhooks/vogent', verifyVogentWebhook({ secret: SECRET }), (c) => {
      routed++;
      return c.text('routed');
    });

    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: SECRET }));

    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'raw_body_unavailable' } });
    expect(routed).toBe(0);
  });

  it.each([
    ['on', { on: {} }],
    ['onUnknown', { onUnknown: () => {} }],
    ['inboundDeadlineMs', { inboundDeadlineMs: 100 }],
    ['inboundFallback', { inboundFallback: {} }],
  ])('refuses "%s", which only vogentWebhooks uses', (name, extra) => {
    const options = { secret: SECRET, ...extra } as never;

    expect(() => verifyVogentWebhook(options)).toThrow(WebhookError);
    expect(() => verifyVogentWebhook(options)).toThrow(`"${name}" does nothing here`);
  });

  it('reads a secret from c.env per request', async () => {
    const app = new Hono<{ Bindings: Bindings }>();
    app.post(
      '/webhooks/vogent',
      verifyVogentWebhook<{ Bindings: Bindings }>({
        secret: (c) => c.env.VOGENT_WEBHOOK_SECRET ?? '',
      }),
      (c) => c.text(c.var.vogentEvent.event),
    );

    const req = await signedRequest(updated, { secret: 'env-a' });
    const res = await app.request(ENDPOINT, req, { VOGENT_WEBHOOK_SECRET: 'env-a' });

    expect(await res.text()).toBe('dial.updated');
  });
});

describe('vogentWebhooks with the secret in c.env', () => {
  const app = new Hono<{ Bindings: Bindings }>();
  app.post(
    '/webhooks/vogent',
    vogentWebhooks<{ Bindings: Bindings }>({
      secret: (c) => c.env.VOGENT_WEBHOOK_SECRET ?? '',
    }),
  );

  it('verifies with the secret of each request’s bindings', async () => {
    const a = await app.request(ENDPOINT, await signedRequest(updated, { secret: 'env-a' }), {
      VOGENT_WEBHOOK_SECRET: 'env-a',
    });
    const b = await app.request(ENDPOINT, await signedRequest(updated, { secret: 'env-a' }), {
      VOGENT_WEBHOOK_SECRET: 'env-b',
    });

    expect([a.status, b.status]).toEqual([200, 401]);
  });

  it('answers 500 secret_unavailable when the binding is missing', async () => {
    const res = await app.request(ENDPOINT, await signedRequest(updated, { secret: 'env-a' }), {});

    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'secret_unavailable' } });
  });
});
