// A Cloudflare Worker that receives Vogent webhooks with Hono. The secret is a Worker secret,
// read from the bindings per request, and every verified event is kept in Workers KV under
// "<dial_id>/<event type>" for the rest of the application to pick up.
import { type VogentContext, type VogentEvent, vogentWebhooks } from '@dialhook/hono';
import { Hono } from 'hono';

/** The two KV methods this Worker uses; @cloudflare/workers-types has the full interface. */
export interface DialEventStore {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

/** The Worker's bindings: the KV namespace in wrangler.toml and the secret. */
export interface Env {
  /** Set with `wrangler secret put VOGENT_WEBHOOK_SECRET`; never in wrangler.toml. */
  VOGENT_WEBHOOK_SECRET: string;
  DIAL_EVENTS: DialEventStore;
}

type AppEnv = { Bindings: Env };

async function keep(event: VogentEvent, c: VogentContext<AppEnv>): Promise<void> {
  const key = `${event.payload.dial_id}/${event.event}`;
  await c.env.DIAL_EVENTS.put(key, JSON.stringify(event.payload));
}

const app = new Hono<AppEnv>();

app.post(
  '/webhooks/vogent',
  vogentWebhooks<AppEnv>({
    secret: (c) => c.env.VOGENT_WEBHOOK_SECRET,
    on: {
      'dial.created': keep,
      'dial.updated': keep,
      'dial.transcript': keep,
      'dial.recording_created': keep,
      'dial.extractor': keep,
      // Vogent waits 3 s at most for this answer, which fills the agent's prompt parameters.
      'dial.inbound': async (event, c) => {
        await keep(event, c);
        return { call_agent_input: { caller_number: event.payload.source_number } };
      },
    },
  }),
);

export default app;
