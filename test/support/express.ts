// Express servers for the cross-adapter tests: the shared table's entries (one per major
// version) and the body-parser arrangements that test/raw-body.test.ts runs.
import type { WebhookOptions } from '@dialhook/core';
import { captureRawBody, verifyVogentWebhook, vogentWebhooks } from '@dialhook/express';
import {
  type Express,
  type ExpressModule,
  expressVersions,
  type RequestHandler,
} from '../../packages/express/test/frameworks.js';
import type { AdapterUnderTest, RunningServer } from './adapters.js';
import { listen } from './listen.js';

const PATH = '/webhooks/vogent';

/** Starts an app of the given Express version, after `mount` has added its routes. */
export function startExpress(
  express: ExpressModule,
  mount: (app: Express, express: ExpressModule) => void,
): Promise<RunningServer> {
  const app = express();
  mount(app, express);
  return listen(app, PATH);
}

/** `vogentWebhooks` under `app.all`, so that every method reaches it: one per major version. */
export const expressAdapters: AdapterUnderTest[] = expressVersions.map(({ name, express }) => ({
  name,
  start: (options) => startExpress(express, (app) => app.all(PATH, vogentWebhooks(options))),
}));

/** One way an app may be set up in front of the webhook, and what dialhook makes of it. */
export interface BodyArrangement {
  name: string;
  /** `verified`: the event gets through; otherwise the error code the request gets. */
  outcome: 'verified' | 'raw_body_unavailable';
  start(options: WebhookOptions<unknown>): Promise<RunningServer>;
}

type Mount = (app: Express, express: ExpressModule, options: WebhookOptions<unknown>) => void;

// A parser written by hand that reads the stream and keeps the body as text only.
const handWrittenParser: RequestHandler = (req, _res, next) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    req.body = Buffer.concat(chunks).toString('utf8');
    next();
  });
};

const mounts: [string, BodyArrangement['outcome'], Mount][] = [
  ['no body parser', 'verified', (app, _, o) => app.post(PATH, vogentWebhooks(o))],
  [
    'express.raw({ type: "application/json" }) in front',
    'verified',
    (app, express, o) =>
      app.post(PATH, express.raw({ type: 'application/json' }), vogentWebhooks(o)),
  ],
  [
    'express.raw() for another content type in front',
    'verified',
    (app, express, o) => app.use(express.raw()).post(PATH, vogentWebhooks(o)),
  ],
  [
    'a global express.json({ verify: captureRawBody })',
    'verified',
    (app, express, o) =>
      app.use(express.json({ verify: captureRawBody })).post(PATH, vogentWebhooks(o)),
  ],
  [
    'a global express.json() for another content type',
    'verified',
    (app, express, o) =>
      app.use(express.json({ type: 'text/x-other' })).post(PATH, vogentWebhooks(o)),
  ],
  [
    'a global express.json() without the hook',
    'raw_body_unavailable',
    (app, express, o) => app.use(express.json()).post(PATH, vogentWebhooks(o)),
  ],
  [
    'express.text() in front',
    'raw_body_unavailable',
    (app, express, o) => app.post(PATH, express.text({ type: '*/*' }), vogentWebhooks(o)),
  ],
  [
    'a hand-written parser that read the stream',
    'raw_body_unavailable',
    (app, _, o) => app.use(handWrittenParser).post(PATH, vogentWebhooks(o)),
  ],
];

/** Every arrangement, against every major version of Express. */
export const expressArrangements: BodyArrangement[] = expressVersions.flatMap((version) =>
  mounts.map(([name, outcome, mount]) => ({
    name: `${version.name}, ${name}`,
    outcome,
    start: (options: WebhookOptions<unknown>) =>
      startExpress(version.express, (app, express) => mount(app, express, options)),
  })),
);

/**
 * `verifyVogentWebhook` under `app.all`, followed by a route that answers with the event it
 * finds on `res.locals`: one per major version.
 */
export const expressVerifyThenNext: AdapterUnderTest[] = expressVersions.map((version) => ({
  name: version.name,
  start: (options) =>
    startExpress(version.express, (app) =>
      app.all(PATH, verifyVogentWebhook(options), (_req, res) => {
        res.status(202).json({ route: 'mine', event: res.locals.vogentEvent });
      }),
    ),
}));
