import { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago: the kernel picks it for a throwaway listener. There is a
 * small race with other processes, acceptable for a benchmark that also checks its servers come up.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a throwaway listener'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
