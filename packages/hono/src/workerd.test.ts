// The runtime rules, checked on what users install: the built packages, resolved through their
// "exports" and "imports" maps by esbuild for Workers, and the example Worker run in real workerd.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { signedRequest } from '@dialhook/testing';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvents, SECRET } from '../../../test/support/fixtures.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workerDir = join(root, 'examples/cloudflare-worker');
const WEBHOOK_PATH = '/webhooks/vogent';
const BUILD_TIMEOUT_MS = 120_000;
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const mtimes = (dir: string, keep: (name: string) => boolean): number[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(keep)
    .map((name) => statSync(join(dir, name)).mtimeMs);

// Builds core and hono unless dist is newer than every source, so that `pnpm test` (which has
// just built) does not wipe dist under other test files that read it.
function ensureBuilt(): void {
  const stale = ['core', 'hono'].some((name) => {
    const pkg = join(root, 'packages', name);
    const sources = [
      ...mtimes(join(pkg, 'src'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
      statSync(join(pkg, 'package.json')).mtimeMs,
    ];
    let built: number[];
    try {
      built = mtimes(join(pkg, 'dist'), (f) => /\.(c?js|d\.c?ts)$/.test(f));
    } catch {
      return true;
    }
    return built.length === 0 || Math.min(...built) < Math.max(...sources);
  });
  if (stale) {
    execFileSync('pnpm', ['--filter', '@dialhook/hono...', 'run', 'build'], {
      cwd: root,
      stdio: 'pipe',
    });
  }
}

/** Bundles as Wrangler does for a Worker: ESM, platform neutral, the Workers conditions. */
async function bundleForWorkers(
  entry: { path: string } | { contents: string },
  extra: { minify?: boolean; external?: string[] } = {},
) {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts' as const } }),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    target: 'es2022',
    // Not the repository's tsconfig files, whose "paths" point #hmac and @dialhook/* at the
    // Node sources: a user's bundler sees only the published packages.
    tsconfigRaw: {},
    // Kept out of the bundle so that the test can name them: tsup writes node:crypto as
    // "crypto", so the prefix alone would not catch a Node built-in.
    external: [...NODE_BUILTINS, ...(extra.external ?? [])],
    minify: extra.minify ?? false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  return {
    code: result.outputFiles[0]?.text ?? '',
    inputs: Object.keys(result.metafile.inputs),
    builtins: output?.imports.filter((i) => i.external).map((i) => i.path) ?? [],
  };
}

/** The KV reads the tests make; Miniflare's own types need @cloudflare/workers-types. */
interface DialEventStore {
  get(key: string, type: 'json'): Promise<unknown>;
}
const dialEvents = async (mf: Miniflare) =>
  (await mf.getKVNamespace('DIAL_EVENTS')) as unknown as DialEventStore;

const NODE_ONLY = /\bnode:[a-z_/]+|\bBuffer\b/g;

describe('@dialhook/hono bundled for Workers', () => {
  beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

  it('needs no node: module and no Buffer, and takes the Web Crypto HMAC', async () => {
    const { code, inputs, builtins } = await bundleForWorkers({
      contents: "export * from '@dialhook/hono';",
    });

    expect(builtins).toEqual([]);
    expect(code.match(NODE_ONLY)).toBeNull();
    expect(inputs).toContain('packages/core/dist/hmac-web.js');
    expect(inputs).toContain('packages/hono/dist/index.js');
    expect(inputs.filter((input) => input.includes('hmac-node'))).toEqual([]);
  });

  it('weighs under 5 KiB gzipped, minified, without Hono itself', async () => {
    const { code } = await bundleForWorkers(
      { contents: "export { vogentWebhooks } from '@dialhook/hono';" },
      { minify: true, external: ['hono', 'hono/*'] },
    );

    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThan(5 * 1024);
  });

  it('bundles the example Worker with no node: module and no Buffer', async () => {
    const { code, builtins } = await bundleForWorkers({ path: join(workerDir, 'src/index.ts') });

    expect(builtins).toEqual([]);
    expect(code.match(NODE_ONLY)).toBeNull();
  });
});

describe('the cloudflare-worker example in workerd', () => {
  const compatibilityDate = /^compatibility_date = "([\d-]+)"$/m.exec(
    readFileSync(join(workerDir, 'wrangler.toml'), 'utf8'),
  )?.[1];
  let script = '';
  const instances: Miniflare[] = [];

  /** Starts the Worker in workerd with its bindings; disposed after each test. */
  function startWorker(secret: string): Miniflare {
    const mf = new Miniflare({
      modules: true,
      script,
      ...(compatibilityDate === undefined ? {} : { compatibilityDate }),
      bindings: { VOGENT_WEBHOOK_SECRET: secret },
      kvNamespaces: ['DIAL_EVENTS'],
    });
    instances.push(mf);
    return mf;
  }

  // Through Node's fetch over HTTP to workerd's socket: Miniflare's own dispatchFetch fails on
  // a 401 whose request body was a buffer ("expected non-null body source").
  const send = async (mf: Miniflare, init: RequestInit) =>
    fetch(new URL(WEBHOOK_PATH, await mf.ready), init);
  const post = async (mf: Miniflare, body: Uint8Array | string, secret = SECRET) =>
    send(mf, await signedRequest(body, { secret }));

  beforeAll(async () => {
    ensureBuilt();
    script = (await bundleForWorkers({ path: join(workerDir, 'src/index.ts') })).code;
  }, BUILD_TIMEOUT_MS);
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((mf) => mf.dispose()));
  });
  afterAll(async () => {
    await Promise.all(instances.splice(0).map((mf) => mf.dispose()));
  });

  it('verifies every fixture event, stores it through its handler and answers 200', async () => {
    const mf = startWorker(SECRET);
    const store = await dialEvents(mf);

    for (const { type, bytes } of fixtureEvents) {
      const res = await post(mf, bytes);
      await res.body?.cancel();

      const { payload } = JSON.parse(new TextDecoder().decode(bytes));
      expect(res.status, type).toBe(200);
      expect(await store.get(`${payload.dial_id}/${type}`, 'json'), type).toEqual(payload);
    }
  });

  it('answers dial.inbound with the JSON its handler returns', async () => {
    const mf = startWorker(SECRET);
    const inbound = fixtureEvents.find((f) => f.type === 'dial.inbound');

    const res = await post(mf, inbound?.bytes ?? '');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ call_agent_input: { caller_number: '+18001234567' } });
  });

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const mf = startWorker(SECRET);
    const body = JSON.stringify({
      event: 'dial.created',
      payload: { dial_session_id: 's-401', dial_id: 'd-401' },
    });

    const res = await post(mf, body, 'not-the-secret');

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(await (await dialEvents(mf)).get('d-401/dial.created', 'json')).toBeNull();
  });

  it('answers a body over the 1 MiB default with 413', async () => {
    const mf = startWorker(SECRET);
    const pad = 'x'.repeat(2 * 1024 * 1024);
    const body = JSON.stringify({ event: 'dial.created', payload: { pad } });

    const res = await post(mf, body);

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers a body over the limit with 413 when it comes without a Content-Length', async () => {
    const mf = startWorker(SECRET);
    // One byte over the limit, in chunks: workerd reads it all before answering, so the
    // connection is not reset while the client is still sending.
    const chunks = [
      ...Array.from({ length: 16 }, () => new Uint8Array(64 * 1024)),
      new Uint8Array(1),
    ];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });

    const res = await send(mf, {
      method: 'POST',
      headers: { 'x-elto-signature': '0'.repeat(64) },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('takes the secret from the VOGENT_WEBHOOK_SECRET binding', async () => {
    const mf = startWorker('a-rotated-secret');
    const created = fixtureEvents.find((f) => f.type === 'dial.created')?.bytes ?? '';

    const withOld = await post(mf, created, SECRET);
    const withBound = await post(mf, created, 'a-rotated-secret');

    expect([withOld.status, withBound.status]).toEqual([401, 200]);
    await Promise.all([withOld.body?.cancel(), withBound.body?.cancel()]);
  });
});
