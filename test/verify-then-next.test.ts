// The verify-then-next middleware of the adapters: the middleware verifies, puts the typed
// event where the framework keeps per-request state, and the user's own route answers.
import type { WebhookError } from '@dialhook/core';
import { signedRequest } from '@dialhook/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './support/adapters.js';
import { expressVerifyThenNext } from './support/express.js';
import { fixtureEvents, SECRET } from './support/fixtures.js';
import { honoVerifyThenNext } from './support/hono.js';
import { koaVerifyThenNext } from './support/koa.js';

const fixture = fixtureEvents.find((f) => f.type === 'dial.updated') ?? fixtureEvents[0];
const body = fixture?.bytes ?? new Uint8Array();

describe.each([
  ...expressVerifyThenNext.map((a) => ({ ...a, where: 'res.locals' })),
  ...koaVerifyThenNext.map((a) => ({ ...a, where: 'ctx.state' })),
  { ...honoVerifyThenNext, where: 'c.var' },
])('$name, verify then next', (adapter) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async () => {
    const errors: WebhookError[] = [];
    server = await adapter.start({ secret: SECRET, onError: (error) => errors.push(error) });
    return { url: server.url, errors };
  };

  it(`hands the verified event to the next route on ${adapter.where}`, async () => {
    const { url, errors } = await start();

    const res = await fetch(url, await signedRequest(body, { secret: SECRET }));

    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      route: 'mine',
      event: JSON.parse(new TextDecoder().decode(body)),
    });
    expect(errors).toEqual([]);
  });

  it('answers a bad signature itself and never reaches the route', async () => {
    const { url, errors } = await start();

    const res = await fetch(url, await signedRequest(body, { secret: SECRET, tamper: true }));

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(errors.map((e) => e.code)).toEqual(['invalid_signature']);
  });

  it('answers other methods 405 and never reaches the route', async () => {
    const { url } = await start();

    const res = await fetch(url, { method: 'GET' });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
