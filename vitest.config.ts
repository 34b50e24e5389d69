import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests run against the sources on Node, so "#hmac" is the node:crypto backend here; the Web
// Crypto backend has its own tests and runs for real in workerd (packages/hono).
export default defineConfig({
  resolve: {
    alias: [
      { find: '#hmac', replacement: src('core/src/hmac-node.ts') },
      { find: /^@dialhook\/(core|express|koa|hono|testing)$/, replacement: src('$1/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
  },
});
