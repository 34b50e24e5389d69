import { hmacEquals, hmacHex } from '#hmac';
import { WebhookError } from './errors.js';

/** The header in which Vogent sends the body's signature. */
export const SIGNATURE_HEADER = 'X-Elto-Signature';

/** A signing secret, or several while one is being rotated. */
export type Secret = string | readonly string[];

// Exactly a SHA-256 digest in hex, either case. Vogent sends no prefix, and anything looser
// (such as Buffer.from(x, 'hex'), which drops an odd trailing digit) accepts forged lengths.
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;
const NOT_VERIFIED = Promise.resolve(false);

/** The secrets as a non-empty list, or a WebhookError saying what is wrong. */
export function secretList(secret: Secret): readonly string[] {
  const list = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || !s)) {
    throw new WebhookError(
      'invalid_options',
      'The webhook secret is empty. Pass the "Webhook Signing Secret" from the Vogent dashboard.',
    );
  }
  return list;
}

/**
 * Signs a body as Vogent does: the lowercase hex HMAC-SHA256 of its exact bytes.
 *
 * @param body - The body; a string is taken as UTF-8.
 * @param secret - The webhook signing secret, used as its UTF-8 bytes.
 * @returns The value of the `X-Elto-Signature` header for this body.
 * @throws {WebhookError} `invalid_options` (as a rejection) when the secret is empty.
 *
 * @example
 * ```ts
 * const signature = await sign(JSON.stringify(event), process.env.VOGENT_WEBHOOK_SECRET!);
 * ```
 */
export async function sign(body: string | Uint8Array, secret: string): Promise<string> {
  const [key] = secretList(secret);
  return hmacHex(body, key as string);
}

/**
 * Checks a body's `X-Elto-Signature` in constant time, over the exact bytes given.
 *
 * Never rejects because of the signature: a missing, empty, malformed, wrong-length or
 * over-long one is `false`. Only exactly 64 hex digits (either case) can match.
 *
 * @param body - The exact body bytes as received; a string is taken as UTF-8.
 * @param signature - The header's value, or `null`/`undefined` when it is absent.
 * @param secret - The secret, or several during a rotation: true when any of them matches.
 * @throws {WebhookError} `invalid_options` (as a rejection) when no non-empty secret is given.
 *
 * @example
 * ```ts
 * const ok = await verify(rawBody, req.headers['x-elto-signature'], [newSecret, oldSecret]);
 * ```
 */
export function verify(
  body: string | Uint8Array,
  signature: string | null | undefined,
  secret: Secret,
): Promise<boolean> {
  const wellFormed = typeof signature === 'string' && HEX_DIGEST.test(signature);
  // One string secret is the common case: it takes no allocation and no extra await.
  if (typeof secret === 'string' && secret !== '') {
    return wellFormed ? hmacEquals(body, signature, secret) : NOT_VERIFIED;
  }

  let secrets: readonly string[];
  try {
    secrets = secretList(secret);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!wellFormed) return NOT_VERIFIED;
  return Promise.all(secrets.map((s) => hmacEquals(body, signature, s))).then((results) =>
    results.includes(true),
  );
}
