// HMAC-SHA256 through Web Crypto, for Cloudflare Workers, browsers and other non-Node
// runtimes. See hmac-node.ts for why there are two files.
import { keyCache } from './key-cache.js';

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const encoder = new TextEncoder();
const ALGORITHM = { name: 'HMAC', hash: 'SHA-256' } as const;

const keyFor = keyCache(
  (secret): Promise<HmacKey> =>
    crypto.subtle.importKey('raw', encoder.encode(secret), ALGORITHM, false, ['sign', 'verify']),
);

const bytesOf = (body: string | Uint8Array): Uint8Array<ArrayBuffer> =>
  typeof body === 'string' ? encoder.encode(body) : (body as Uint8Array<ArrayBuffer>);

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Lowercase hex HMAC-SHA256 of the body's bytes (a string is taken as UTF-8). */
export async function hmacHex(body: string | Uint8Array, secret: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.sign('HMAC', await keyFor(secret), bytesOf(body)),
  );
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Constant-time check of `hexDigest`, which the caller has checked is 64 hex digits:
 * `crypto.subtle.verify` compares in constant time, so no hand-written compare is needed.
 */
export async function hmacEquals(
  body: string | Uint8Array,
  hexDigest: string,
  secret: string,
): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await keyFor(secret), hexToBytes(hexDigest), bytesOf(body));
}
