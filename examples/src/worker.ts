// A Bun worker and a Node cluster worker that share a port on purpose, on Linux only.
import cluster from 'node:cluster';
import { createServer } from 'node:http';

declare const Bun: { serve(options: object): { port: number } };

export function startBunWorker(port: number) {
  // ❌ a present, falsy `development` turns on SO_REUSEPORT by itself (production builds)
  return Bun.serve({ port, development: process.env.NODE_ENV !== 'production', fetch: () => new Response('hi') });
}

export function startBunDefault(port: number) {
  // ✅ no `development` key: exclusive even under NODE_ENV=production
  return Bun.serve({ port, fetch: () => new Response('hi') });
}

export function startBunWorkerExclusive(port: number) {
  // ✅ explicit: a second copy fails with EADDRINUSE
  return Bun.serve({ port, reusePort: false, fetch: () => new Response('hi') });
}

export function startClusterWorker(port: number) {
  if (cluster.isPrimary) return;
  const server = createServer((_req, res) => res.end('hi'));
  if (process.platform === 'linux') {
    // ✅ guarded: on Linux the kernel balances connections between the workers
    server.listen({ port, reusePort: true });
  } else {
    server.listen({ port });
  }
}

export function startOnAnythingButWindows(port: number) {
  const server = createServer((_req, res) => res.end('hi'));
  if (process.platform !== 'win32') {
    server.listen({ port, reusePort: true }); // ❌ not a guard: macOS still fails with ENOTSUP
  }
}
