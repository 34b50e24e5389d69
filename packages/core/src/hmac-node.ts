// HMAC-SHA256 through node:crypto. On Node, Web Crypto costs several times more per call for
// small bodies, so the package's "#hmac" import resolves here under the "node" condition
// (Node, Bun, Deno) and to hmac-web.ts everywhere else. Both files export the same API.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { keyCache } from './key-cache.js';

const keyFor = keyCache((secret) => createSecretKey(Buffer.from(secret, 'utf8')));

/** Lowercase hex HMAC-SHA256 of the body's bytes (a string is taken as UTF-8). */
export function hmacHex(body: string | Uint8Array, secret: string): Promise<string> {
  return Promise.resolve(createHmac('sha256', keyFor(secret)).update(body).digest('hex'));
}

/** Constant-time check of `hexDigest`, which the caller has checked is 64 hex digits. */
export function hmacEquals(
  body: string | Uint8Array,
  hexDigest: string,
  secret: string,
): Promise<boolean> {
  const actual = createHmac('sha256', keyFor(secret)).update(body).digest();
  return Promise.resolve(timingSafeEqual(actual, Buffer.from(hexDigest, 'hex')));
}
