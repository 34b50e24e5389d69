// A plain Node HTTP server on a free loopback port, for the Node framework adapters.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from './adapters.js';

/**
 * Serves a request listener (an Express app, a Koa app's callback) on a free port; `path` is
 * what the returned `url` points at.
 */
export function listen(listener: RequestListener, path: string): Promise<RunningServer> {
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}${path}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open until they time out.
            server.closeAllConnections();
          }),
      });
    });
  });
}
