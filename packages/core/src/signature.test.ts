import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECRET, vectors } from '../../../test/support/fixtures.js';
import * as nodeHmac from './hmac-node.js';
import * as webHmac from './hmac-web.js';
import { sign, verify } from './signature.js';

const reference = (body: Uint8Array, secret: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

describe('sign', () => {
  it.each(vectors.valid)('matches openssl for "$name"', async ({ body, secret, signature }) => {
    expect(await sign(body, secret)).toBe(signature);
  });

  it('takes a string as its UTF-8 bytes', async () => {
    const unicode = vectors.valid.find((v) => v.name === 'unicode body');
    const text = new TextDecoder().decode(unicode?.body);
    expect(await sign(text, SECRET)).toBe(unicode?.signature);
  });

  it('rejects an empty secret instead of signing with it', async () => {
    await expect(sign('{}', '')).rejects.toMatchObject({ code: 'invalid_options' });
  });
});

describe('verify', () => {
  it.each(vectors.valid)(
    'accepts the openssl vector "$name"',
    async ({ body, secret, signature }) => {
      expect(await verify(body, signature, secret)).toBe(true);
    },
  );

  it('accepts an uppercase hex signature', async () => {
    const { body, signature, secret } = vectors.uppercase;
    expect(await verify(body, signature, secret)).toBe(true);
  });

  it.each(vectors.invalid)('refuses a signature that is $why', async ({ signature }) => {
    expect(await verify(vectors.invalidBody, signature, vectors.invalidSecret)).toBe(false);
  });

  it.each([null, undefined])('refuses an absent signature (%s)', async (signature) => {
    expect(await verify(vectors.invalidBody, signature, SECRET)).toBe(false);
  });

  it('accepts any of several secrets during a rotation, and none that is not listed', async () => {
    const signature = await sign(vectors.invalidBody, 'old');
    expect(await verify(vectors.invalidBody, signature, ['new', 'old'])).toBe(true);
    expect(await verify(vectors.invalidBody, signature, ['new', 'newer'])).toBe(false);
  });

  it.each([[''], [[]], [['ok', '']]])('rejects a missing secret (%j) loudly', async (secret) => {
    const signature = await sign('{}', 'ok');
    await expect(verify('{}', signature, secret)).rejects.toMatchObject({
      code: 'invalid_options',
    });
  });

  it('checks the exact bytes: a re-serialized body does not verify', async () => {
    const fixture = vectors.valid[0];
    const reserialized = JSON.stringify(JSON.parse(new TextDecoder().decode(fixture?.body)));
    expect(await verify(reserialized, fixture?.signature, fixture?.secret ?? '')).toBe(false);
  });
});

describe('signature properties', () => {
  const bodies = fc.uint8Array({ maxLength: 2048 });
  const secrets = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' });

  it('verifies every body with its own signature, as node:crypto computes it', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, secrets, async (body, secret) => {
        const signature = await sign(body, secret);
        expect(signature).toBe(reference(body, secret));
        expect(await verify(body, signature, secret)).toBe(true);
      }),
    );
  });

  it('refuses the signature once any bit of the body flips', async () => {
    const flip = fc
      .uint8Array({ minLength: 1, maxLength: 1024 })
      .chain((body) => fc.tuple(fc.constant(body), fc.nat(body.length * 8 - 1)));
    await fc.assert(
      fc.asyncProperty(flip, secrets, async ([body, bit], secret) => {
        const signature = await sign(body, secret);
        const changed = body.slice();
        changed[bit >> 3] = (changed[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(await verify(changed, signature, secret)).toBe(false);
      }),
    );
  });

  it('refuses the signature once any hex digit changes', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, secrets, fc.nat(63), fc.nat(14), async (body, secret, at, by) => {
        const signature = await sign(body, secret);
        const digit = ((Number.parseInt(signature[at] as string, 16) + by + 1) % 16).toString(16);
        const changed = signature.slice(0, at) + digit + signature.slice(at + 1);
        expect(await verify(body, changed, secret)).toBe(false);
      }),
    );
  });
});

// The Web Crypto backend runs for real in workerd (packages/hono); here it is held to the same
// answers as the node:crypto one, since Node 20 has Web Crypto too.
describe.each([
  ['node:crypto', nodeHmac],
  ['Web Crypto', webHmac],
])('the %s backend', (_, backend) => {
  it('matches every openssl vector', async () => {
    for (const { body, secret, signature } of vectors.valid) {
      expect(await backend.hmacHex(body, secret)).toBe(signature);
      expect(await backend.hmacEquals(body, signature, secret)).toBe(true);
      expect(await backend.hmacEquals(body, signature.toUpperCase(), secret)).toBe(true);
    }
  });

  it('agrees with node:crypto on any body and secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.string({ minLength: 1 }),
        async (body, secret) => {
          const expected = reference(body, secret);
          expect(await backend.hmacHex(body, secret)).toBe(expected);
          expect(
            await backend.hmacEquals(
              body,
              expected.replace(/.$/, (d) => (d === '0' ? '1' : '0')),
              secret,
            ),
          ).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });
});
