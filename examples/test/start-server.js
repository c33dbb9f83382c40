// Test helper: starts the API server for a test file. Parallel test workers call it at once.
import http from 'node:http';
import getPort from 'get-port';

export async function startServerWithReuse(handler, port) {
  const server = http.createServer(handler);
  // ❌ the "fix" for EADDRINUSE flakes: hides a real conflict between two test workers
  await new Promise((resolve) => server.listen({ port, reusePort: true }, resolve));
  return server;
}

export async function startServer(handler) {
  const server = http.createServer(handler);
  // ✅ port 0: the kernel picks a free port and nobody can race for it
  await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  return { server, port: server.address().port };
}

export async function startServerOnFreePort(handler) {
  const port = await getPort(); // ❌ free now, maybe not when listen() runs: parallel workers race for it
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port };
}
