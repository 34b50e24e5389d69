// How the CLI shows an event or a refusal to a person: labelled rows, aligned.
import { isKnownEvent, type ParsedEvent } from '@dialhook/core';
import type { Style } from './output.js';

/** One labelled value; a value with several lines (a transcript) continues under itself. */
export type Row = [label: string, value: string];

const MAX_VALUE_CHARS = 400;

const clip = (text: string) =>
  text.length > MAX_VALUE_CHARS
    ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length - MAX_VALUE_CHARS} more characters)`
    : text;

/**
 * The rows that show an event's payload: ids, status, transcript lines, recording URL,
 * extractor result, caller; an unknown type shows its raw payload.
 *
 * @example
 * ```ts
 * eventRows(createEvent('dial.updated')); // [['dial', '…'], ['session', '…'], ['status', …]]
 * ```
 */
export function eventRows(event: ParsedEvent): Row[] {
  if (!isKnownEvent(event)) return [['payload', clip(JSON.stringify(event.payload))]];

  const payload = event.payload;
  const rows: Row[] = [['dial', payload.dial_id]];
  if ('dial_session_id' in payload) rows.push(['session', payload.dial_session_id]);

  switch (event.event) {
    case 'dial.updated':
      rows.push(['status', event.payload.status]);
      break;
    case 'dial.transcript': {
      const lines = event.payload.transcript.map((entry) => `${entry.speaker}: ${entry.text}`);
      rows.push(['transcript', lines.length > 0 ? lines.join('\n') : '(empty)']);
      break;
    }
    case 'dial.recording_created':
      rows.push(['recording', event.payload.recording_url]);
      break;
    case 'dial.extractor':
      rows.push(['ai_result', clip(JSON.stringify(event.payload.ai_result))]);
      break;
    case 'dial.inbound':
      rows.push(
        ['from', event.payload.source_number],
        ['number', event.payload.dest_number_id],
        ['agent', event.payload.call_agent_id],
      );
      break;
  }
  return rows;
}

/**
 * Lays rows out as indented, aligned lines, labels dimmed.
 *
 * @example
 * ```ts
 * renderRows([['status', 'completed']], style, 4); // ['    status  completed']
 * ```
 */
export function renderRows(rows: readonly Row[], style: Style, indent: number): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  const pad = ' '.repeat(indent);
  return rows.flatMap(([label, value]) =>
    value.split('\n').map((text, i) => {
      const head = i === 0 ? style.dim(label.padEnd(width)) : ' '.repeat(width);
      return `${pad}${head}  ${text}`;
    }),
  );
}
