import { describe, expect, it } from 'vitest';
import { fixtureEvents, SECRET } from '../../../test/support/fixtures.js';
import { createWebhookVerifier, type VerifierOptions } from './processor.js';
import { sign } from './signature.js';

const created = fixtureEvents.find((f) => f.type === 'dial.created')?.bytes ?? new Uint8Array();
const input = async (body: Uint8Array, signature?: string) => ({
  method: 'POST',
  signature: signature ?? (await sign(body, SECRET)),
  readBody: async () => body,
});

describe('createWebhookVerifier', () => {
  it('hands back the verified event and the exact body, running no handler', async () => {
    const verifier = createWebhookVerifier<null>({ secret: SECRET });
    const verified = await verifier.verifyRequest(await input(created), null);
    expect(verified).toEqual({
      ok: true,
      event: JSON.parse(new TextDecoder().decode(created)),
      body: created,
    });
  });

  it('answers a refused request by the rules and reports it', async () => {
    const codes: string[] = [];
    const verifier = createWebhookVerifier<null>({
      secret: SECRET,
      onError: (error) => codes.push(error.code),
    });
    const verified = await verifier.verifyRequest(await input(created, 'ab'.repeat(32)), null);
    expect(verified.ok).toBe(false);
    expect(verified.ok ? undefined : verified.response.status).toBe(401);
    expect(codes).toEqual(['invalid_signature']);
  });

  it.each([
    ['on', { on: {} }],
    ['onUnknown', { onUnknown: () => {} }],
    ['inboundDeadlineMs', { inboundDeadlineMs: 100 }],
    ['inboundFallback', { inboundFallback: {} }],
  ])('refuses the handler option %s, which it would never run', (name, extra) => {
    const options = { secret: SECRET, ...extra } as VerifierOptions<null>;
    expect(() => createWebhookVerifier(options)).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    );
    expect(() => createWebhookVerifier(options)).toThrow(`"${name}" does nothing here`);
  });

  it('checks the remaining options like the processor does', () => {
    expect(() => createWebhookVerifier({ secret: '' })).toThrow('secret is empty');
  });
});
