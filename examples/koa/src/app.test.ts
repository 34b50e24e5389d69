// The example app behind a real HTTP server on a free port, sent every documented event.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedRequest } from '@dialhook/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.js';

const SECRET = 'example-secret';
const events = new URL('../../../../shared/fixtures/events/', import.meta.url);
const fixture = (type: string) => readFileSync(new URL(`${type}.json`, events));
const types = readdirSync(events)
  .filter((name) => name.endsWith('.json') && !name.endsWith('.response.json'))
  .map((name) => name.replace(/\.json$/, ''));

describe('the koa example', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => server?.close(done) ?? done(undefined));
    server?.closeAllConnections();
    server = undefined;
  });

  async function start() {
    const lines: string[] = [];
    server = createServer(
      createApp({ secret: SECRET, log: (line) => lines.push(line) }).callback(),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { base: `http://127.0.0.1:${port}`, lines };
  }

  it.each(types)('handles the %s fixture through koa-bodyparser', async (type) => {
    const { base, lines } = await start();

    const res = await fetch(
      `${base}/webhooks/vogent`,
      await signedRequest(fixture(type), { secret: SECRET }),
    );

    expect(res.status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/refused/);
  });

  it('answers dial.inbound with the caller number for the agent', async () => {
    const { base } = await start();

    const req = await signedRequest(fixture('dial.inbound'), { secret: SECRET });
    const res = await fetch(`${base}/webhooks/vogent`, req);

    expect(await res.json()).toEqual({ call_agent_input: { caller_number: '+18001234567' } });
  });

  it('refuses an event signed with another secret, and keeps its JSON API', async () => {
    const { base, lines } = await start();

    const req = await signedRequest(fixture('dial.updated'), { secret: 'someone-else' });
    const refused = await fetch(`${base}/webhooks/vogent`, req);
    const api = await fetch(`${base}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });

    expect(refused.status).toBe(401);
    expect(lines).toEqual(['refused or failed: invalid_signature']);
    expect(await api.json()).toEqual({ received: { hello: 'world' } });
  });
});
