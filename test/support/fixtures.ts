// The documented example events and the openssl-computed signature vectors, read from
// ../shared/fixtures exactly as they are (never copied into this repository).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export interface FixtureEvent {
  /** The event type, from the file name. */
  type: string;
  /** The file's exact bytes. */
  bytes: Uint8Array;
}

/** Every `events/*.json` file but the inbound response example. */
export const fixtureEvents: FixtureEvent[] = readdirSync(`${dir}events`)
  .filter((name) => name.endsWith('.json') && !name.endsWith('.response.json'))
  .sort()
  .map((name) => ({
    type: name.replace(/\.json$/, ''),
    bytes: new Uint8Array(readFileSync(`${dir}events/${name}`)),
  }));

/** The documented `dial.inbound` response example, parsed. */
export const inboundResponseExample = JSON.parse(
  readFileSync(`${dir}events/dial.inbound.response.json`, 'utf8'),
) as { call_agent_input: Record<string, string>; keywords: string[] };

interface VectorFile {
  valid: { name: string; secret: string; body_base64: string; signature: string }[];
  uppercase_hex_is_valid: { secret: string; body_base64: string; signature: string };
  invalid: { why: string; signature: string }[];
  invalid_applies_to: { secret: string; body_base64: string };
}

const raw = JSON.parse(readFileSync(`${dir}signatures.json`, 'utf8')) as VectorFile;
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** The signature vectors with their bodies decoded to bytes. */
export const vectors = {
  valid: raw.valid.map((v) => ({ ...v, body: bytes(v.body_base64) })),
  uppercase: { ...raw.uppercase_hex_is_valid, body: bytes(raw.uppercase_hex_is_valid.body_base64) },
  invalid: raw.invalid,
  invalidBody: bytes(raw.invalid_applies_to.body_base64),
  invalidSecret: raw.invalid_applies_to.secret,
};

/** The secret the fixture vectors use. */
export const SECRET = raw.invalid_applies_to.secret;
