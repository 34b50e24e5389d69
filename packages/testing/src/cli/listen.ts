// `dialhook listen`: a receiver that shows each verified event and each refusal as it comes,
// for a developer who points a tunnel at it to watch real Vogent deliveries.
import {
  type EventHandlers,
  type InboundResponse,
  type ParsedEvent,
  VOGENT_EVENT_TYPES,
  type WebhookError,
} from '@dialhook/core';
import { parseInboundResponse, requireSecret } from './arguments.js';
import { eventRows, type Row, renderRows } from './describe.js';
import type { Output } from './output.js';
import { type ReceiverContext, startReceiver } from './receiver.js';
import { UsageError } from './usage-error.js';

/** The options of `dialhook listen`, as commander parsed them. */
export interface ListenOptions {
  port: number;
  host: string;
  path?: string;
  secret?: string;
  inboundResponse?: string;
}

const INDENT = 10;
const clock = () => new Date().toTimeString().slice(0, 8);
const where = (request: ReceiverContext) => `${request.method ?? '?'} ${request.url ?? '/'}`;

function handlers(output: Output, answer: InboundResponse | undefined) {
  const { green, bold, dim } = output.style;
  const show = (event: ParsedEvent, request: ReceiverContext, extra: Row[] = []) => {
    const unknown = 'unknown' in event ? dim(' (a type this version does not know)') : '';
    output.line(
      `${dim(clock())}  ${green('✓')} ${bold(event.event)}${unknown}  ${dim(where(request))}`,
    );
    for (const line of renderRows([...eventRows(event), ...extra], output.style, INDENT)) {
      output.line(line);
    }
  };

  const on: EventHandlers<ReceiverContext> = Object.fromEntries(
    VOGENT_EVENT_TYPES.map((type) => [
      type,
      (event: ParsedEvent, request: ReceiverContext) => show(event, request),
    ]),
  );
  on['dial.inbound'] = (event, request) => {
    const text = answer === undefined ? '{} (no --inbound-response given)' : JSON.stringify(answer);
    show(event, request, [['answered', text]]);
    return answer;
  };
  return { on, onUnknown: (event: ParsedEvent, request: ReceiverContext) => show(event, request) };
}

function rejection(error: WebhookError, request: ReceiverContext, output: Output): void {
  const { red, dim } = output.style;
  const refused = red(`${error.status} ${error.code}`);
  output.line(`${dim(clock())}  ${red('✗')} ${refused}  ${dim(where(request))}`);
  output.line(`${' '.repeat(INDENT)}${error.message}`);
}

/**
 * Runs `dialhook listen` until SIGINT or SIGTERM: verifies every request with the secret and
 * prints each event (type, ids, status, transcript, recording URL) or refusal (status, code,
 * reason). `dial.inbound` is answered with `--inbound-response` when given.
 *
 * @returns The exit code, 0 once stopped.
 * @throws {UsageError} for a missing secret, a bad --inbound-response, or a port in use.
 *
 * @example
 * ```ts
 * await listen({ port: 4000, host: '127.0.0.1', secret }, output);
 * ```
 */
export async function listen(options: ListenOptions, output: Output): Promise<number> {
  const secret = requireSecret(options.secret);
  const answer =
    options.inboundResponse === undefined
      ? undefined
      : (parseInboundResponse(options.inboundResponse) as InboundResponse);
  if (options.path !== undefined && !options.path.startsWith('/')) {
    throw new UsageError(`--path must start with "/", such as /webhooks/vogent.`);
  }
  const { red, dim, bold } = output.style;

  const receiver = await startReceiver({
    host: options.host,
    port: options.port,
    path: options.path,
    webhook: {
      secret,
      ...handlers(output, answer),
      onError: (error, request) => rejection(error, request, output),
    },
    onNotFound: (request) =>
      output.line(
        `${dim(clock())}  ${red('✗')} ${red('404')} not the webhook path  ${dim(where(request))}`,
      ),
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot listen on ${options.host}:${options.port} (${error.code ?? error.message}).`,
    );
  });

  // Listening for the signals before saying "listening", so that a stop right after it counts.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const scope = options.path === undefined ? ' (any path)' : '';
  output.line(`${bold('dialhook listening on')} ${receiver.url}${scope}`);
  output.line(dim('Verifying X-Elto-Signature with your secret. Press Ctrl+C to stop.'));
  output.line();

  await stopped;
  await receiver.close();
  return 0;
}
