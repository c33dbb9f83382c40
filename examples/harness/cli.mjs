#!/usr/bin/env node
// A command-line tool with a `serve` command, as a test starts it: `cli.mjs serve --port 0`.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { reportListening } from 'exclusive-bind';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: '8080' } } });
if (positionals[0] !== 'serve') {
  console.error('usage: cli.mjs serve [--port N]');
  process.exit(2);
}
const server = http.createServer((request, response) => response.end(`served by ${process.pid}\n`));
// The tool's own listen(); a bind error is fatal, as it would be for a user.
server.listen({ host: '127.0.0.1', port: Number(values.port) }, () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
  reportListening(server);
});
