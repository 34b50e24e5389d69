// Koa-specific behaviour of @dialhook/koa, on Koa 3 and 2, each against a real server on a
// free port. The shared table and the body-parser arrangements run from test/.
import { type ParsedEvent, WebhookError } from '@dialhook/core';
import { signedRequest } from '@dialhook/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../test/support/adapters.js';
import { startKoa } from '../../../test/support/koa.js';
import { bodyParser, koaVersions, Router } from '../test/frameworks.js';
import { verifyVogentWebhook, vogentWebhooks } from './index.js';

const SECRET = 'koa-test-secret';
const event = {
  event: 'dial.updated',
  payload: { dial_session_id: 's-1', dial_id: 'd-1', status: 'completed' },
};

describe.each(koaVersions)('$name', ({ Koa }) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const post = async (url: string, body: string | object = event) =>
    fetch(url, await signedRequest(body, { secret: SECRET }));

  it('with path, handles only that path and passes the others to next()', async () => {
    const paths: string[] = [];
    server = await startKoa(Koa, (app) =>
      app
        .use(
          vogentWebhooks({
            path: '/webhooks/vogent',
            secret: SECRET,
            on: { 'dial.updated': (_, ctx) => void paths.push(ctx.path) },
          }),
        )
        .use((ctx) => {
          ctx.body = `downstream ${ctx.method} ${ctx.path}`;
        }),
    );
    const base = new URL(server.url).origin;

    const webhook = await post(server.url);
    const other = await post(`${base}/elsewhere`);
    const page = await fetch(`${base}/`);

    expect(webhook.status).toBe(200);
    expect(await other.text()).toBe('downstream POST /elsewhere');
    expect(await page.text()).toBe('downstream GET /');
    expect(paths).toEqual(['/webhooks/vogent']);
  });

  it('answers 405 under router.all, and gives handlers the Koa ctx', async () => {
    const seen: string[] = [];
    server = await startKoa(Koa, (app) => {
      const router = new Router();
      router.all(
        '/webhooks/vogent',
        vogentWebhooks({
          secret: SECRET,
          on: { 'dial.updated': (_, ctx) => void seen.push(`${ctx.method} ${ctx.url}`) },
        }),
      );
      app.use(router.routes());
    });

    const get = await fetch(server.url);
    const posted = await post(server.url);

    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(posted.status).toBe(200);
    expect(seen).toEqual(['POST /webhooks/vogent']);
  });

  // Documented: a JSON parser in front refuses a body that is not JSON before dialhook runs.
  it('leaves a signed non-JSON body to koa-bodyparser in front, which answers 400', async () => {
    const handled: ParsedEvent[] = [];
    server = await startKoa(Koa, (app) => {
      app.silent = true; // the parser's 400 is expected; Koa would log it
      app.use(bodyParser()).use(
        vogentWebhooks({
          path: '/webhooks/vogent',
          secret: SECRET,
          onUnknown: (e) => void handled.push(e),
        }),
      );
    });

    const res = await post(server.url, '{"event": not json');

    expect(res.status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('hands ctx.state.vogentEvent to the middleware after verifyVogentWebhook', async () => {
    server = await startKoa(Koa, (app) => {
      const router = new Router();
      router.post('/webhooks/vogent', verifyVogentWebhook({ secret: SECRET }), (ctx) => {
        ctx.body = { type: ctx.state.vogentEvent?.event };
      });
      app.use(router.routes());
    });

    const res = await post(server.url);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 'dial.updated' });
  });
});

describe('options', () => {
  it('refuses handler options in verifyVogentWebhook, which it would never run', () => {
    const options = { secret: SECRET, onUnknown: () => {} };

    expect(() => verifyVogentWebhook(options)).toThrow(WebhookError);
    expect(() => verifyVogentWebhook(options)).toThrow(/"onUnknown" does nothing here/);
  });

  it('refuses a path that does not start with a slash', () => {
    expect(() => vogentWebhooks({ secret: SECRET, path: 'webhooks' })).toThrow(
      /"path" must be a string starting with "\/"/,
    );
  });
});
