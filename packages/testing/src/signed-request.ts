import { SIGNATURE_HEADER, sign } from '@dialhook/core';

/** How {@link signedRequest} signs, or deliberately mis-signs, a body. */
export interface SignedRequestOptions {
  /** The webhook signing secret. */
  secret: string;
  /** Sign with this secret instead, to make a request that must be refused. */
  signWith?: string;
  /** Change the body after signing it, so that the signature no longer matches. */
  tamper?: boolean;
  /** Leave out the `X-Elto-Signature` header. */
  omitSignature?: boolean;
  /** Send this header value instead of the computed signature. */
  signature?: string;
  /** Extra headers to send. */
  headers?: Record<string, string>;
}

/**
 * A POST request, as `fetch`, Hono's `app.request()` and supertest take it: the exact body
 * that was signed and its headers.
 */
export interface SignedRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();

/**
 * Builds a signed Vogent webhook request from an event or the exact body bytes.
 *
 * An object is serialized with `JSON.stringify`; a string or bytes are sent exactly as given.
 *
 * @example
 * ```ts
 * const res = await fetch(url, await signedRequest(event, { secret }));
 * const forged = await signedRequest(event, { secret, signWith: 'wrong' });
 * ```
 */
export async function signedRequest(
  body: string | Uint8Array | object,
  options: SignedRequestOptions,
): Promise<SignedRequest> {
  const exact: string | Uint8Array<ArrayBuffer> =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? new Uint8Array(body)
        : JSON.stringify(body);
  const signature = options.signature ?? (await sign(exact, options.signWith ?? options.secret));

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  if (!options.omitSignature) headers[SIGNATURE_HEADER] = signature;

  return { method: 'POST', headers, body: options.tamper ? tampered(exact) : exact };
}

function tampered(body: string | Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : new Uint8Array(body);
  if (bytes.length === 0) return encoder.encode(' ');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01;
  return bytes;
}

/** One deliberately bad request from {@link badRequests}, and how a receiver must refuse it. */
export interface BadRequest {
  /** What is wrong with it, for a test's name. */
  why: 'signed with another secret' | 'body changed after signing' | 'no signature header';
  /** The error code a dialhook receiver answers it with; the status is 401 for each. */
  code: 'invalid_signature' | 'missing_signature';
  request: SignedRequest;
}

/**
 * Makes the three requests a receiver must refuse for a body: signed with another secret,
 * changed after signing, and without `X-Elto-Signature`. Made for `it.each` tables.
 *
 * @param body - An event, or the exact body as a string or bytes.
 * @param options - `secret`, the receiver's secret (the wrong one is derived from it), and
 * optional extra `headers` (default none).
 * @throws {WebhookError} `invalid_options` (as a rejection) when the secret is empty.
 *
 * @example
 * ```ts
 * it.each(await badRequests(event, { secret }))('refuses a request $why', async (bad) => {
 *   expect((await fetch(url, bad.request)).status).toBe(401);
 * });
 * ```
 */
export async function badRequests(
  body: string | Uint8Array | object,
  options: Pick<SignedRequestOptions, 'secret' | 'headers'>,
): Promise<BadRequest[]> {
  const base = { secret: options.secret, ...(options.headers && { headers: options.headers }) };
  return [
    {
      why: 'signed with another secret',
      code: 'invalid_signature',
      request: await signedRequest(body, { ...base, signWith: `${options.secret}-wrong` }),
    },
    {
      why: 'body changed after signing',
      code: 'invalid_signature',
      request: await signedRequest(body, { ...base, tamper: true }),
    },
    {
      why: 'no signature header',
      code: 'missing_signature',
      request: await signedRequest(body, { ...base, omitSignature: true }),
    },
  ];
}
