import { describe, expect, it } from 'vitest';
import { styleFor } from './output.js';

const terminal = (colors: boolean) =>
  ({ isTTY: true, hasColors: () => colors }) as unknown as NodeJS.WritableStream;
const pipe = { isTTY: undefined } as unknown as NodeJS.WritableStream;

describe('styleFor', () => {
  it('colours on a terminal that has colours', () => {
    expect(styleFor(terminal(true), {}).red('x')).toBe('\x1b[31mx\x1b[39m');
  });

  it.each([
    ['a pipe', pipe, {}],
    ['a terminal without colours', terminal(false), {}],
    ['a terminal with NO_COLOR set', terminal(true), { NO_COLOR: '1' }],
  ])('leaves text plain on %s', (_, stream, env) => {
    expect(styleFor(stream, env).red('x')).toBe('x');
  });
});
