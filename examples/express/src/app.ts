// An Express app that receives Vogent webhooks next to an ordinary JSON API: server.ts serves
// it, and app.test.ts sends it signed events the way Vogent does.
import { captureRawBody, type InboundResponse, vogentWebhooks } from '@dialhook/express';
import express, { type Express } from 'express';

export interface AppOptions {
  /** The Webhook Signing Secret from the Vogent dashboard. */
  secret: string;
  /** Where the app writes what it received; `console.log` in server.ts. */
  log: (line: string) => void;
}

/** The app: a JSON API route and the webhook route, with a handler for every event type. */
export function createApp({ secret, log }: AppOptions): Express {
  const app = express();

  // One JSON parser for the whole app. captureRawBody keeps the exact bytes, which is what the
  // webhook's signature is checked against; without it the webhook would answer 500.
  app.use(express.json({ limit: '1mb', verify: captureRawBody }));

  app.post('/api/echo', (req, res) => {
    res.json({ received: req.body });
  });

  app.all(
    '/webhooks/vogent',
    vogentWebhooks({
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

  return app;
}
