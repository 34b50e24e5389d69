import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAssignment, parseCount, parsePort, toOverrides } from './arguments.js';

describe('parseAssignment', () => {
  it.each([
    ['status=failed', ['status'], 'failed'],
    ['recording_url=https://x.test/a?b=c', ['recording_url'], 'https://x.test/a?b=c'],
    ['status=', ['status'], ''],
    ['ai_result.score:=9', ['ai_result', 'score'], 9],
    ['transcript:=[]', ['transcript'], []],
    ['dial_id:="42"', ['dial_id'], '42'],
  ])('reads %s', (text, path, value) => {
    expect(parseAssignment(text)).toEqual({ path, value });
  });

  it.each(['status', '=x', 'a..b=1', '__proto__.x=1', 'a:={not json'])('refuses %s', (text) => {
    expect(() => parseAssignment(text)).toThrow(InvalidArgumentError);
  });
});

describe('toOverrides', () => {
  it('nests dotted paths, later assignments winning', () => {
    const assignments = ['ai_result.score:=9', 'ai_result.tags:=["a"]', 'status=x', 'status=y'];

    const overrides = toOverrides(assignments.map(parseAssignment));

    expect(JSON.parse(JSON.stringify(overrides))).toEqual({
      ai_result: { score: 9, tags: ['a'] },
      status: 'y',
    });
  });
});

describe('parseCount and parsePort', () => {
  it('accept whole numbers in range', () => {
    expect([parseCount('1'), parseCount('10000'), parsePort('0'), parsePort('65535')]).toEqual([
      1, 10000, 0, 65535,
    ]);
  });

  it.each(['0', '-1', '1.5', 'x', '', '10001'])('refuse a count of "%s"', (text) => {
    expect(() => parseCount(text)).toThrow(InvalidArgumentError);
  });

  it.each(['-1', '65536', 'http', ''])('refuse a port of "%s"', (text) => {
    expect(() => parsePort(text)).toThrow(InvalidArgumentError);
  });
});
