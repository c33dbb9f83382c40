// no-reuse-port on a `reusePort` that is there for restarts: the same report and suggestions,
// under `restartReusePort`, whose message points to the socket hand-off. Comments and code that
// only look alike (live reload, graceful-fs, a stream's 'drain', another function) keep `reusePort`.
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import rule from '../../rules/no-reuse-port.js';
import { BUN_ALL, BUN_INSTEAD, NODE_INSTEAD, NODE_LISTEN_ALL, jsTester } from './helpers.js';

const js = jsTester();

const listen = { api: 'server.listen()', effects: NODE_LISTEN_ALL, instead: NODE_INSTEAD };
const IMPORT = "import { listenExclusive } from 'exclusive-bind';\n";

interface Case {
  /** What the case shows. */
  name: string;
  code: string;
  line: number;
  column: number;
  removal: string;
  rewrite: string;
}

/** A one-line `reusePort: true` (15 characters) reported at line:column with both Node suggestions. */
function invalid(messageId: 'reusePort' | 'restartReusePort', c: Case) {
  return {
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId,
        data: listen,
        line: c.line,
        column: c.column,
        endLine: c.line,
        endColumn: c.column + 15,
        suggestions: [
          { messageId: 'removeOption' as const, output: c.removal },
          { messageId: 'useListenExclusive' as const, output: c.rewrite },
        ],
      },
    ],
  };
}

const restarts: Case[] = [
  {
    name: "the statement's leading comment (the issue's app)",
    code: `import http from 'node:http';
const server = http.createServer();
// Deploys restart us while the old process drains; this stops the EADDRINUSE crash.
server.listen({ port: 3000, reusePort: true });`,
    line: 4,
    column: 29,
    removal: `import http from 'node:http';
const server = http.createServer();
// Deploys restart us while the old process drains; this stops the EADDRINUSE crash.
server.listen({ port: 3000 });`,
    rewrite: `import http from 'node:http';
${IMPORT}const server = http.createServer();
// Deploys restart us while the old process drains; this stops the EADDRINUSE crash.
listenExclusive(server, { port: 3000 });`,
  },
  {
    name: "a comment on the property, inside the call's options",
    code: `import http from 'node:http';
const server = http.createServer();
server.listen({
  port: 3000,
  // Draining: the old process keeps the port until its requests are done.
  reusePort: true,
});`,
    line: 6,
    column: 3,
    removal: `import http from 'node:http';
const server = http.createServer();
server.listen({
  port: 3000,
  // Draining: the old process keeps the port until its requests are done.
});`,
    rewrite: `import http from 'node:http';
${IMPORT}const server = http.createServer();
listenExclusive(server, {
  port: 3000,
  // Draining: the old process keeps the port until its requests are done.
});`,
  },
  {
    name: "a trailing comment at the end of the statement's line",
    code: `import http from 'node:http';
const server = http.createServer();
server.listen({ port: 3000, reusePort: true }); // for a graceful reload`,
    line: 3,
    column: 29,
    removal: `import http from 'node:http';
const server = http.createServer();
server.listen({ port: 3000 }); // for a graceful reload`,
    rewrite: `import http from 'node:http';
${IMPORT}const server = http.createServer();
listenExclusive(server, { port: 3000 }); // for a graceful reload`,
  },
  {
    name: "the enclosing function's doc comment",
    code: `import http from 'node:http';
/** Zero downtime: the next deploy starts before this process exits. */
export function start(port) {
  const server = http.createServer();
  server.listen({ port, reusePort: true });
  return server;
}`,
    line: 5,
    column: 25,
    removal: `import http from 'node:http';
/** Zero downtime: the next deploy starts before this process exits. */
export function start(port) {
  const server = http.createServer();
  server.listen({ port });
  return server;
}`,
    rewrite: `import http from 'node:http';
${IMPORT}/** Zero downtime: the next deploy starts before this process exits. */
export function start(port) {
  const server = http.createServer();
  listenExclusive(server, { port });
  return server;
}`,
  },
  {
    name: "the options' own statement, when they are held in a variable",
    code: `import http from 'node:http';
const server = http.createServer();
// Reloads overlap the old and the new process.
const options = { port: 3000, reusePort: true };
server.listen(options);`,
    line: 4,
    column: 31,
    removal: `import http from 'node:http';
const server = http.createServer();
// Reloads overlap the old and the new process.
const options = { port: 3000 };
server.listen(options);`,
    rewrite: `import http from 'node:http';
${IMPORT}const server = http.createServer();
// Reloads overlap the old and the new process.
const options = { port: 3000 };
listenExclusive(server, options);`,
  },
  {
    name: "an EADDRINUSE string in the same function",
    code: `import http from 'node:http';
function start(port) {
  const server = http.createServer();
  server.on('error', (err) => {
    if (err.code === 'EADDRINUSE') console.error('the old process still holds the port');
  });
  server.listen({ port, reusePort: true });
}`,
    line: 7,
    column: 25,
    removal: `import http from 'node:http';
function start(port) {
  const server = http.createServer();
  server.on('error', (err) => {
    if (err.code === 'EADDRINUSE') console.error('the old process still holds the port');
  });
  server.listen({ port });
}`,
    rewrite: `import http from 'node:http';
${IMPORT}function start(port) {
  const server = http.createServer();
  server.on('error', (err) => {
    if (err.code === 'EADDRINUSE') console.error('the old process still holds the port');
  });
  listenExclusive(server, { port });
}`,
  },
  {
    name: 'a camel-case identifier in the same function',
    code: `import http from 'node:http';
function main() {
  const server = http.createServer();
  server.listen({ port: 3000, reusePort: true });
  process.on('SIGTERM', () => gracefulShutdown(server));
}`,
    line: 4,
    column: 31,
    removal: `import http from 'node:http';
function main() {
  const server = http.createServer();
  server.listen({ port: 3000 });
  process.on('SIGTERM', () => gracefulShutdown(server));
}`,
    rewrite: `import http from 'node:http';
${IMPORT}function main() {
  const server = http.createServer();
  listenExclusive(server, { port: 3000 });
  process.on('SIGTERM', () => gracefulShutdown(server));
}`,
  },
];

