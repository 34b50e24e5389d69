// Turns command-line strings into checked values. Each failure is a UsageError (exit code 2)
// whose one-line message says what was expected.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { UsageError } from './usage-error.js';

/** The environment variable the secret is read from when `--secret` is not given. */
export const SECRET_ENV = 'VOGENT_WEBHOOK_SECRET';

/** One `--set` flag: a path into the payload and the value to put there. */
export interface Assignment {
  path: string[];
  value: unknown;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses `key=value` (the value is a string) or `key:=json` (the value is parsed JSON). The
 * key is a dotted path into the payload, such as `ai_result.score`.
 *
 * @throws {InvalidArgumentError} for anything else, which commander reports on one line.
 *
 * @example
 * ```ts
 * parseAssignment('ai_result.score:=9'); // { path: ['ai_result', 'score'], value: 9 }
 * ```
 */
export function parseAssignment(text: string): Assignment {
  const match = /^([^=:]+)(:?=)(.*)$/s.exec(text);
  const path = match?.[1]?.split('.') ?? [];
  if (!match || path.some((key) => key === '' || FORBIDDEN_KEYS.has(key))) {
    throw new InvalidArgumentError('expected key=value or key:=json, such as status=failed.');
  }
  const raw = match[3] ?? '';
  if (match[2] === '=') return { path, value: raw };
  try {
    return { path, value: JSON.parse(raw) };
  } catch {
    throw new InvalidArgumentError(`the value after ":=" is not JSON: ${raw}`);
  }
}

/**
 * Collects repeated `--set` flags, for commander.
 *
 * @throws {InvalidArgumentError} as {@link parseAssignment} does.
 *
 * @example
 * ```ts
 * new Option('--set <key=value>').argParser(collectAssignment);
 * ```
 */
export function collectAssignment(text: string, previous: Assignment[] = []): Assignment[] {
  return [...previous, parseAssignment(text)];
}

/**
 * Turns assignments into nested payload overrides, later ones winning.
 *
 * @example
 * ```ts
 * toOverrides([parseAssignment('ai_result.score:=9')]); // { ai_result: { score: 9 } }
 * ```
 */
export function toOverrides(assignments: readonly Assignment[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = Object.create(null);
  for (const { path, value } of assignments) {
    let target = overrides;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        target[key] = Object.create(null);
      }
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = value;
  }
  return overrides;
}

/**
 * Parses `--count`: a whole number from 1 to 10000.
 *
 * @throws {InvalidArgumentError} otherwise.
 *
 * @example
 * ```ts
 * parseCount('3'); // 3
 * ```
 */
export function parseCount(text: string): number {
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > 10_000) {
    throw new InvalidArgumentError('expected a whole number from 1 to 10000.');
  }
  return count;
}

/**
 * Parses `--port`: a whole number from 0 (any free port) to 65535.
 *
 * @throws {InvalidArgumentError} otherwise.
 *
 * @example
 * ```ts
 * parsePort('0'); // 0: any free port
 * ```
 */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new InvalidArgumentError('expected a port from 0 (any free port) to 65535.');
  }
  return port;
}

/**
 * The secret from `--secret`, else from VOGENT_WEBHOOK_SECRET.
 *
 * @throws {UsageError} when neither is set or the value is empty.
 *
 * @example
 * ```ts
 * const secret = requireSecret(options.secret); // commander filled it from the env
 * ```
 */
export function requireSecret(secret: string | undefined): string {
  if (secret) return secret;
  throw new UsageError(
    `no secret: pass --secret <secret> or set ${SECRET_ENV} (the Webhook Signing Secret).`,
  );
}

/**
 * Reads a file's exact bytes.
 *
 * @throws {UsageError} when it cannot be read, naming the file and the reason.
 *
 * @example
 * ```ts
 * const body = readFileBytes('payload.json');
 * ```
 */
export function readFileBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read ${path} (${reason}).`);
  }
}

/**
 * Parses `--inbound-response`: JSON given inline, or `@file` to read it from a file. It must
 * be a JSON object, such as `{"call_agent_input": {"name": "Jordan"}}`.
 *
 * @throws {UsageError} when the file cannot be read or the text is not a JSON object.
 *
 * @example
 * ```ts
 * parseInboundResponse('@answer.json'); // { call_agent_input: { ... } }
 * ```
 */
export function parseInboundResponse(text: string): Record<string, unknown> {
  const json = text.startsWith('@') ? new TextDecoder().decode(readFileBytes(text.slice(1))) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UsageError('--inbound-response is not valid JSON (use @file to read a file).');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--inbound-response must be a JSON object, such as {"keywords": []}.');
  }
  return value as Record<string, unknown>;
}
