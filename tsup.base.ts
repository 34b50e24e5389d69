import type { Options } from 'tsup';

/**
 * The build every dialhook package shares: ESM and CommonJS with types, for Node 20 and the
 * Web runtimes. `overrides` replace any field.
 */
export function packageBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    // Keep `node:crypto` as written: Deno resolves Node built-ins only with the prefix.
    removeNodeProtocol: false,
    ...overrides,
  };
}
