// A Koa app that receives Vogent webhooks next to an ordinary JSON API: server.ts serves it,
// and app.test.ts sends it signed events the way Vogent does.
import { type InboundResponse, vogentWebhooks } from '@dialhook/koa';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';

export interface AppOptions {
  /** The Webhook Signing Secret from the Vogent dashboard. */
  secret: string;
  /** Where the app writes what it received; `console.log` in server.ts. */
  log: (line: string) => void;
}

/** The app: a JSON API route and the webhook path, with a handler for every event type. */
export function createApp({ secret, log }: AppOptions): Koa {
  const app = new Koa();

  // One body parser for the whole app. koa-bodyparser keeps ctx.request.rawBody, which is what
  // the webhook's signature is checked against.
  app.use(bodyParser());

  app.use(
    vogentWebhooks({
      path: '/webhooks/vogent',
      secret,
      on: {
        'dial.created': (event) => log(`dial ${event.payload.dial_id} created`),
        'dial.updated': (event) => log(`dial ${event.payload.dial_id} is ${event.payload.status}`),
        'dial.transcript': (event) =>
          log(`dial ${event.payload.dial_id}: ${event.payload.transcript.length} lines`),
        'dial.recording_created': (event) =>
          log(`dial ${event.payload.dial_id} recording at ${event.payload.recording_url}`),
        'dial.extractor': (event) =>
          log(`dial ${event.payload.dial_id} extracted ${Object.keys(event.payload.ai_result)}`),
        // Vogent waits 3 s at most for this answer, which fills the agent's prompt parameters.
        'dial.inbound': (event): InboundResponse => {
          log(`inbound call from ${event.payload.source_number}`);
          return { call_agent_input: { caller_number: event.payload.source_number } };
        },
      },
      onUnknown: (event) => log(`an event of a new type: ${event.event}`),
      onError: (error) => log(`refused or failed: ${error.code}`),
    }),
  );

  app.use((ctx) => {
    if (ctx.method === 'POST' && ctx.path === '/api/echo')
      ctx.body = { received: ctx.request.body };
  });

  return app;
}
