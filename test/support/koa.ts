// Koa servers for the cross-adapter tests: the shared table's entries (one per major version)
// and the body-parser arrangements that test/raw-body.test.ts runs.
import type { WebhookOptions } from '@dialhook/core';
import { verifyVogentWebhook, vogentWebhooks } from '@dialhook/koa';
import {
  bodyParser,
  type KoaApp,
  type KoaClass,
  type KoaMiddleware,
  koaBodyParser,
  koaVersions,
  Router,
} from '../../packages/koa/test/frameworks.js';
import type { AdapterUnderTest, RunningServer } from './adapters.js';
import type { BodyArrangement } from './express.js';
import { listen } from './listen.js';

const PATH = '/webhooks/vogent';

/** Starts an app of the given Koa version, after `mount` has added its middleware. */
export function startKoa(Koa: KoaClass, mount: (app: KoaApp) => void): Promise<RunningServer> {
  const app = new Koa();
  mount(app);
  return listen(app.callback(), PATH);
}

/** `vogentWebhooks` with the `path` option, so that every method reaches it: per version. */
export const koaAdapters: AdapterUnderTest[] = koaVersions.map(({ name, Koa }) => ({
  name,
  start: (options) => startKoa(Koa, (app) => app.use(vogentWebhooks({ ...options, path: PATH }))),
}));

type Mount = (app: KoaApp, options: WebhookOptions<unknown>) => void;

// A parser written by hand that reads the stream and keeps the body as text only.
const handWrittenParser: KoaMiddleware = async (ctx, next) => {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  ctx.request.body = Buffer.concat(chunks).toString('utf8');
  await next();
};

function routed(options: WebhookOptions<unknown>) {
  const router = new Router();
  router.post(PATH, vogentWebhooks(options));
  return router.routes();
}

const mounts: [string, BodyArrangement['outcome'], Mount][] = [
  ['no body parser', 'verified', (app, o) => app.use(vogentWebhooks({ ...o, path: PATH }))],
  ['under @koa/router', 'verified', (app, o) => app.use(routed(o))],
  ['koa-bodyparser in front', 'verified', (app, o) => app.use(bodyParser()).use(routed(o))],
  [
    '@koa/bodyparser in front',
    'verified',
    (app, o) => app.use(koaBodyParser()).use(vogentWebhooks({ ...o, path: PATH })),
  ],
  [
    'koa-bodyparser for other content types in front',
    'verified',
    (app, o) => app.use(bodyParser({ enableTypes: ['form'] })).use(routed(o)),
  ],
  [
    'a hand-written parser that read the stream',
    'raw_body_unavailable',
    (app, o) => app.use(handWrittenParser).use(routed(o)),
  ],
];

/** Every arrangement, against every major version of Koa. */
export const koaArrangements: BodyArrangement[] = koaVersions.flatMap((version) =>
  mounts.map(([name, outcome, mount]) => ({
    name: `${version.name}, ${name}`,
    outcome,
    start: (options: WebhookOptions<unknown>) =>
      startKoa(version.Koa, (app) => mount(app, options)),
  })),
);

/**
 * `verifyVogentWebhook` with the `path` option, followed by a middleware that answers with
 * the event it finds on `ctx.state`: one per major version.
 */
export const koaVerifyThenNext: AdapterUnderTest[] = koaVersions.map((version) => ({
  name: version.name,
  start: (options) =>
    startKoa(version.Koa, (app) =>
      app.use(verifyVogentWebhook({ ...options, path: PATH })).use((ctx) => {
        ctx.status = 202;
        ctx.body = { route: 'mine', event: ctx.state.vogentEvent };
      }),
    ),
}));