const lookalikes: Case[] = [
  {
    name: 'an unrelated comment, and a restart comment on another statement',
    code: `// Restarted by systemd when it fails.
import http from 'node:http';
const server = http.createServer();
// Start listening on the configured port.
server.listen({ port: 3000, reusePort: true });`,
    line: 5,
    column: 29,
    removal: `// Restarted by systemd when it fails.
import http from 'node:http';
const server = http.createServer();
// Start listening on the configured port.
server.listen({ port: 3000 });`,
    rewrite: `// Restarted by systemd when it fails.
import http from 'node:http';
${IMPORT}const server = http.createServer();
// Start listening on the configured port.
listenExclusive(server, { port: 3000 });`,
  },
  {
    name: 'live reload is a browser reload, not a restart',
    code: `import http from 'node:http';
const server = http.createServer();
// Live-reload server for the dev build; hot reload pushes over it.
server.listen({ port: 35729, reusePort: true });`,
    line: 4,
    column: 30,
    removal: `import http from 'node:http';
const server = http.createServer();
// Live-reload server for the dev build; hot reload pushes over it.
server.listen({ port: 35729 });`,
    rewrite: `import http from 'node:http';
${IMPORT}const server = http.createServer();
// Live-reload server for the dev build; hot reload pushes over it.
listenExclusive(server, { port: 35729 });`,
  },
  {
    name: "graceful-fs and a stream's 'drain' in the same function",
    code: `import http from 'node:http';
async function start() {
  const fs = await import('graceful-fs');
  const server = http.createServer((req, res) => {
    res.on('drain', () => fs.createReadStream('index.html').resume());
  });
  server.listen({ port: 3000, reusePort: true });
}`,
    line: 7,
    column: 31,
    removal: `import http from 'node:http';
async function start() {
  const fs = await import('graceful-fs');
  const server = http.createServer((req, res) => {
    res.on('drain', () => fs.createReadStream('index.html').resume());
  });
  server.listen({ port: 3000 });
}`,
    rewrite: `import http from 'node:http';
${IMPORT}async function start() {
  const fs = await import('graceful-fs');
  const server = http.createServer((req, res) => {
    res.on('drain', () => fs.createReadStream('index.html').resume());
  });
  listenExclusive(server, { port: 3000 });
}`,
  },
  {
    name: 'restart code in another function',
    code: `import http from 'node:http';
function restartWorkers() {}
function start() {
  const server = http.createServer();
  server.listen({ port: 3000, reusePort: true });
}`,
    line: 5,
    column: 31,
    removal: `import http from 'node:http';
function restartWorkers() {}
function start() {
  const server = http.createServer();
  server.listen({ port: 3000 });
}`,
    rewrite: `import http from 'node:http';
${IMPORT}function restartWorkers() {}
function start() {
  const server = http.createServer();
  listenExclusive(server, { port: 3000 });
}`,
  },
];

js.run('no-reuse-port: reusePort for restarts', rule, {
  valid: [],
  invalid: [
    ...restarts.map((c) => invalid('restartReusePort', c)),
    ...lookalikes.map((c) => invalid('reusePort', c)),
    {
      name: 'Bun.serve: the pointer is for Node servers, which listenExclusive() serves',
      code: `// Zero-downtime restarts.
Bun.serve({ port: 3000, reusePort: true, fetch });`,
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Bun.serve()', effects: BUN_ALL, instead: BUN_INSTEAD },
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 40,
          suggestions: [{ messageId: 'disableOption', output: `// Zero-downtime restarts.\nBun.serve({ port: 3000, reusePort: false, fetch });` }],
        },
      ],
    },
  ],
});

describe('no-reuse-port: the restart message', () => {
  it('names what breaks, what to do instead, and links the hand-off page', () => {
    const [message, ...rest] = new Linter().verify(restarts[0]!.code, [
      {
        plugins: { 'exclusive-bind': plugin },
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
        rules: { 'exclusive-bind/no-reuse-port': 'error' },
      },
    ]);
    expect(rest).toEqual([]);
    expect(message!.message).toBe(
      `\`reusePort\` in server.listen(): ${NODE_LISTEN_ALL}. Instead: ${NODE_INSTEAD}. ` +
        'For restarts, listenExclusive() adopts the socket handed over by `exclusive-bind run` or systemd: ' +
        'https://github.com/exclusive-bind/exclusive-bind/blob/main/docs/helper/restarts.md',
    );
  });
});
