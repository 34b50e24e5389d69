/**
 * A missing or wrong argument: the CLI prints its message on one line and exits with 2.
 * Messages say what to do and never contain the secret.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
