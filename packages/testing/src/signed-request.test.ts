import { createWebhookHandler, SIGNATURE_HEADER, verify } from '@dialhook/core';
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
