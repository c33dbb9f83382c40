// The server under test. It binds the port it is given, port 0 by default, and reports the address
// it got to whoever started it: an IPC message when it has a channel, else one stdout line.
import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';

const server = http.createServer((request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ pid: process.pid, path: request.url }));
});

listenExclusive(server, { host: '127.0.0.1', port: Number(process.env.PORT ?? 0), report: true });

process.on('SIGTERM', () => server.close(() => process.exit(0)));
