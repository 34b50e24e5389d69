// How the Node adapters (Express, Koa) get the exact body bytes: behind each body-parser
// arrangement, and when the body is far over the limit. Real servers on free ports, closed
// after every test, for each major version.
import { request } from 'node:http';
import type { ParsedEvent, WebhookError, WebhookOptions } from '@dialhook/core';
import { signedRequest } from '@dialhook/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from './support/adapters.js';
import { expressAdapters, expressArrangements } from './support/express.js';
import { fixtureEvents, SECRET, vectors } from './support/fixtures.js';
import { koaAdapters, koaArrangements } from './support/koa.js';

const MiB = 1024 * 1024;
const fixture = fixtureEvents.find((f) => f.type === 'dial.transcript') ?? fixtureEvents[0];
const body = fixture?.bytes ?? new Uint8Array();
const jsonVectors = vectors.valid.filter((v) => v.body.length > 0);

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function recorder(overrides: Partial<WebhookOptions<unknown>> = {}) {
  const events: ParsedEvent[] = [];
  const errors: WebhookError[] = [];
  const options: WebhookOptions<unknown> = {
    secret: SECRET,
    on: { 'dial.transcript': (event) => void events.push(event) },
    onError: (error) => errors.push(error),
    ...overrides,
  };
  return { events, errors, options };
}

describe.each([...expressArrangements, ...koaArrangements])('$name', (arrangement) => {
  it(`gets the exact bytes or says they are gone (${arrangement.outcome})`, async () => {
    const { events, errors, options } = recorder();
    server = await arrangement.start(options);

    const res = await fetch(server.url, await signedRequest(body, { secret: SECRET }));

    if (arrangement.outcome === 'verified') {
      expect(res.status).toBe(200);
      expect(events).toEqual([JSON.parse(new TextDecoder().decode(body))]);
      return;
    }
    expect(res.status).toBe(500);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('raw_body_unavailable');
    expect(answer.error.message).toMatch(/Mount the webhook before/);
    expect(events).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['raw_body_unavailable']);
  });

  // The parsers keep text or bytes; either way the check must see what was sent, byte for byte
  // (a non-ASCII body, a trailing newline, pretty-printed JSON).
  it.each(jsonVectors)('checks the $name vector over the bytes as sent', async (vector) => {
    const { errors, options } = recorder({ secret: vector.secret, on: {} });
    server = await arrangement.start(options);

    const res = await fetch(server.url, await signedRequest(vector.body, vector));

    expect(res.status).toBe(arrangement.outcome === 'verified' ? 200 : 500);
    expect(errors.map((e) => e.code)).toEqual(
      arrangement.outcome === 'verified' ? [] : ['raw_body_unavailable'],
    );
  });

  // Signed with another secret rather than tampered with, so that the body stays JSON that
  // the parsers in front accept.
  it('refuses a body signed with another secret', async () => {
    const { events, options } = recorder();
    server = await arrangement.start(options);

    const res = await fetch(
      server.url,
      await signedRequest(body, { secret: SECRET, signWith: 'another secret' }),
    );

    expect(res.status).toBe(arrangement.outcome === 'verified' ? 401 : 500);
    expect(events).toEqual([]);
  });
});

/** Sends `total` bytes with a declared Content-Length through node:http, as a slow sender. */
function postLarge(url: string, total: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': total } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // Writing after the server has answered and closed may fail; the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe.each([...expressAdapters, ...koaAdapters])('$name, far over the limit', (adapter) => {
  it('answers 413 to a 64 MiB chunked body after reading about 1 MiB of it', async () => {
    const { events, options } = recorder();
    server = await adapter.start(options);
    const total = 64 * MiB;
    let pulled = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });

    const res = await fetch(server.url, {
      method: 'POST',
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    const sentBeforeAnswer = pulled;

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(res.headers.get('connection')).toBe('close');
    // No Content-Length, so the limit was enforced while reading: the answer came long before
    // the sender was done, which it could not have if the server had read on to the end.
    expect(sentBeforeAnswer).toBeGreaterThan(1 * MiB);
    expect(sentBeforeAnswer).toBeLessThan(total / 4);
    expect(events).toEqual([]);
  });

  it('answers 413 to a declared 50 MiB body instead of resetting the connection', async () => {
    const { options } = recorder();
    server = await adapter.start(options);

    const res = await postLarge(server.url, 50 * MiB);

    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
