// The size a Worker pays for dialhook: @dialhook/core plus @dialhook/hono, bundled from their
// built packages the way Wrangler bundles a Worker, minified and gzipped. Hono itself is kept
// out of the gated number (an app that uses this adapter already has it) and shown beside it.
//
// Standalone: `node bench/size.mjs` builds core and hono, prints the sizes and a Markdown line
// for docs/benchmarks.md, and exits 1 over the budget. bench/run.mjs calls measureWorkerSize().
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The most the core plus the Hono adapter may weigh in a Worker, gzipped. */
export const WORKER_SIZE_BUDGET_BYTES = 5 * 1024;

const ENTRIES = [
  {
    name: 'core + hono adapter (Hono external)',
    includesHono: false,
    contents: "export { vogentWebhooks } from '@dialhook/hono';",
  },
  {
    name: 'a whole Worker: Hono app + core + adapter',
    includesHono: true,
    contents: [
      "import { Hono } from 'hono';",
      "import { vogentWebhooks } from '@dialhook/hono';",
      'const app = new Hono();',
      "app.post('/webhooks/vogent', vogentWebhooks({ secret: (c) => c.env.SECRET }));",
      'export default app;',
    ].join('\n'),
  },
];

async function bundle({ contents, includesHono }) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    target: 'es2022',
    // The repository's tsconfig "paths" point at the Node sources; users get the packages.
    tsconfigRaw: {},
    external: includesHono ? [] : ['hono', 'hono/*'],
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

/**
 * Bundles and measures each entry. Reads the built packages: run `pnpm build` first, or pass
 * `{ build: true }`.
 *
 * @returns One row per entry: `{ name, includesHono, minified, gzipped }` in bytes, gzip at
 * level 9.
 */
export async function measureWorkerSize({ build: rebuild = false } = {}) {
  if (rebuild) {
    execFileSync('pnpm', ['--filter', '@dialhook/hono...', 'run', 'build'], {
      cwd: root,
      stdio: 'ignore',
    });
  }
  const rows = [];
  for (const entry of ENTRIES) {
    const code = await bundle(entry);
    rows.push({
      name: entry.name,
      includesHono: entry.includesHono,
      minified: code.byteLength,
      gzipped: gzipSync(code, { level: 9 }).byteLength,
    });
  }
  return rows;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;

/** The rows as Markdown table lines, ready for docs/benchmarks.md. */
export function workerSizeMarkdown(rows) {
  return [
    '| Worker bundle (esbuild, minified, workerd) | Hono included | minified | gzip -9 |',
    '| --- | --- | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.includesHono ? 'yes' : 'no'} | ${kib(r.minified)} | ${kib(r.gzipped)} |`,
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await measureWorkerSize({ build: true });
  for (const line of workerSizeMarkdown(rows)) console.log(line);

  const gated = rows.find((r) => !r.includesHono);
  const verdict = gated.gzipped < WORKER_SIZE_BUDGET_BYTES ? 'under' : 'OVER';
  const budget = kib(WORKER_SIZE_BUDGET_BYTES);
  console.log(`\ncore + hono adapter: ${gated.gzipped} B gzipped, ${verdict} the ${budget} budget`);
  if (verdict === 'OVER') process.exitCode = 1;
}
