import { createServer, type IncomingMessage } from 'node:http';
import { createWebhookHandler, SIGNATURE_HEADER, verify } from '@dialhook/core';
import { Hono } from 'hono';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createEvent } from './events.js';
import { badRequests, signedRequest } from './signed-request.js';

const secret = 'test-secret';

describe('signedRequest', () => {
  it('signs the exact JSON of an event', async () => {
    const event = createEvent('dial.created');

    const request = await signedRequest(event, { secret });

    expect(request.body).toBe(JSON.stringify(event));
    expect(await verify(request.body, request.headers[SIGNATURE_HEADER], secret)).toBe(true);
  });

  it("works with Hono's app.request(), for an event and for bytes", async () => {
    const app = new Hono().post('/', async (c) => {
      const body = new Uint8Array(await c.req.arrayBuffer());
      return c.json({ ok: await verify(body, c.req.header(SIGNATURE_HEADER), secret) });
    });
    const bytes = new TextEncoder().encode('{"event": "dial.created"}\n');

    for (const body of [createEvent('dial.created'), bytes]) {
      const res = await app.request('/', await signedRequest(body, { secret }));
      expect(await res.json()).toEqual({ ok: true });
    }
  });

  it('works with supertest: a string as it is, bytes with a pass-through serializer', async () => {
    const received: { body: string; ok: boolean }[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const ok = await verify(body, req.headers['x-elto-signature'] as string, secret);
      received.push({ body: body.toString(), ok });
      res.end();
    });
    const event = await signedRequest(createEvent('dial.updated'), { secret });
    const bytes = await signedRequest(new TextEncoder().encode('{"a": 1}'), { secret });

    await request(server)
      .post('/')
      .set(event.headers)
      .send(event.body as string);
    // superagent would JSON-encode a Buffer sent as application/json; this keeps its bytes.
    await request(server)
      .post('/')
      .set(bytes.headers)
      .serialize((body: unknown) => body as string)
      .send(Buffer.from(bytes.body as Uint8Array));

    expect(received).toEqual([
      { body: event.body, ok: true },
      { body: '{"a": 1}', ok: true },
    ]);
  });
});

describe('badRequests', () => {
  it('makes three requests that a receiver refuses with the code each names', async () => {
    const handler = createWebhookHandler({ secret });
    const bad = await badRequests(createEvent('dial.updated'), { secret });

    const answers = await Promise.all(
      bad.map(async ({ request }) => {
        const res = await handler(new Request('http://localhost/', request));
        return { status: res.status, body: await res.json() };
      }),
    );

    expect(bad.map((b) => b.why)).toEqual([
      'signed with another secret',
      'body changed after signing',
      'no signature header',
    ]);
    expect(answers).toEqual(
      bad.map((b) => ({ status: 401, body: { error: expect.objectContaining({ code: b.code }) } })),
    );
  });

  it('keeps extra headers on every request', async () => {
    const bad = await badRequests('{}', { secret, headers: { 'x-test': '1' } });

    for (const { request } of bad) expect(request.headers['x-test']).toBe('1');
  });
});
