// Express-specific behaviour of @dialhook/express, on Express 5 and 4, each against a real
// server on a free port. The shared table and the body-parser arrangements run from test/.
import { type ParsedEvent, sign, WebhookError } from '@dialhook/core';
import { signedRequest } from '@dialhook/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../test/support/adapters.js';
import { startExpress } from '../../../test/support/express.js';
import { expressVersions } from '../test/frameworks.js';
import {
  captureRawBody,
  type ExpressContext,
  verifyVogentWebhook,
  vogentWebhooks,
} from './index.js';

const SECRET = 'express-test-secret';
const event = {
  event: 'dial.updated',
  payload: { dial_session_id: 's-1', dial_id: 'd-1', status: 'completed' },
};
const json = JSON.stringify(event);

describe.each(expressVersions)('$name', ({ express }) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const post = async (url: string, body: string = json, headers?: Record<string, string>) =>
    fetch(url, await signedRequest(body, { secret: SECRET, ...(headers ? { headers } : {}) }));

  it('works under app.use(path) and a Router, and gives handlers { req, res }', async () => {
    const seen: { url: string; locals: boolean }[] = [];
    const webhooks = vogentWebhooks({
      secret: SECRET,
      on: {
        'dial.updated': (_, { req, res }: ExpressContext) => {
          seen.push({ url: req.originalUrl, locals: typeof res.locals === 'object' });
        },
      },
    });
    server = await startExpress(express, (app) => {
      const router = express.Router();
      router.post('/vogent', webhooks);
      app.use('/webhooks/vogent', webhooks);
      app.use('/routed', router);
    });
    const base = new URL(server.url).origin;

    const used = await post(`${base}/webhooks/vogent`);
    const routed = await post(`${base}/routed/vogent`);

    expect([used.status, routed.status]).toEqual([200, 200]);
    expect(seen).toEqual([
      { url: '/webhooks/vogent', locals: true },
      { url: '/routed/vogent', locals: true },
    ]);
  });

  it('keeps the answer of a handler that answered through res itself', async () => {
    server = await startExpress(express, (app) =>
      app.post(
        '/webhooks/vogent',
        vogentWebhooks({
          secret: SECRET,
          on: { 'dial.updated': (_, { res }) => void res.status(299).send('mine') },
        }),
      ),
    );

    const res = await post(server.url);

    expect(res.status).toBe(299);
    expect(await res.text()).toBe('mine');
  });

  it('answers 413 itself when express.raw() allows more than maxBodyBytes', async () => {
    server = await startExpress(express, (app) =>
      app.post(
        '/webhooks/vogent',
        express.raw({ type: 'application/json', limit: '1mb' }),
        vogentWebhooks({ secret: SECRET, maxBodyBytes: 64 }),
      ),
    );

    const res = await post(server.url);

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  // Documented: the smaller limit wins, and a parser in front answers with its own error.
  it("leaves the 413 to Express when express.raw()'s limit is the smaller one", async () => {
    const handled: ParsedEvent[] = [];
    server = await startExpress(express, (app) =>
      app.post(
        '/webhooks/vogent',
        express.raw({ type: 'application/json', limit: 64 }),
        vogentWebhooks({ secret: SECRET, on: { 'dial.updated': (e) => void handled.push(e) } }),
      ),
    );

    const res = await post(server.url);

    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).not.toMatch(/json/);
    expect(handled).toEqual([]);
  });

  // Documented: a JSON parser in front refuses a body that is not JSON before dialhook runs.
  it('leaves a signed non-JSON body to the JSON parser in front, which answers 400', async () => {
    server = await startExpress(express, (app) =>
      app
        .use(express.json({ verify: captureRawBody }))
        .post('/webhooks/vogent', vogentWebhooks({ secret: SECRET })),
    );

    const res = await post(server.url, 'not json');

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).not.toMatch(/json/);
  });

  // express.json() skips an empty body: Express 5 leaves req.body undefined, Express 4 sets
  // {}. Either way the stream is unread, so the check runs over the empty body.
  it('checks an empty body behind a global express.json() instead of calling it lost', async () => {
    server = await startExpress(express, (app) =>
      app.use(express.json()).post('/webhooks/vogent', vogentWebhooks({ secret: SECRET })),
    );
    const signature = await sign('', SECRET);

    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-elto-signature': signature },
    });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('types res.locals.vogentEvent for the route after verifyVogentWebhook', async () => {
    server = await startExpress(express, (app) =>
      app.post('/webhooks/vogent', verifyVogentWebhook({ secret: SECRET }), (_req, res) => {
        const { vogentEvent } = res.locals;
        res.json({
          type: vogentEvent.event,
          dialId: (vogentEvent.payload as { dial_id: string }).dial_id,
        });
      }),
    );

    const res = await post(server.url);

    expect(await res.json()).toEqual({ type: 'dial.updated', dialId: 'd-1' });
  });
});

describe('verifyVogentWebhook', () => {
  it('refuses handler options, which it would never run', () => {
    const options = { secret: SECRET, on: { 'dial.updated': () => {} } };

    expect(() => verifyVogentWebhook(options)).toThrow(WebhookError);
    expect(() => verifyVogentWebhook(options)).toThrow(/"on" does nothing here/);
  });
});

describe('captureRawBody', () => {
  it('keeps the bytes out of sight of JSON.stringify and Object.keys', () => {
    const req = { url: '/' };

    captureRawBody(req, {}, new Uint8Array([123, 125]));

    expect(Object.keys(req)).toEqual(['url']);
    expect(JSON.stringify(req)).toBe('{"url":"/"}');
  });
});
