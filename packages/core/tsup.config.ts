import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/hmac-node.ts', 'src/hmac-web.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  // Resolved by the package's "imports" map at run time, per runtime: never bundled in.
  external: ['#hmac'],
});
