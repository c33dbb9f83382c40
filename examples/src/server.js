// HTTP API server. The listen call below is the one copied from a popular starter template.
import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';

const port = Number(process.env.PORT ?? 5000);

function handler(req, res) {
  res.end('ok\n');
}

export function startCopiedFromTemplate() {
  const server = http.createServer(handler);
  server.listen(
    {
      port,
      host: '0.0.0.0',
      reusePort: true, // ❌ co-binds a live port on Linux, listen ENOTSUP on macOS/Windows
    },
    () => console.log(`serving on port ${port}`),
  );
  return server;
}

export function start() {
  const server = http.createServer(handler);
  // ✅ exclusive: a second instance fails loudly after a short retry for a departing owner
  listenExclusive(server, { port, host: '0.0.0.0' }, () => console.log(`serving on port ${port}`));
  return server;
}

export function startAdmin(adminPort) {
  const server = http.createServer(handler);
  // ❌ Make sure no other process can hijack the admin port.
  server.listen({ port: adminPort, exclusive: true });
  return server;
}
