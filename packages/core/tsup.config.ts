import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/hmac-node.ts', 'src/hmac-web.ts'],
    // Resolved by the package's "imports" map at run time, per runtime: never bundled in.
    external: ['#hmac'],
  }),
);
