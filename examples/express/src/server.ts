// Serves the app. Run `pnpm start` with VOGENT_WEBHOOK_SECRET (and optionally PORT) set.
import { createApp } from './app.js';

const secret = process.env.VOGENT_WEBHOOK_SECRET;
if (!secret) {
  console.error('Set VOGENT_WEBHOOK_SECRET to the Webhook Signing Secret from Vogent.');
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
createApp({ secret, log: (line) => console.log(line) }).listen(port, () => {
  console.log(`Receiving Vogent webhooks on http://localhost:${port}/webhooks/vogent`);
});
