import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // Both builds run at once: keep the bin that the other one writes.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'es2022',
  },
  {
    // The `dialhook` bin: ESM only; the #! line of src/cli.ts is kept and the file made
    // executable.
    entry: ['src/cli.ts'],
    format: ['esm'],
    clean: false,
    target: 'es2022',
  },
]);
