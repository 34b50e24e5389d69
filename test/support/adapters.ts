// Every receiver under test, behind one interface, so that test/adapters.test.ts runs one table
// of cases against each with a real HTTP server on a free port.
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, type WebhookOptions } from '@dialhook/core';
import { serve } from '@hono/node-server';
import { expressAdapters } from './express.js';
import { honoInProcess, honoNode } from './hono.js';
import { koaAdapters } from './koa.js';

/** A server listening on a free loopback port. */
export interface RunningServer {
  /** The webhook endpoint's full URL. */
  url: string;
  /**
   * For a receiver tested in process: sends a request to it without a socket. The table uses
   * it instead of the global fetch when it is set.
   */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

/** One receiver: how to start a real server that mounts it at {@link WEBHOOK_PATH}. */
export interface AdapterUnderTest {
  name: string;
  start(options: WebhookOptions<unknown>): Promise<RunningServer>;
}

export const WEBHOOK_PATH = '/webhooks/vogent';

/** Serves a fetch handler on a free port through @hono/node-server. */
export function serveFetch(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<RunningServer>((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}${WEBHOOK_PATH}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

const webHandler: AdapterUnderTest = {
  name: 'core createWebhookHandler',
  start(options) {
    const handler = createWebhookHandler(options);
    return serveFetch((request) =>
      new URL(request.url).pathname === WEBHOOK_PATH
        ? handler(request)
        : new Response('not found', { status: 404 }),
    );
  },
};

/** The adapters the shared table runs against. Each adapter's issue adds its own here. */
export const adapters: AdapterUnderTest[] = [
  webHandler,
  honoNode,
  honoInProcess,
  ...expressAdapters,
  ...koaAdapters,
];
