// `dialhook sign`: the signature of a file's or standard input's exact bytes, and nothing else
// on standard output, so that it composes in shell scripts.
import { sign } from '@dialhook/core';
import { readFileBytes, requireSecret } from './arguments.js';
import type { Output } from './output.js';
import { UsageError } from './usage-error.js';

async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) {
    throw new UsageError('give a file, or pipe the body in: dialhook sign - < payload.json');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Runs `dialhook sign`: prints the lowercase hex HMAC-SHA256 of the exact bytes of `file`,
 * or of standard input when `file` is `-` or omitted.
 *
 * @returns The exit code, 0.
 * @throws {UsageError} for a missing secret, an unreadable file, or a terminal as input.
 *
 * @example
 * ```ts
 * await signCommand('payload.json', { secret }, output);
 * ```
 */
export async function signCommand(
  file: string | undefined,
  options: { secret?: string },
  output: Output,
): Promise<number> {
  const secret = requireSecret(options.secret);
  const body = file === undefined || file === '-' ? await readStdin() : readFileBytes(file);

  output.line(await sign(body, secret));
  return 0;
}
