// On Workers the secret comes from c.env on every request; importing its CryptoKey costs about
// as much as the HMAC itself, so the Web Crypto backend must import it once per isolate.
import { createHmac } from 'node:crypto';
import { signedRequest } from '@dialhook/testing';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vogentWebhooks } from './index.js';

// The backend that the workerd, worker and browser conditions select, instead of node:crypto.
vi.mock('#hmac', () => import('../../core/src/hmac-web.js'));

const ENDPOINT = 'http://localhost/webhooks/vogent';
const body = JSON.stringify({
  event: 'dial.created',
  payload: { dial_session_id: 's', dial_id: 'd' },
});
// Signed with node:crypto, so that every importKey call counted below is the middleware's.
const signature = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('vogentWebhooks on the Web Crypto backend', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('imports the key of a secret read from c.env once for many requests', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const app = new Hono<{ Bindings: { SECRET: string } }>();
    app.post(
      '/webhooks/vogent',
      vogentWebhooks<{ Bindings: { SECRET: string } }>({ secret: (c) => c.env.SECRET }),
    );
    const env = { SECRET: 'per-isolate-secret' };

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const req = await signedRequest(body, {
        secret: env.SECRET,
        signature: signature(env.SECRET),
        tamper: i === 2,
      });
      statuses.push((await app.request(ENDPOINT, req, { ...env })).status);
    }

    expect(statuses).toEqual([200, 200, 401, 200, 200]);
    expect(importKey).toHaveBeenCalledTimes(1);
  });
});
