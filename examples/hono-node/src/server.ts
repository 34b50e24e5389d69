// Serves the app on Node. Run `pnpm start` with VOGENT_WEBHOOK_SECRET (and optionally PORT) set.
import { serve } from '@hono/node-server';
import { createApp } from './app.js';

const secret = process.env.VOGENT_WEBHOOK_SECRET;
if (!secret) {
  console.error('Set VOGENT_WEBHOOK_SECRET to the Webhook Signing Secret from Vogent.');
  process.exit(1);
}

const app = createApp({ secret, log: (line) => console.log(line) });
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`Receiving Vogent webhooks on http://localhost:${info.port}/webhooks/vogent`);
});
