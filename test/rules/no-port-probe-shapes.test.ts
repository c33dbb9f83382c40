// no-port-probe on the shapes production code writes: candidate-port probes that hand on the
// read-back port, conditional and logical outputs, probes with `exclusive: true`, finder calls in a
// row, boolean "is this port free" checks used to pick a port, and servers that are only closed
// after their port was used (not probes).
import rule from '../../rules/no-port-probe.js';
import { jsTester, tsTester } from './helpers.js';

const js = jsTester();
const ts = tsTester();

const PROBE = 'This probe (bind, close, hand on the port)';

type MessageId = 'portProbe' | 'portProbeChild' | 'portProbeRepeated';

function error(messageId: MessageId, data: Record<string, string>, line: number, column: number, endColumn: number) {
  return { messageId, data, line, column, endLine: line, endColumn, suggestions: [] };
}
const probe = (line: number, column: number, endColumn: number) => error('portProbe', { what: PROBE }, line, column, endColumn);

// ---------------------------------------------------------------------------------------------
// 1. A candidate port bound, its read-back port handed on.

js.run('no-port-probe: candidate-port probes handing on the read-back port', rule, {
  valid: [
    // The candidate is bound for real and the server stays up: nothing is closed.
    `import net from 'node:net';
export function listenOn(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(port, () => resolve(server.address().port));
  });
}`,
    // Closed in another function, after the port was handed on.
    `import net from 'node:net';
const server = net.createServer();
export function start(port) {
  return new Promise((resolve) => server.listen(port, () => resolve(server.address().port)));
}
export function stop() {
  server.close();
}`,
  ],
  invalid: [
    {
      // A dev server's deterministic finder: candidate and host bound, read back through a cast.
      code: `import net from 'node:net';
const checkAvailablePort = (basePort, host) =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(basePort, host, () => {
      const { port } = /** @type {import('net').AddressInfo} */ (server.address());
      server.close(() => {
        resolve(port);
      });
    });
  });
export async function getPorts(basePort, host) {
  for (let port = basePort; port <= 65535; port++) {
    try {
      return await checkAvailablePort(port, host);
    } catch {}
  }
}`,
      errors: [probe(7, 5, 18)],
    },
    {
      // The read-back variable shadows the candidate; the close has no callback.
      code: `const net = require('node:net');
function tryPort(port) {
  return new Promise((res, rej) => {
    const server = net.createServer();
    server.on('error', (err) => (err.code === 'EADDRINUSE' ? res(-1) : rej(err)));
    server.listen(port, () => {
      const address = server.address();
      const port = address.port;
      server.close();
      res(port);
    });
  });
}
module.exports = { tryPort };`,
      errors: [probe(6, 5, 18)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 2. Outputs that are conditional or logical: every branch is examined.

js.run('no-port-probe: conditional and logical outputs', rule, {
  valid: [
    // No branch is the port: a boolean answer is not a hand-off (see the loop tests below).
    `import net from 'node:net';
export function probe(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(server ? true : false)));
  });
}`,
  ],
  invalid: [
    {
      // A build tool's ephemeral-port helper.
      code: `import net from 'node:net';
function tryListen(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e) => {
      server.close(() => resolve(e.code === 'EADDRINUSE' ? null : port));
    });
    server.once('listening', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
    server.listen(port, host);
  });
}
export async function getAvailableEphemeralPort(host) {
  let port = 0;
  const found = await tryListen(port, host);
  return found ?? port;
}`,
      errors: [probe(12, 5, 18)],
    },
    {
      // An options object with the candidate; the port only if it is a safe one.
      code: `import { createServer } from 'node:net';
function tryPort(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolve(false));
    server.listen({ port, host }, () => {
      const { port: port2 } = server.address();
      server.close(() => {
        resolve(isSafePort(port2) && port2);
      });
    });
  });
}
export { tryPort };`,
      errors: [probe(7, 5, 18)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 6. Not a probe: the port is used while the server listens, and closed after the use.

js.run('no-port-probe: port used before the close', rule, {
  valid: [
    `import http from 'node:http';
it('serves', async () => {
  const server = http.createServer(handler);
  server.listen(0);
  const { port } = server.address();
  try {
    await fetch(\`http://127.0.0.1:\${port}/\`);
  } finally {
    server.close();
  }
});`,
    // A callback given the port runs while the server listens; the close comes after it.
    `import http from 'node:http';
export async function withServer(handler, run) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, resolve));
  const { port } = server.address();
  try {
    return await run(port);
  } finally {
    server.close();
  }
}`,
    `import net from 'node:net';
export function withPort(callback) {
  const server = net.createServer().listen(0);
  server.on('listening', () => {
    const { port } = server.address();
    try {
      callback(null, port);
    } finally {
      server.close();
    }
  });
}`,
    `export async function withBun(use) {
  const server = Bun.serve({ port: 0, fetch: () => new Response('') });
  try {
    await use(server.port);
  } finally {
    server.stop(true);
  }
}`,
  ],
  invalid: [
    {
      // Returned from the try: the value leaves after the finally closed the server.
      code: `export function denoPort() {
  const listener = Deno.listen({ port: 0 });
  try {
    return listener.addr.port;
  } finally {
    listener.close();
  }
}`,
      errors: [probe(2, 20, 31)],
    },
    {
      // Resolved from the try: whoever awaits it runs after the close.
      code: `import net from 'node:net';
export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, () => {
      try {
        resolve(server.address().port);
      } finally {
        server.close();
      }
    });
  });
}`,
      errors: [probe(5, 5, 18)],
    },
  ],
});

ts.run('no-port-probe: candidate-port probes (TypeScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `import net, { type AddressInfo } from 'node:net';
export function check(port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}`,
      errors: [probe(6, 5, 18)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 9. `exclusive: true` does not make a probe hold its port; finder calls in a row.

const REPEATED = (what: string, line: number, column: number, endColumn: number) =>
  error('portProbeRepeated', { what }, line, column, endColumn);

js.run('no-port-probe: exclusive probes and finder calls in a row', rule, {
  valid: [],
  invalid: [
    {
      // A probe with `exclusive: true` on port 0 and on a candidate: still a probe.
      code: `import net from 'node:net';
export function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}
export function zero() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen({ port: 0, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}`,
      errors: [probe(6, 5, 18), probe(15, 5, 18)],
    },
    {
      // Three ports for three containers, nothing bound in between.
      code: `import { getPortPromise } from 'portfinder';
export async function ports() {
  const db = await getPortPromise();
  const cache = await getPortPromise();
  const queue = await getPortPromise();
  return { db, cache, queue };
}`,
      errors: [
        REPEATED('`portfinder.getPortPromise()` from portfinder', 3, 20, 34),
        REPEATED('`portfinder.getPortPromise()` from portfinder', 4, 23, 37),
        REPEATED('`portfinder.getPortPromise()` from portfinder', 5, 23, 37),
      ],
    },
    {
      // In one expression, and in a loop that binds nothing.
      code: `import detect from 'detect-port';
export async function pair() {
  return Promise.all([detect(), detect()]);
}
export async function many(names) {
  const ports = {};
  for (const name of names) ports[name] = await detect();
  return ports;
}`,
      errors: [
        REPEATED('`detect()` from detect-port', 3, 23, 29),
        REPEATED('`detect()` from detect-port', 3, 33, 39),
        REPEATED('`detect()` from detect-port', 7, 49, 55),
      ],
    },
    {
      // get-port never returns a port twice within the process for a while: the plain message.
      // Different arms of a branch, different functions, a bind between: not in a row.
      code: `import getPort from 'get-port';
import { getPortPromise } from 'portfinder';
import http from 'node:http';
const a = await getPort();
const b = await getPort();
export async function pick(fixed) {
  const port = fixed ? await getPortPromise() : await getPortPromise();
  return port;
}
export async function other() {
  const server = http.createServer();
  const first = await getPortPromise();
  server.listen(first);
  const second = await getPortPromise();
  return second;
}`,
      errors: [
        error('portProbe', { what: '`getPort()` from get-port' }, 4, 17, 24),
        error('portProbe', { what: '`getPort()` from get-port' }, 5, 17, 24),
        error('portProbe', { what: '`portfinder.getPortPromise()` from portfinder' }, 7, 30, 44),
        error('portProbe', { what: '`portfinder.getPortPromise()` from portfinder' }, 7, 55, 69),
        // The first port feeds a listen() in the same function: the port-0 rewrite is offered.
        {
          ...error('portProbe', { what: '`portfinder.getPortPromise()` from portfinder' }, 12, 23, 37),
          suggestions: [
            {
              messageId: 'listenOnZero',
              data: { server: 'server' },
              output: `import getPort from 'get-port';
import { getPortPromise } from 'portfinder';
import http from 'node:http';
import { once } from 'node:events';
const a = await getPort();
const b = await getPort();
export async function pick(fixed) {
  const port = fixed ? await getPortPromise() : await getPortPromise();
  return port;
}
export async function other() {
  const server = http.createServer();
  await once(server.listen(0), 'listening');
  const first = server.address().port;
  const second = await getPortPromise();
  return second;
}`,
            },
          ],
        },
        error('portProbe', { what: '`portfinder.getPortPromise()` from portfinder' }, 14, 24, 38),
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 10. The child-process wording only when the port reaches a child.

js.run('no-port-probe: child process or in-process consumer', rule, {
  valid: [],
  invalid: [
    {
      // Put in the environment and read by this process: the generic message.
      code: `import getPort from 'get-port';
import { createApp } from './app.js';
export async function main() {
  const port = await getPort();
  process.env.PORT = String(port);
  await createApp().listen(process.env.PORT);
}`,
      errors: [error('portProbe', { what: '`getPort()` from get-port' }, 4, 22, 29)],
    },
    {
      // A child started before the assignment does not inherit it.
      code: `import getPort from 'get-port';
import { spawn } from 'node:child_process';
export async function main() {
  spawn('node', ['watcher.js']);
  const port = await getPort();
  process.env.PORT = String(port);
}`,
      errors: [error('portProbe', { what: '`getPort()` from get-port' }, 5, 22, 29)],
    },
    {
      // Set in the environment, then a child is forked in the same function.
      code: `import getPort from 'get-port';
import { fork } from 'node:child_process';
export async function main() {
  const port = await getPort();
  process.env.PORT = String(port);
  if (process.env.CI) console.log('ci');
  fork('server.js');
}`,
      errors: [error('portProbeChild', { what: '`getPort()` from get-port' }, 4, 22, 29)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 5. Boolean "is this port free?" checks used in a loop that picks a port.

const checkError = (name: string, line: number, column: number, endColumn: number) =>
  error('portProbe', { what: `\`${name}()\` (binds the port and closes it) in a loop over candidate ports` }, line, column, endColumn);

js.run('no-port-probe: hand-written port checks in a loop', rule, {
  valid: [
    // Asked once about the configured port: a wrong answer makes the real bind fail loudly.
    `import net from 'node:net';
function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
export async function main() {
  const port = Number(process.env.PORT ?? 3000);
  if (!(await isPortFree(port))) throw new Error(\`port \${port} is taken\`);
}`,
    // A loop over fixed service ports that only fails fast.
    `function isFree(port) {
  try {
    const listener = Deno.listen({ port });
    listener.close();
    return true;
  } catch {
    return false;
  }
}
for (const port of [5432, 6379]) {
  if (!isFree(port)) throw new Error(\`\${port} is taken\`);
}`,
    // A bind helper used to listen for real, with a bounded retry: nothing is closed.
    `import http from 'node:http';
function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
}
export async function start(port) {
  const server = http.createServer();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await listen(server, port);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}`,
    // Binds and closes in a loop, but answers nothing about the port (a release test).
    `import net from 'node:net';
async function cycle(port) {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(port, resolve));
  await new Promise((resolve) => server.close(resolve));
}
for (let port = 4000; port < 4010; port++) await cycle(port);`,
  ],
  invalid: [
    {
      // Node, Bun (stop), Deno (close), and bind and close wrapped in helpers.
      code: `import net from 'node:net';
function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port);
  });
}
export async function findPort(start) {
  let port = start;
  while (!(await isPortFree(port))) port++;
  return port;
}
export async function checkConfigured(port) {
  if (!(await isPortFree(port))) throw new Error('taken');
}
function bunFree(port) {
  try {
    const server = Bun.serve({ port, fetch: () => new Response('') });
    server.stop(true);
    return true;
  } catch {
    return false;
  }
}
const denoFree = (port) => {
  try {
    const listener = Deno.listen({ port });
    listener.close();
    return true;
  } catch {
    return false;
  }
};
export function pick(candidates) {
  for (const port of candidates) if (bunFree(port)) return port;
  for (const port of candidates) if (denoFree(port)) return port;
}
async function isAvailable(port) {
  const server = net.createServer();
  try {
    await listen(server, port);
    await closeServer(server);
    return true;
  } catch {
    return false;
  }
}
function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
}
function closeServer(server) {
  return new Promise((resolve) => server.close(resolve));
}
export async function scan(from, to) {
  for (let port = from; port <= to; port++) {
    if (await isAvailable(port)) return port;
  }
  return undefined;
}
`,
      errors: [
        checkError('isPortFree', 12, 18, 28),
        checkError('bunFree', 37, 38, 45),
        checkError('denoFree', 38, 38, 46),
        checkError('isAvailable', 61, 15, 26),
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 4. The probe's port used after the close in the same function: a second bind, a child, the env.

js.run('no-port-probe: port used after the close', rule, {
  valid: [
    // Rebinding the port to test release semantics: the second server is closed too.
    `import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
it('rebinds', async () => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  const again = net.createServer();
  await new Promise((resolve) => again.listen(port, resolve));
  again.close();
});
`,
    // Binds for real; on EADDRINUSE closes and binds the same server on the next port.
    `const net = require('net');
module.exports = {
  bindAvailablePort(port, listenAddress) {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server
        .on('error', (err) => {
          server.close();
          if (err.code === 'EADDRINUSE') server.listen(++port, listenAddress);
          else reject(err);
        })
        .on('listening', () => resolve(server))
        .listen(port, listenAddress);
    });
  },
};`,
    // Used while the probe still listens, closed afterwards.
    `import net from 'node:net';
import http from 'node:http';
export async function start() {
  const first = net.createServer();
  await new Promise((resolve) => first.listen(0, resolve));
  const { port } = first.address();
  const second = http.createServer();
  second.listen(port + 1);
  first.close();
  return second;
}`,
  ],
  invalid: [
    {
      code: `import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
export async function start(handler) {
  const probe = net.createServer();
  probe.listen(0);
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  const server = http.createServer(handler);
  server.listen(port);
  return server;
}
export async function child() {
  const probe = net.createServer().listen(0);
  await once(probe, 'listening');
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
  return spawn('node', ['server.js'], { env: { ...process.env, PORT: String(port) } });
}
export function envOnly() {
  const listener = Deno.listen({ port: 0 });
  const port = listener.addr.port;
  listener.close();
  process.env.PORT = String(port);
}
`,
      errors: [
        {
          // The next server binds the port: it binds port 0 itself and reads the port back.
          ...probe(7, 3, 15),
          suggestions: [{ messageId: 'listenOnZero', data: { server: 'server' }, output: `import net from 'node:net';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
export async function start(handler) {
  const server = http.createServer(handler);
  await once(server.listen(0), 'listening');
  return server;
}
export async function child() {
  const probe = net.createServer().listen(0);
  await once(probe, 'listening');
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
  return spawn('node', ['server.js'], { env: { ...process.env, PORT: String(port) } });
}
export function envOnly() {
  const listener = Deno.listen({ port: 0 });
  const port = listener.addr.port;
  listener.close();
  process.env.PORT = String(port);
}
` }],
        },
        error('portProbeChild', { what: PROBE }, 16, 17, 42),
        probe(23, 20, 31),
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 2. Binds reached through calls that return their receiver; 3. options objects with the port.

js.run('no-port-probe: chained binds and options objects', rule, {
  valid: [
    // A server held through a chain and kept: nothing closes it.
    `import net from 'node:net';
export function start(params) {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.unref().once('error', () => resolve(0)).listen({ port: params.port }, () => resolve(server.address().port));
  });
}`,
    // Options in a variable, server kept running.
    `import http from 'node:http';
export function start(port) {
  const listenOptions = { port, host: '127.0.0.1' };
  const server = http.createServer().listen(listenOptions);
  return server;
}`,
  ],
  invalid: [
    {
      code: `import net from 'node:net';
export function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref().once('error', reject).listen(port, () => {
      const addr = srv.address();
      srv.close(() => resolve(addr && typeof addr === 'object' ? addr.port : port));
    });
  });
}
export function ephemeral() {
  return new Promise((resolve) => {
    const srv = net.createServer().on('error', () => resolve(undefined)).listen(0, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}`,
      errors: [probe(5, 5, 45), probe(13, 17, 80)],
    },
    {
      code: `import net from 'node:net';
export function probe(params) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen({ port: params.port, host: params.host }, () => {
      server.close(() => resolve(params.port));
    });
  });
}
export function probeWithOptions(port) {
  const listenOptions = { port, host: '127.0.0.1', exclusive: true };
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(listenOptions, () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}`,
      errors: [probe(5, 5, 18), probe(14, 5, 18)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// A finder's port that is only looked at (a finder's own tests): nothing binds it, nothing races.

js.run('no-port-probe: finder ports only compared or asserted on', rule, {
  valid: [
    `const findFreePort = require('find-free-port');
const assert = require('assert');
it('finds a port above the one in use', () => findFreePort(3000).then(([p]) => {
  assert(p > 3000);
}));`,
    `const findFreePort = require('find-free-port');
it('finds two ports', () => findFreePort(3000, 3010, null, 2).then(([p1, p2]) => {
  expect(p1).toBeGreaterThan(3000);
  expect(typeof p2).toBe('number');
}));`,
    `import getPort from 'get-port';
test('returns a number', async (t) => {
  const port = await getPort();
  t.is(typeof port, 'number');
  t.true(port !== 0);
});`,
    // The result dropped: no port handed anywhere.
    `const findFreePort = require('find-free-port');
it('fails on a full range', () => findFreePort(3000, 3001).then(() => assert(false)).catch(() => {}));`,
  ],
  invalid: [
    {
      // Asserted on, then bound: the race is there.
      code: `import getPort from 'get-port';
import net from 'node:net';
test('binds', async () => {
  const port = await getPort();
  expect(port).toBeGreaterThan(0);
  net.createServer().listen(port);
});`,
      errors: [error('portProbe', { what: '`getPort()` from get-port' }, 4, 22, 29)],
    },
    {
      // Kept in an outer variable: used later, elsewhere.
      code: `const findFreePort = require('find-free-port');
let port;
it('finds a port', () => findFreePort(3000).then(([p]) => {
  port = p;
  assert(p > 3000);
}));`,
      errors: [error('portProbe', { what: '`findFreePort()` from find-free-port' }, 3, 26, 38)],
    },
  ],
});
