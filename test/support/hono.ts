// @dialhook/hono under the shared table: once behind @hono/node-server on a free port, once in
// process through app.request(), which is how Hono apps are usually tested.
import { verifyVogentWebhook, vogentWebhooks } from '@dialhook/hono';
import { Hono } from 'hono';
import { type AdapterUnderTest, serveFetch, WEBHOOK_PATH } from './adapters.js';

// app.all rather than app.post, so that other methods reach the middleware and get its 405.
function honoApp(options: Parameters<AdapterUnderTest['start']>[0]) {
  const app = new Hono();
  app.all(WEBHOOK_PATH, vogentWebhooks(options));
  return app;
}

export const honoNode: AdapterUnderTest = {
  name: 'hono on @hono/node-server',
  start: (options) => serveFetch(honoApp(options).fetch),
};

export const honoInProcess: AdapterUnderTest = {
  name: 'hono app.request() in process',
  async start(options) {
    const app = honoApp(options);
    return {
      url: `http://localhost${WEBHOOK_PATH}`,
      fetch: async (url, init) => app.request(url, init),
      close: async () => {},
    };
  },
};

/** verifyVogentWebhook behind @hono/node-server, with a route of its own after it. */
export const honoVerifyThenNext: AdapterUnderTest = {
  name: 'hono on @hono/node-server',
  start(options) {
    const app = new Hono();
    app.all(WEBHOOK_PATH, verifyVogentWebhook(options), (c) =>
      c.json({ route: 'mine', event: c.var.vogentEvent }, 202),
    );
    return serveFetch(app.fetch);
  },
};
