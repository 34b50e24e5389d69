import type { WriteStream } from 'node:tty';

/** Wraps text in a colour, or leaves it alone when colour is off. */
export type Paint = (text: string) => string;

/** The colours the CLI uses. */
export interface Style {
  bold: Paint;
  dim: Paint;
  green: Paint;
  red: Paint;
  yellow: Paint;
  cyan: Paint;
}

/** Where the CLI writes: whole lines to standard output or standard error. */
export interface Output {
  style: Style;
  line(text?: string): void;
  error(text: string): void;
}

const ansi =
  (open: number, close: number): Paint =>
  (text) =>
    `\x1b[${open}m${text}\x1b[${close}m`;

const plain: Paint = (text) => text;

/**
 * Colour only on a terminal, and never with NO_COLOR set (https://no-color.org);
 * `hasColors()` also honours TERM=dumb and FORCE_COLOR=0.
 *
 * @example
 * ```ts
 * const style = styleFor(process.stdout);
 * ```
 */
export function styleFor(stream: NodeJS.WritableStream, env = process.env): Style {
  const tty = stream as Partial<WriteStream>;
  const on =
    !env.NO_COLOR &&
    tty.isTTY === true &&
    typeof tty.hasColors === 'function' &&
    tty.hasColors(env);
  if (!on) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  return {
    bold: ansi(1, 22),
    dim: ansi(2, 22),
    green: ansi(32, 39),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
  };
}

/**
 * The process's own output, coloured when standard output is a terminal.
 *
 * @example
 * ```ts
 * const output = processOutput();
 * output.line('hello');
 * ```
 */
export function processOutput(): Output {
  return {
    style: styleFor(process.stdout),
    line: (text = '') => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
  };
}
