// The example app behind a real @hono/node-server on a free port, sent the documented events.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { signedRequest } from '@dialhook/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.js';

const SECRET = 'example-secret';
const fixture = (type: string) =>
  readFileSync(new URL(`../../../../shared/fixtures/events/${type}.json`, import.meta.url));

describe('the hono-node example', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function start() {
    const lines: string[] = [];
    const app = createApp({ secret: SECRET, log: (line) => lines.push(line) });
    const port = await new Promise<number>((resolve) => {
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        resolve((info as AddressInfo).port),
      );
      close = () => new Promise((done) => server.close(() => done()));
    });
    return { url: `http://127.0.0.1:${port}/webhooks/vogent`, lines };
  }

  it('logs a dial.updated event and answers 200', async () => {
    const { url, lines } = await start();

    const res = await fetch(url, await signedRequest(fixture('dial.updated'), { secret: SECRET }));

    expect(res.status).toBe(200);
    expect(lines).toEqual(['dial 5a6c6190-db20-4d8e-86a9-79a6af292dea is completed']);
  });

  it('answers dial.inbound with the caller number for the agent', async () => {
    const { url } = await start();

    const res = await fetch(url, await signedRequest(fixture('dial.inbound'), { secret: SECRET }));

    expect(await res.json()).toEqual({ call_agent_input: { caller_number: '+18001234567' } });
  });

  it('refuses an event signed with another secret and logs why', async () => {
    const { url, lines } = await start();

    const req = await signedRequest(fixture('dial.updated'), { secret: 'someone-else' });
    const res = await fetch(url, req);

    expect(res.status).toBe(401);
    expect(lines).toEqual(['refused or failed: invalid_signature']);
  });
});
