import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

export default defineConfig([
  // Both builds run at once: keep the bin that the other one writes.
  packageBuild({ clean: ['!cli.js', '!cli.js.map'] }),
  // The `dialhook` bin: ESM only; the #! line of src/cli.ts is kept and the file made
  // executable.
  packageBuild({ entry: ['src/cli.ts'], format: ['esm'], dts: false, clean: false }),
]);
