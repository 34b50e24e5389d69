// The CLI's node:http receiver on a free port: it reads the body with the core's Node helpers,
// so these only check that it hands them the request and writes back what they decide.
import { request } from 'node:http';
import { type ParsedEvent, SIGNATURE_HEADER, sign } from '@dialhook/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createEvent } from '../events.js';
import { type Receiver, startReceiver } from './receiver.js';

const SECRET = 'receiver test secret';
const body = JSON.stringify(createEvent('dial.created'));

let receiver: Receiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function start(maxBodyBytes?: number) {
  const events: ParsedEvent[] = [];
  receiver = await startReceiver({
    webhook: {
      secret: SECRET,
      onUnknown: (event) => void events.push(event),
      on: { 'dial.created': (event) => void events.push(event) },
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    },
  });
  return { url: receiver.url, events };
}

describe('startReceiver', () => {
  it('verifies and dispatches a signed event', async () => {
    const { url, events } = await start();

    const res = await fetch(url, {
      method: 'POST',
      headers: { [SIGNATURE_HEADER]: await sign(body, SECRET) },
      body,
    });

    expect(res.status).toBe(200);
    expect(events.map((event) => event.event)).toEqual(['dial.created']);
  });

  it('refuses a signature header sent twice, even when one copy is right', async () => {
    const { url, events } = await start();
    const good = await sign(body, SECRET);

    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { [SIGNATURE_HEADER]: [good, good] } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });

    expect(status).toBe(401);
    expect(events).toEqual([]);
  });

  it('answers 413 with Connection: close to a chunked body past maxBodyBytes', async () => {
    const { url, events } = await start(1024);
    let pulled = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 16 * 1024 * 1024) return controller.close();
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });

    const res = await fetch(url, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);

    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(events).toEqual([]);
  });
});
