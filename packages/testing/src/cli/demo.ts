// `dialhook demo`: the whole round trip on one machine, with nothing to configure. A receiver
// on a free loopback port, one signed event of each type, one forged request, and a check
// that each came out as it should.
import { randomBytes } from 'node:crypto';
import {
  type EventHandlers,
  type InboundResponse,
  type ParsedEvent,
  VOGENT_EVENT_TYPES,
  type VogentEvent,
  type WebhookError,
} from '@dialhook/core';
import { createAllEvents, createEvent } from '../events.js';
import { signedRequest } from '../signed-request.js';
import { eventRows, type Row, renderRows } from './describe.js';
import type { Output } from './output.js';
import { type ReceiverContext, startReceiver } from './receiver.js';

const PATH = '/webhooks/vogent';

/** The core's TypeScript type for each event, as a handler's parameter is typed. */
const TYPE_NAMES: Record<string, string> = {
  'dial.created': 'DialCreatedEvent',
  'dial.updated': 'DialUpdatedEvent',
  'dial.transcript': 'DialTranscriptEvent',
  'dial.recording_created': 'DialRecordingCreatedEvent',
  'dial.extractor': 'DialExtractorEvent',
  'dial.inbound': 'DialInboundEvent',
};
const INDENT = 6;

/** What the demo's dial.inbound handler answers, as an app would fill the agent's prompt. */
const INBOUND_ANSWER: InboundResponse = {
  call_agent_input: { customer_name: 'Jordan', appointment: 'Tuesday 3 pm' },
  keywords: ['Brightside', 'cleaning'],
};

/** What the receiver's handlers saw, for the demo to show and check. */
interface Seen {
  events: ParsedEvent[];
  errors: WebhookError[];
}

function recordingHandlers(seen: Seen): EventHandlers<ReceiverContext> {
  const record = (event: ParsedEvent) => {
    seen.events.push(event);
  };
  const on: EventHandlers<ReceiverContext> = Object.fromEntries(
    VOGENT_EVENT_TYPES.map((type) => [type, record]),
  );
  on['dial.inbound'] = (event) => {
    record(event);
    return INBOUND_ANSWER;
  };
  return on;
}

/**
 * Runs `dialhook demo`: starts a receiver with a generated secret, sends it one event of each
 * type and one forged request, and shows what the handlers received and what was refused.
 *
 * @returns The exit code: 0 when every event was verified and handled as sent and the forged
 * request was refused with 401, 1 otherwise.
 *
 * @example
 * ```ts
 * process.exitCode = await demo(output);
 * ```
 */
export async function demo(output: Output): Promise<number> {
  const { bold, dim } = output.style;
  const secret = `dev_${randomBytes(12).toString('hex')}`;
  const seen: Seen = { events: [], errors: [] };
  const receiver = await startReceiver({
    path: PATH,
    webhook: {
      secret,
      on: recordingHandlers(seen),
      onError: (error) => seen.errors.push(error),
    },
  });

  try {
    output.line(bold('dialhook demo'));
    output.line('A Vogent webhook receiver on this machine, fed signed sample events.');
    output.line(dim('Nothing leaves 127.0.0.1 and nothing needs configuring.'));
    output.line();
    const setup: Row[] = [
      ['receiver', receiver.url],
      ['secret', `${secret} ${dim('(generated for this run)')}`],
    ];
    for (const line of renderRows(setup, output.style, 2)) output.line(line);
    output.line();

    let problems = 0;
    output.line(bold('1. One event of each type, signed the way Vogent signs them'));
    output.line(
      dim('   The receiver is createWebhookProcessor({ secret, on }) on node:http; each'),
    );
    output.line(dim('   block shows the verified, typed event that its handler in `on` received.'));
    output.line();
    for (const event of createAllEvents()) {
      if (!(await deliver(receiver.url, secret, event, seen, output))) problems++;
    }

    output.line(bold('2. A forged request, signed with the wrong secret'));
    output.line();
    if (!(await forge(receiver.url, secret, seen, output))) problems++;

    return conclude(problems, output);
  } finally {
    await receiver.close();
  }
}

async function deliver(url: string, secret: string, event: VogentEvent, seen: Seen, out: Output) {
  const { green, red, bold, dim } = out.style;
  const before = seen.events.length;
  const started = performance.now();
  const response = await fetch(url, await signedRequest(event, { secret }));
  const body = await response.text();
  const ms = Math.round(performance.now() - started);

  const received = seen.events.slice(before);
  const answered = event.event !== 'dial.inbound' || body === JSON.stringify(INBOUND_ANSWER);
  const ok =
    response.status === 200 &&
    answered &&
    received.length === 1 &&
    JSON.stringify(received[0]) === JSON.stringify(event);
  const mark = ok ? green('✓') : red('✗');
  const status = ok ? green('200 OK') : red(String(response.status));
  const type = dim(`→ ${TYPE_NAMES[event.event]}`);
  out.line(`  ${mark} ${bold(event.event.padEnd(22))} ${status}  ${dim(`${ms} ms`)}  ${type}`);
  for (const line of renderRows(rows(received[0] ?? event, body), out.style, INDENT))
    out.line(line);
  if (!ok) {
    out.line(
      red(`      expected 200 and the event as sent, once; the handler got ${received.length}.`),
    );
  }
  out.line();
  return ok;
}

function rows(event: ParsedEvent, body: string) {
  const list = eventRows(event);
  if (event.event === 'dial.inbound') list.push(['answered', body]);
  return list;
}

async function forge(url: string, secret: string, seen: Seen, out: Output) {
  const { green, red, bold, dim } = out.style;
  const before = { events: seen.events.length, errors: seen.errors.length };
  const event = createEvent('dial.updated', { status: 'completed' });
  const response = await fetch(url, await signedRequest(event, { secret, signWith: 'guess' }));
  await response.body?.cancel();

  const error = seen.errors[before.errors];
  const handled = seen.events.length - before.events;
  const ok = response.status === 401 && error?.code === 'invalid_signature' && handled === 0;
  const mark = ok ? green('✓') : red('✗');
  const status = ok ? green('401 Unauthorized') : red(String(response.status));
  out.line(`  ${mark} ${bold(event.event.padEnd(22))} ${status}  ${dim(error?.code ?? '')}`);
  const reason = error?.message ?? '(no error was reported)';
  const rowList: Row[] = [
    ['refused', reason],
    ['handlers', handled === 0 ? 'none ran' : red(`${handled} ran`)],
  ];
  for (const line of renderRows(rowList, out.style, INDENT)) out.line(line);
  out.line();
  return ok;
}

function conclude(problems: number, out: Output): number {
  const { green, red, bold, dim } = out.style;
  if (problems > 0) {
    out.line(red(bold(`${problems} step(s) did not go as expected; see the ✗ above.`)));
    return 1;
  }
  const events = VOGENT_EVENT_TYPES.length;
  out.line(
    green(bold(`All good: ${events} events verified and handled, 1 forged request refused.`)),
  );
  out.line();
  out.line(bold('Next'));
  out.line('  dialhook send all --url <your endpoint> --secret <secret>');
  out.line(dim('      post the same signed events to your own app'));
  out.line('  dialhook listen --port 4000 --secret <secret>');
  out.line(dim('      watch real Vogent deliveries through a tunnel'));
  return 0;
}
