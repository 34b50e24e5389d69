// The `dialhook` command as a user runs it: a separate node process, real servers on free
// ports. The CLI's sources are bundled once with esbuild (the core from its sources too), so
// that the suite tests the code as it is now, whether or not `pnpm build` ran.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedEvent, VOGENT_EVENT_TYPES, type WebhookOptions } from '@dialhook/core';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AdapterUnderTest,
  adapters,
  type RunningServer,
  serveFetch,
} from './support/adapters.js';
import { fixtureEvents, SECRET, vectors } from './support/fixtures.js';

// Each test spawns node once or more; a loaded CI machine must not turn that into a failure.
vi.setConfig({ testTimeout: 30_000 });

const root = fileURLToPath(new URL('..', import.meta.url));
let dir = '';
let cli = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dialhook-cli-'));
  cli = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(root, 'packages/testing/src/cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The root tsconfig maps @dialhook/core and #hmac to their sources.
    tsconfig: join(root, 'tsconfig.json'),
    // commander is CommonJS and requires Node's built-ins.
    banner: {
      js: [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
      ].join('\n'),
    },
    logLevel: 'error',
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The secret variable is removed so that only what a test passes counts.
const { VOGENT_WEBHOOK_SECRET: _, ...baseEnv } = process.env;

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [cli, ...args], {
    env: { ...baseEnv, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to its end, with `input` on standard input. */
function dialhook(
  args: string[],
  options: { input?: Uint8Array | string; env?: Record<string, string> } = {},
): Promise<Result> {
  const child = start(args, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  child.stdin?.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A receiver from the shared table whose handlers record every event they get. */
function recordingOptions(events: ParsedEvent[]): WebhookOptions<unknown> {
  const record = (event: ParsedEvent) => {
    events.push(event);
  };
  return {
    secret: SECRET,
    on: Object.fromEntries(VOGENT_EVENT_TYPES.map((type) => [type, record])),
    onUnknown: record,
  };
}

// Servers the CLI can reach: the in-process Hono entry has no socket. A new in-process entry
// under another name fails the "is a real server" check below rather than passing silently.
const servedAdapters = adapters.filter((adapter) => !adapter.name.includes('in process'));

async function startServed(adapter: AdapterUnderTest, options: WebhookOptions<unknown>) {
  const server = await adapter.start(options);
  expect(server.fetch, `${adapter.name} is a real server`).toBeUndefined();
  return server;
}

describe.each(servedAdapters)('dialhook send to $name', (adapter) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('posts one signed event of each type and exits 0 on six 2xx answers', async () => {
    const events: ParsedEvent[] = [];
    server = await startServed(adapter, recordingOptions(events));

    const result = await dialhook(['send', 'all', '--url', server.url, '--secret', SECRET]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(events.map((event) => event.event)).toEqual(VOGENT_EVENT_TYPES);
    for (const type of VOGENT_EVENT_TYPES) {
      expect(result.stdout).toMatch(new RegExp(`✓ ${type.replace('.', '\\.')} +200 OK +\\d+ ms`));
    }
    expect(result.stdout).toContain('All 6 responses were 2xx.');
    expect(
      new Set(events.map((event) => (event.payload as { dial_id: string }).dial_id)).size,
    ).toBe(1);
  });

  it('shows the 401 and its body and exits 1 when the secret is wrong', async () => {
    const events: ParsedEvent[] = [];
    server = await startServed(adapter, recordingOptions(events));

    const result = await dialhook(['send', 'dial.updated', '--url', server.url], {
      env: { VOGENT_WEBHOOK_SECRET: 'not-the-secret' },
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ dial\.updated +401 Unauthorized/);
    expect(result.stdout).toContain('"code":"invalid_signature"');
    expect(events).toEqual([]);
  });
});

describe('dialhook send', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const core = adapters[0];
  const startCore = async (events: ParsedEvent[]) => {
    server = await core?.start(recordingOptions(events));
    return server?.url ?? '';
  };

  it('sends a file byte for byte with the signature openssl computed for it', async () => {
    const vector = vectors.valid.find((v) => v.name === 'dial.created file bytes');
    const file = join(dir, 'created.json');
    await writeFile(file, vector?.body ?? '');
    const seen: { body: Uint8Array; signature: string | null }[] = [];
    server = await serveFetch(async (request) => {
      seen.push({
        body: new Uint8Array(await request.arrayBuffer()),
        signature: request.headers.get('x-elto-signature'),
      });
      return new Response('ok');
    });

    const result = await dialhook([
      'send',
      '--file',
      file,
      '--url',
      server.url,
      '--secret',
      SECRET,
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ dial\.created \(created\.json\) +200 OK/);
    expect(seen).toEqual([{ body: vector?.body, signature: vector?.signature }]);
  });

  it('applies --set to the payload and sends --count fresh events', async () => {
    const events: ParsedEvent[] = [];
    const url = await startCore(events);

    const result = await dialhook([
      ...['send', 'dial.extractor', '--url', url, '--secret', SECRET, '--count', '3'],
      ...['--set', 'dial_id=d-1', '--set', 'ai_result.score:=9', '--set', 'ai_result.tag=vip'],
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All 3 responses were 2xx.');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      event: 'dial.extractor',
      payload: { dial_id: 'd-1', ai_result: { score: 9, tag: 'vip', summary: expect.any(String) } },
    });
  });

  it('exits 1 and says why when nothing answers', async () => {
    const events: ParsedEvent[] = [];
    const url = await startCore(events);
    await server?.close();
    server = undefined;

    const result = await dialhook(['send', 'dial.created', '--url', url, '--secret', SECRET]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ dial\.created +no response: .*ECONNREFUSED/);
  });
});

describe('dialhook sign', () => {
  const cases = [
    ...vectors.valid.map((v) => ({
      name: v.name,
      secret: v.secret,
      body: v.body,
      sig: v.signature,
    })),
    {
      name: 'uppercase_hex_is_valid (printed lowercase)',
      secret: vectors.uppercase.secret,
      body: vectors.uppercase.body,
      sig: vectors.uppercase.signature.toLowerCase(),
    },
  ];

  it.concurrent.each(cases)('prints the openssl signature of "$name" from stdin', async (c) => {
    const result = await dialhook(['sign', '--secret', c.secret], { input: c.body });

    expect(result).toEqual({ code: 0, stdout: `${c.sig}\n`, stderr: '' });
  });

  it('signs a file named on the command line, with the secret from the environment', async () => {
    const fixture = fixtureEvents.find((f) => f.type === 'dial.updated');
    const vector = vectors.valid.find((v) => v.name === 'dial.updated file bytes');
    const file = join(dir, 'updated.json');
    await writeFile(file, fixture?.bytes ?? '');

    const result = await dialhook(['sign', file], { env: { VOGENT_WEBHOOK_SECRET: SECRET } });

    expect(result).toEqual({ code: 0, stdout: `${vector?.signature}\n`, stderr: '' });
  });
});

describe('dialhook argument errors', () => {
  const url = 'http://127.0.0.1:9/hook';
  it.concurrent.each([
    ['no command', [], /name a command/],
    ['an unknown command', ['sned'], /unknown command 'sned'.*send/],
    ['an unknown event type', ['send', 'dial.voicemail', '--url', url], /dial\.voicemail.*choices/],
    ['a --set without "="', ['send', 'all', '--url', url, '--set', 'x'], /key=value/],
    ['a missing --url', ['send', 'all', '--secret', 's'], /--url/],
    ['a missing secret', ['send', 'all', '--url', url], /no secret.*VOGENT_WEBHOOK_SECRET/],
    ['a --count of 0', ['send', 'all', '--url', url, '--count', '0'], /count/],
    ['an unreadable --file', ['send', '--file', '/no', '--url', url, '--secret', 's'], /read/],
    ['sign of an unreadable file', ['sign', '--secret', 's', '/nonexistent'], /cannot read/],
    ['a bad --inbound-response', ['listen', '--secret', 's', '--inbound-response', '{'], /JSON/],
  ])('exits 2 with one line on stderr for %s', async (_, args, message) => {
    const result = await dialhook(args as string[]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
  });

  it.concurrent.each([[[]], [['send']], [['sign']], [['listen']], [['demo']]])(
    'prints help and exits 0 for dialhook %j --help',
    async (command) => {
      const result = await dialhook([...command, '--help']);

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: dialhook/);
      expect(result.stderr).toBe('');
    },
  );
});

/** A running `dialhook listen`, and its standard output so far. */
interface Listener {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves once standard output matches; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<void>;
}

function listen(args: string[]): Promise<Listener> {
  const child = start(['listen', '--port', '0', ...args]);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    for (const check of waiters) check();
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(stdout)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      child.once('exit', (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
      check();
    });
  const listening = /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/;
  return waitFor(listening).then(() => ({
    child,
    url: listening.exec(stdout)?.[1] ?? '',
    output: () => stdout,
    waitFor,
  }));
}

describe('dialhook listen', () => {
  let listener: Listener | undefined;
  afterEach(async () => {
    const child = listener?.child;
    listener = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  });

  it('prints each event that send delivers, and answers dial.inbound as told', async () => {
    listener = await listen([
      ...['--path', '/hooks', '--secret', SECRET],
      ...['--inbound-response', '{"keywords":["Jordan"]}'],
    ]);
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks$/);

    const sent = await dialhook(['send', 'all', '--url', listener.url, '--secret', SECRET]);
    await listener.waitFor(/answered +\{"keywords":\["Jordan"\]\}/);

    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/✓ dial\.inbound +200 OK.*\n +\{"keywords":\["Jordan"\]\}/);
    const out = listener.output();
    for (const type of VOGENT_EVENT_TYPES) expect(out).toContain(`✓ ${type}  POST /hooks`);
    expect(out).toMatch(/status +completed/);
    expect(out).toMatch(/transcript +AI: Hi, this is Ava/);
    expect(out).toMatch(/\n +HUMAN: Yes, speaking\./);
    expect(out).toMatch(/recording +https:\/\/api\.getelto\.com\/api\/recordings\/[0-9a-f-]{36}/);
    expect(out).toMatch(/ai_result +\{"summary":/);
    expect(out).toMatch(/from +\+1415555\d{4}/);
    expect(out).not.toContain('\x1b[');
  });

  it('prints each refusal with its status, code and reason', async () => {
    listener = await listen(['--path', '/hooks', '--secret', SECRET]);
    const other = listener.url.replace(/\/hooks$/, '/other');

    const forged = await dialhook(['send', 'dial.created', '--url', listener.url], {
      env: { VOGENT_WEBHOOK_SECRET: 'wrong' },
    });
    const lost = await fetch(other, { method: 'POST' });
    await listener.waitFor(/404 not the webhook path/);

    expect([forged.code, lost.status]).toEqual([1, 404]);
    expect(listener.output()).toMatch(
      /✗ 401 invalid_signature {2}POST \/hooks\n +The X-Elto-Signature header does not match/,
    );
    expect(listener.output()).not.toContain('✓');
  });

  it('exits 0 when stopped with SIGTERM', async () => {
    listener = await listen(['--secret', SECRET]);
    const exited = new Promise((resolve) => listener?.child.once('exit', resolve));

    listener.child.kill('SIGTERM');

    expect(await exited).toBe(0);
  });
});

describe('dialhook demo', () => {
  it('verifies one event of each type, refuses the forged one, and exits 0', async () => {
    const result = await dialhook(['demo']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/receiver +http:\/\/127\.0\.0\.1:\d+\/webhooks\/vogent/);
    expect(result.stdout).toMatch(/secret +dev_[0-9a-f]{24} \(generated for this run\)/);
    for (const type of VOGENT_EVENT_TYPES) {
      expect(result.stdout).toMatch(new RegExp(`✓ ${type.replace('.', '\\.')} +200 OK`));
    }
    expect(result.stdout).toMatch(/transcript +AI: Hi, this is Ava/);
    expect(result.stdout).toMatch(/answered +\{"call_agent_input":\{"customer_name":"Jordan"/);
    expect(result.stdout).toMatch(/✓ dial\.updated +401 Unauthorized +invalid_signature/);
    expect(result.stdout).toMatch(/handlers +none ran/);
    expect(result.stdout).toContain(
      'All good: 6 events verified and handled, 1 forged request refused.',
    );
    expect(result.stdout).not.toContain('✗');
    expect(result.stdout).not.toContain('\x1b[');
  });
});
