// `dialhook send`: build or read bodies, sign them, post them one by one, show each answer.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { VOGENT_EVENT_TYPES } from '@dialhook/core';
import { buildEvent, type DialIds } from '../events.js';
import { signedRequest } from '../signed-request.js';
import { type Assignment, readFileBytes, requireSecret, toOverrides } from './arguments.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

/** The options of `dialhook send`, as commander parsed them. */
export interface SendOptions {
  url: string;
  secret?: string;
  file?: string;
  set?: Assignment[];
  count: number;
}

interface Delivery {
  label: string;
  /** The body for each round: a fresh event, or the file's bytes again. */
  body: (ids: DialIds) => Uint8Array | string;
}

/** How long one request may take, so that a receiver that never answers fails the run. */
const TIMEOUT_MS = 10_000;
const MAX_BODY_CHARS = 2000;

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url must be http:// or https://, not ${parsed.protocol}`);
  }
}

function fileDelivery(file: string): Delivery {
  const bytes = readFileBytes(file);
  let label = basename(file);
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { event?: unknown };
    if (typeof json.event === 'string') label = `${json.event} (${label})`;
  } catch {
    // Not JSON is fine: the bytes go out exactly as they are, and the receiver says 400.
  }
  return { label, body: () => bytes };
}

function deliveries(type: string | undefined, options: SendOptions): Delivery[] {
  if (options.file !== undefined) {
    if (type !== undefined) {
      throw new UsageError('give an event type or --file, not both (the file names its event).');
    }
    if (options.set?.length) {
      throw new UsageError('--set cannot change --file: the file is sent byte for byte.');
    }
    return [fileDelivery(options.file)];
  }
  if (type === undefined) {
    throw new UsageError(`name an event type (${VOGENT_EVENT_TYPES.join(', ')} or all) or --file.`);
  }
  const overrides = toOverrides(options.set ?? []);
  const types = type === 'all' ? VOGENT_EVENT_TYPES : [type];
  return types.map((name) => ({
    label: name,
    body: (ids) => JSON.stringify(buildEvent(name, overrides, ids)),
  }));
}

/**
 * Runs `dialhook send`: posts each delivery `count` times in turn and prints status, time
 * and response body for each. Fresh ids for every event; a file's bytes are sent as they are.
 *
 * @returns The exit code: 0 when every response is 2xx, 1 otherwise.
 * @throws {UsageError} for a missing secret, a bad URL, an unreadable file, or a conflict.
 *
 * @example
 * ```ts
 * const code = await send('all', { url, secret, count: 1 }, output);
 * ```
 */
export async function send(
  type: string | undefined,
  options: SendOptions,
  output: Output,
): Promise<number> {
  const secret = requireSecret(options.secret);
  checkUrl(options.url);
  const list = deliveries(type, options);

  let failed = 0;
  let total = 0;
  const width = Math.max(...list.map((delivery) => delivery.label.length));
  for (let round = 0; round < options.count; round++) {
    // One dial per round, so that `send all` reads as one call's events.
    const ids = { dial_id: randomUUID(), dial_session_id: randomUUID() };
    for (const delivery of list) {
      total++;
      const body = delivery.body(ids);
      if (!(await post(delivery.label.padEnd(width), body, options.url, secret, output))) failed++;
    }
  }

  if (total > 1) {
    const { green, red } = output.style;
    output.line(
      failed === 0
        ? green(`All ${total} responses were 2xx.`)
        : red(`${failed} of ${total} responses were not 2xx.`),
    );
  }
  return failed === 0 ? 0 : 1;
}

async function post(
  label: string,
  body: Uint8Array | string,
  url: string,
  secret: string,
  output: Output,
) {
  const { green, red, dim, bold } = output.style;
  const request = await signedRequest(body, { secret });
  const started = performance.now();
  try {
    const response = await fetch(url, {
      ...request,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    const ok = response.status >= 200 && response.status < 300;
    const status = `${response.status} ${response.statusText}`.trim();
    const paint = ok ? green : red;
    const mark = paint(ok ? '✓' : '✗');
    output.line(`${mark} ${bold(label)}  ${paint(status)}  ${dim(`${ms} ms`)}`);
    output.line(`  ${text === '' ? dim('(empty body)') : clip(text)}`);
    return ok;
  } catch (error) {
    output.line(`${red('✗')} ${bold(label)}  ${red(`no response: ${reason(error)}`)}`);
    return false;
  }
}

const clip = (text: string) =>
  text.length > MAX_BODY_CHARS
    ? `${text.slice(0, MAX_BODY_CHARS)}… (${text.length - MAX_BODY_CHARS} more characters)`
    : text;

function reason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `no answer within ${TIMEOUT_MS / 1000} s`;
  }
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  return cause?.message || cause?.code || error.message;
}
