// A Hono app that receives Vogent webhooks: server.ts serves it on Node, and app.test.ts sends
// it signed events the way Vogent does.
import { type InboundResponse, vogentWebhooks } from '@dialhook/hono';
import { Hono } from 'hono';

export interface AppOptions {
  /** The Webhook Signing Secret from the Vogent dashboard. */
  secret: string;
  /** Where the app writes what it received; `console.log` in server.ts. */
  log: (line: string) => void;
}

/** The app: one webhook route, with a handler for the events it cares about. */
export function createApp({ secret, log }: AppOptions): Hono {
  const app = new Hono();

  app.post(
    '/webhooks/vogent',
    vogentWebhooks({
      secret,
      on: {
        'dial.updated': (event) => log(`dial ${event.payload.dial_id} is ${event.payload.status}`),
        'dial.transcript': (event) =>
          log(`dial ${event.payload.dial_id}: ${event.payload.transcript.length} lines`),
        // Vogent waits 3 s at most for this answer, which fills the agent's prompt parameters.
        'dial.inbound': (event): InboundResponse => {
          log(`inbound call from ${event.payload.source_number}`);
          return { call_agent_input: { caller_number: event.payload.source_number } };
        },
      },
      onError: (error) => log(`refused or failed: ${error.code}`),
    }),
  );

  return app;
}
