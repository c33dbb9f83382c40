import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import type { Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PORT_FINDER_PACKAGES } from '../../core/port-finders.js';
import rule, {
  REVIEW_BY_HAND,
  REVIEW_CHILD,
  REVIEW_MOVED,
  REVIEW_PREFERRED,
  REVIEW_PROBE,
  checker,
} from '../../rules/no-port-probe.js';
import type { Finding } from '../../core/finding.js';
import { jsTester, tsTester } from './helpers.js';

const js = jsTester();
const ts = tsTester();
const cjs = jsTester('commonjs');

/** An error on a one-line span (finder callee or bind callee). */
function error(
  messageId: 'portProbe' | 'portProbeChild' | 'portProbeRepeated',
  what: string,
  line: number,
  column: number,
  endColumn: number,
  suggestions: { messageId: 'listenOnZero'; data: { server: string }; output: string }[] = [],
) {
  return { messageId, data: { what }, line, column, endLine: line, endColumn, suggestions };
}

const PROBE = 'This probe (bind, close, hand on the port)';
const onZero = (output: string, server = 'server') => ({
  messageId: 'listenOnZero' as const,
  data: { server },
  output,
});

// ---------------------------------------------------------------------------------------------
// Import forms (get-port as the example; the package table is checked below).

js.run('no-port-probe: import forms', rule, {
  valid: [
    // A local function of the same name, a package that is not a finder, unrelated exports.
    'async function getPort() { return 3000; }\nconst port = await getPort();',
    "import getPort from 'not-get-port';\nawait getPort();",
    "import { portNumbers, clearLockedPorts } from 'get-port';\nportNumbers(3000, 3100);\nclearLockedPorts();",
    "import { waitForPort } from 'get-port-please';\nawait waitForPort(3000);",
    "import portfinder from 'portfinder';\nportfinder.setBasePort(3000);\nawait portfinder.getSocketPromise();",
    "import { waitPort } from 'detect-port';\nawait waitPort(3000);",
    "import tcpPortUsed from 'tcp-port-used';\nawait tcpPortUsed.waitUntilUsed(5432);",
  ],
  invalid: [
    {
      code: "import getPort from 'get-port';\nconst port = await getPort();",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 20, 27)],
    },
    {
      code: "import * as gp from 'get-port';\nconst port = await gp.default();",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 20, 30)],
    },
    {
      code: "import { default as pick } from 'get-port';\nconst port = await pick();",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 20, 24)],
    },
    {
      code: "const getPort = require('get-port');\nconst port = await getPort();",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 20, 27)],
    },
    {
      // Inline require, promise `.then`.
      code: "require('get-port')().then((port) => console.log(port));",
      errors: [error('portProbe', '`getPort()` from get-port', 1, 1, 20)],
    },
    {
      code: "const port = await require('get-port-please').getPort();",
      errors: [error('portProbe', '`getPort()` from get-port-please', 1, 20, 54)],
    },
    {
      code: "const { default: getPort } = await import('get-port');\nconst port = await getPort();",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 20, 27)],
    },
    {
      code: "const port = await (await import('get-port')).default();",
      errors: [error('portProbe', '`getPort()` from get-port', 1, 20, 54)],
    },
    {
      code: "import { getPort as findPort } from 'get-port-please';\nconst port = await findPort();",
      errors: [error('portProbe', '`getPort()` from get-port-please', 2, 20, 28)],
    },
  ],
});

ts.run('no-port-probe: TypeScript import forms', rule, {
  valid: ["import type { Options } from 'get-port';\nconst options: Options = {};"],
  invalid: [
    {
      code: "import getPort = require('get-port');\nconst port: number = await getPort();",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 28, 35)],
    },
    {
      code: "import portfinder from 'portfinder';\nconst port = await (portfinder as typeof portfinder).getPortPromise();",
      errors: [error('portProbe', '`portfinder.getPortPromise()` from portfinder', 2, 20, 68)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Each package's API shapes (export names checked against the published packages).

js.run('no-port-probe: packages', rule, {
  valid: [
    // Check APIs on one fixed, user-chosen port: fail fast / reuse, never pick.
    "import tcpPortUsed from 'tcp-port-used';\nif (await tcpPortUsed.check(5432, '127.0.0.1')) console.log('database is up');",
    "import { check } from 'tcp-port-used';\nif (await check(Number(process.env.PORT))) throw new Error('port taken');",
    "import { checkPort } from 'get-port-please';\nif (!(await checkPort(3000))) process.exit(1);",
    "import { isFreePort } from 'find-free-ports';\nconsole.log(await isFreePort(8080));",
    "import portscanner from 'portscanner';\nconst status = await portscanner.checkPortStatus(3000, '127.0.0.1');",
    // A loop over fixed service ports that only fails fast.
    "import tcpPortUsed from 'tcp-port-used';\nfor (const port of [5432, 6379]) {\n  if (!(await tcpPortUsed.check(port))) throw new Error(`nothing on ${port}`);\n}",
  ],
  invalid: [
    {
      code: "import getPort, { portNumbers } from 'get-port';\nconst port = await getPort({ port: portNumbers(3000, 3100) });",
      errors: [error('portProbe', '`getPort()` from get-port', 2, 20, 27)],
    },
    {
      code: "import { getPort, getRandomPort } from 'get-port-please';\nconst a = await getPort({ port: 3000, portRange: [3000, 3100] });\nconst b = await getRandomPort();",
      errors: [
        error('portProbeRepeated', '`getPort()` from get-port-please', 2, 17, 24),
        error('portProbeRepeated', '`getRandomPort()` from get-port-please', 3, 17, 30),
      ],
    },
    {
      // portfinder: callback and promise forms, one port and several.
      code: `const portfinder = require('portfinder');
portfinder.getPort((err, port) => {});
portfinder.getPort({ port: 8000 }, (err, port) => {});
const a = await portfinder.getPort({ port: 8000 });
const b = await portfinder.getPortPromise({ port: 8000, stopPort: 9000 });
portfinder.getPorts(3, {}, (err, ports) => {});
const c = await portfinder.getPortsPromise(3);`,
      errors: [
        error('portProbeRepeated', '`portfinder.getPort()` from portfinder', 2, 1, 19),
        error('portProbeRepeated', '`portfinder.getPort()` from portfinder', 3, 1, 19),
        error('portProbeRepeated', '`portfinder.getPort()` from portfinder', 4, 17, 35),
        error('portProbeRepeated', '`portfinder.getPortPromise()` from portfinder', 5, 17, 42),
        error('portProbeRepeated', '`portfinder.getPorts()` from portfinder', 6, 1, 20),
        error('portProbeRepeated', '`portfinder.getPortsPromise()` from portfinder', 7, 17, 43),
      ],
    },
    {
      code: `import { getPortPromise } from 'portfinder';
const port = await getPortPromise();`,
      errors: [error('portProbe', '`portfinder.getPortPromise()` from portfinder', 2, 20, 34)],
    },
    {
      // detect-port v1 (module is the function) and v2 (default, detect, detectPort).
      code: `const detect = require('detect-port');
detect(3000, (err, port) => {});
import detectPort2, { detect as d2, detectPort } from 'detect-port';
const a = await detectPort2(3000);
const b = await d2({ port: 3000, hostname: 'localhost' });
const c = await detectPort();`,
      errors: [
        error('portProbeRepeated', '`detect()` from detect-port', 2, 1, 7),
        error('portProbeRepeated', '`detect()` from detect-port', 4, 17, 28),
        error('portProbeRepeated', '`detect()` from detect-port', 5, 17, 19),
        error('portProbeRepeated', '`detectPort()` from detect-port', 6, 17, 27),
      ],
    },
    {
      code: "const detect = require('detect-port-alt');\nconst port = await detect(3000, 'localhost');",
      errors: [error('portProbe', '`detect()` from detect-port-alt', 2, 20, 26)],
    },
    {
      code: `const fp = require('find-free-port');
fp(3000, 3100, '127.0.0.1', 2, (err, p1, p2) => {});
const [port] = await fp(3000);`,
      errors: [
        error('portProbeRepeated', '`findFreePort()` from find-free-port', 2, 1, 3),
        error('portProbeRepeated', '`findFreePort()` from find-free-port', 3, 22, 24),
      ],
    },
    {
      code: `import findFreePorts from 'find-free-ports';
const [a] = await findFreePorts(1);
const [b, c] = await findFreePorts.findFreePorts(2, { startPort: 3000 });`,
      errors: [
        error('portProbeRepeated', '`findFreePorts()` from find-free-ports', 2, 19, 32),
        error('portProbeRepeated', '`findFreePorts()` from find-free-ports', 3, 22, 49),
      ],
    },
    {
      code: "const freeport = require('freeport');\nfreeport((err, port) => {});",
      errors: [error('portProbe', '`freeport()` from freeport', 2, 1, 9)],
    },
    {
      code: `const freePortAsync = require('freeport-async');
const a = await freePortAsync(11000);
const [b] = await freePortAsync.rangeAsync(2, 11000);`,
      errors: [
        error('portProbeRepeated', '`freePortAsync()` from freeport-async', 2, 17, 30),
        error('portProbeRepeated', '`rangeAsync()` from freeport-async', 3, 19, 43),
      ],
    },
    {
      code: `const portscanner = require('portscanner');
portscanner.findAPortNotInUse(3000, 3010, '127.0.0.1', (error, port) => {});`,
      errors: [error('portProbe', '`portscanner.findAPortNotInUse()` from portscanner', 2, 1, 30)],
    },
    {
      // Check APIs in a loop that varies the port and hands one out.
      code: `import tcpPortUsed from 'tcp-port-used';
export async function findPort() {
  for (let port = 3000; port < 3100; port++) {
    if (!(await tcpPortUsed.check(port, '127.0.0.1'))) return port;
  }
}
let next = 8000;
while (await tcpPortUsed.check(next)) next++;
console.log(next);`,
      errors: [
        error('portProbe', '`tcpPortUsed.check()` from tcp-port-used in a loop over candidate ports', 4, 17, 34),
        error('portProbe', '`tcpPortUsed.check()` from tcp-port-used in a loop over candidate ports', 8, 14, 31),
      ],
    },
    {
      code: `import { isFreePort } from 'find-free-ports';
import { checkPort } from 'get-port-please';
async function pick(candidates) {
  for (const port of candidates) if (await isFreePort(port)) return port;
  for (const port of candidates) if (await checkPort(port)) return port;
}`,
      errors: [
        error('portProbe', '`isFreePort()` from find-free-ports in a loop over candidate ports', 4, 44, 54),
        error('portProbe', '`checkPort()` from get-port-please in a loop over candidate ports', 5, 44, 53),
      ],
    },
    {
      // Packages added through the option.
      code: "import pick, { choose } from 'my-ports';\nconst a = await pick();\nconst b = await choose();",
      options: [{ packages: [{ module: 'my-ports', exports: ['default', 'choose'] }] }],
      errors: [
        error('portProbeRepeated', '`my-ports()` from my-ports', 2, 17, 21),
        error('portProbeRepeated', '`choose()` from my-ports', 3, 17, 23),
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// The port goes to a child process.

js.run('no-port-probe: child processes', rule, {
  valid: [],
  invalid: [
    {
      code: `import { spawn } from 'node:child_process';
import getPort from 'get-port';
const port = await getPort();
spawn('vite', ['--port', String(port)]);`,
      errors: [error('portProbeChild', '`getPort()` from get-port', 3, 20, 27)],
    },
    {
      // Through an env object held in a variable.
      code: `import cp from 'child_process';
import getPort from 'get-port';
const port = await getPort();
const env = { ...process.env, PORT: String(port) };
cp.fork('server.js', [], { env });`,
      errors: [error('portProbeChild', '`getPort()` from get-port', 3, 20, 27)],
    },
    {
      code: `const detect = require('detect-port');
const { execFile } = require('node:child_process');
detect(3000, (err, port) => {
  execFile('node', ['server.js', \`--port=\${port}\`]);
});`,
      errors: [error('portProbeChild', '`detect()` from detect-port', 3, 1, 7)],
    },
    {
      code: `const { getPortPromise } = require('portfinder');
const { execa } = require('execa');
const port = await getPortPromise();
await execa('next', ['dev', '-p', \`\${port}\`]);`,
      errors: [error('portProbeChild', '`portfinder.getPortPromise()` from portfinder', 3, 20, 34)],
    },
    {
      // The env variable is inherited by a child started afterwards.
      code: `import getPort from 'get-port';
import { spawn } from 'node:child_process';
const port = await getPort();
process.env.PORT = String(port);
spawn('node', ['server.js'], { stdio: 'inherit' });`,
      errors: [error('portProbeChild', '`getPort()` from get-port', 3, 20, 27)],
    },
    {
      code: `import getPort from 'get-port';
getPort().then((port) => Bun.spawn(['bun', 'server.ts'], { env: { PORT: String(port) } }));`,
      errors: [error('portProbeChild', '`getPort()` from get-port', 2, 1, 8)],
    },
    {
      code: `import getPort from 'get-port';
const port = await getPort();
new Deno.Command('deno', { args: ['run', 'server.ts', String(port)] }).spawn();`,
      errors: [error('portProbeChild', '`getPort()` from get-port', 2, 20, 27)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Suggestions: the finder's port flows into listen() of a server created in the same function.

js.run('no-port-probe: listen on port 0 instead', rule, {
  valid: [],
  invalid: [
    {
      // Top-level await; the finder import goes, `once` comes from node:events.
      code: `import getPort from 'get-port';
import http from 'node:http';
const server = http.createServer();
const port = await getPort();
server.listen(port);
console.log(\`listening on \${port}\`);`,
      errors: [
        error('portProbe', '`getPort()` from get-port', 4, 20, 27, [
          onZero(`import http from 'node:http';
import { once } from 'node:events';
const server = http.createServer();
await once(server.listen(0), 'listening');
const port = server.address().port;
console.log(\`listening on \${port}\`);`),
        ]),
      ],
    },
    {
      // Options object, host kept; an existing `once` import is reused; other specifiers stay.
      code: `import { once } from 'events';
import { createServer } from 'node:net';
import { getRandomPort, waitForPort } from 'get-port-please';
export async function start() {
  const server = createServer();
  const port = await getRandomPort();
  server.listen({ port, host: '127.0.0.1' });
  await waitForPort(port);
  return port;
}`,
      errors: [
        error('portProbe', '`getRandomPort()` from get-port-please', 6, 22, 35, [
          onZero(`import { once } from 'events';
import { createServer } from 'node:net';
import { waitForPort } from 'get-port-please';
export async function start() {
  const server = createServer();
  await once(server.listen({ port: 0, host: '127.0.0.1' }), 'listening');
  const port = server.address().port;
  await waitForPort(port);
  return port;
}`),
        ]),
      ],
    },
    {
      // A preferred port: suggested, not applied unattended (see the checker tests below).
      code: `import getPort, { portNumbers } from 'get-port';
import http from 'node:http';
const app = http.createServer(handler);
const port = await getPort({ port: portNumbers(3000, 3100) });
app.listen(port, () => console.log('up'));`,
      errors: [
        error('portProbe', '`getPort()` from get-port', 4, 20, 27, [
          onZero(
            `import { portNumbers } from 'get-port';
import http from 'node:http';
import { once } from 'node:events';
const app = http.createServer(handler);
await once(app.listen(0, () => console.log('up')), 'listening');
const port = app.address().port;`,
            'app',
          ),
        ]),
      ],
    },
    {
      // The port is used before listen(): the bind moves up to where the port was picked.
      code: `import { getPortPromise } from 'portfinder';
import https from 'node:https';
async function main() {
  const server = https.createServer(tls, handler);
  const port = await getPortPromise();
  const url = \`https://localhost:\${port}\`;
  server.listen(port, 'localhost');
  return url;
}`,
      errors: [
        error('portProbe', '`portfinder.getPortPromise()` from portfinder', 5, 22, 36, [
          onZero(`import https from 'node:https';
import { once } from 'node:events';
async function main() {
  const server = https.createServer(tls, handler);
  await once(server.listen(0, 'localhost'), 'listening');
  const port = server.address().port;
  const url = \`https://localhost:\${port}\`;
  return url;
}`),
        ]),
      ],
    },
    {
      // detect-port with a preferred port; a namespace-style default import stays used.
      code: `import detect from 'detect-port';
import net from 'node:net';
async function main() {
  const server = net.createServer();
  const port = await detect(4000);
  server.listen(port);
  detect.toString();
}`,
      errors: [
        error('portProbe', '`detect()` from detect-port', 5, 22, 28, [
          onZero(`import detect from 'detect-port';
import net from 'node:net';
import { once } from 'node:events';
async function main() {
  const server = net.createServer();
  await once(server.listen(0), 'listening');
  const port = server.address().port;
  detect.toString();
}`),
        ]),
      ],
    },
    {
      // Not offered: the listen callback reads the port (it would run before the read-back).
      code: `import getPort from 'get-port';
import http from 'node:http';
const server = http.createServer();
const port = await getPort();
server.listen(port, () => console.log(port));`,
      errors: [error('portProbe', '`getPort()` from get-port', 4, 20, 27)],
    },
    {
      // Not offered: a server from elsewhere, a framework app, a listen in another block.
      code: `import getPort from 'get-port';
export async function start(server, app) {
  const a = await getPort();
  server.listen(a);
  const b = await getPort();
  app.listen(b);
  const c = await getPort();
  if (server) { server.listen(c); }
}`,
      errors: [
        error('portProbe', '`getPort()` from get-port', 3, 19, 26),
        error('portProbe', '`getPort()` from get-port', 5, 19, 26),
        error('portProbe', '`getPort()` from get-port', 7, 19, 26),
      ],
    },
    {
      // Not offered: something else in scope is called `once`.
      code: `import getPort from 'get-port';
import http from 'node:http';
const once = (fn) => fn;
const server = http.createServer();
const port = await getPort();
server.listen(port);`,
      errors: [error('portProbe', '`getPort()` from get-port', 5, 20, 27)],
    },
    {
      // Not offered: callback form.
      code: `import portfinder from 'portfinder';
import http from 'node:http';
const server = http.createServer();
portfinder.getPort((err, port) => server.listen(port));`,
      errors: [error('portProbe', '`portfinder.getPort()` from portfinder', 4, 1, 19)],
    },
  ],
});

cjs.run('no-port-probe: listen on port 0 instead (CommonJS)', rule, {
  valid: [],
  invalid: [
    {
      code: `const getPort = require('get-port');
const http = require('http');
async function main() {
  const server = http.createServer();
  const port = await getPort();
  server.listen(port);
  return port;
}`,
      errors: [
        error('portProbe', '`getPort()` from get-port', 5, 22, 29, [
          onZero(`const http = require('http');
const { once } = require('node:events');
async function main() {
  const server = http.createServer();
  await once(server.listen(0), 'listening');
  const port = server.address().port;
  return port;
}`),
        ]),
      ],
    },
    {
      // Destructured require that keeps another name.
      code: `const { getPortPromise, basePort } = require('portfinder');
const net = require('node:net');
async function main() {
  const server = net.createServer();
  const port = await getPortPromise();
  server.listen(port);
  return basePort;
}`,
      errors: [
        error('portProbe', '`portfinder.getPortPromise()` from portfinder', 5, 22, 36, [
          onZero(`const { basePort } = require('portfinder');
const net = require('node:net');
const { once } = require('node:events');
async function main() {
  const server = net.createServer();
  await once(server.listen(0), 'listening');
  const port = server.address().port;
  return basePort;
}`),
        ]),
      ],
    },
  ],
});

ts.run('no-port-probe: listen on port 0 instead (TypeScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `import getPort from 'get-port';
import { createServer } from 'node:http';
export async function start(): Promise<number> {
  const server = createServer();
  const port: number = await getPort();
  server.listen(port, () => console.log('up'));
  return port;
}`,
      errors: [
        error('portProbe', '`getPort()` from get-port', 5, 30, 37, [
          onZero(`import { createServer } from 'node:http';
import { once } from 'node:events';
export async function start(): Promise<number> {
  const server = createServer();
  await once(server.listen(0, () => console.log('up')), 'listening');
  const port: number = (server.address() as import('node:net').AddressInfo).port;
  return port;
}`),
        ]),
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Hand-written probes: bind, (read the port,) close, hand the port on.

js.run('no-port-probe: hand-written probes', rule, {
  valid: [
    // Port 0 bound for real, port read back.
    `import http from 'node:http';
export async function start() {
  const server = http.createServer();
  server.listen(0);
  await new Promise((r) => server.once('listening', r));
  process.on('SIGTERM', () => server.close());
  return server.address().port;
}`,
    `import http from 'node:http';
export async function startTestServer() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, resolve));
  const { port } = server.address();
  return { port, close: () => server.close() };
}`,
    "const server = Bun.serve({ port: 0, fetch: () => new Response('') });\nconsole.log(server.port);",
    'const listener = Deno.listen({ port: 0 });\nconsole.log(listener.addr.port);',
    // Bind for real, handle EADDRINUSE with a bounded retry.
    `export async function listenWithRetry(server, port, attempts = 5) {
  for (let i = 0; i < attempts; i++) {
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, resolve);
      });
      return port;
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || i === attempts - 1) throw error;
      server.close();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}`,
    // A connect probe: is a user-chosen port already served?
    `import net from 'node:net';
export function isServed(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}`,
    // A test that closes and rebinds to check release semantics.
    `import net from 'node:net';
it('frees the port on close', async () => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  const again = net.createServer();
  await new Promise((resolve) => again.listen(port, resolve));
  again.close();
});`,
    // A test reads the port after closing, through a destructured test-context parameter.
    `import net from 'node:net';
it('binds', async ({ expect }) => {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, resolve));
  const { port } = server.address();
  server.close();
  expect(port).toBeGreaterThan(0);
});`,
  ],
  invalid: [
    {
      // The classic: listen on 0, read the port, close, resolve it.
      code: `import net from 'node:net';
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}`,
      errors: [error('portProbe', PROBE, 7, 5, 18)],
    },
    {
      // Awaited steps, `finally` close, a Node-style callback.
      code: `import { createServer } from 'node:net';
export async function freePort() {
  const server = createServer();
  try {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server.address().port;
  } finally {
    server.close();
  }
}
export function freePortCb(callback) {
  const srv = createServer().listen(0);
  srv.on('listening', () => {
    const address = srv.address();
    srv.close();
    callback(null, address.port);
  });
}`,
      errors: [error('portProbe', PROBE, 5, 36, 49), error('portProbe', PROBE, 12, 15, 36)],
    },
    {
      // A loop over candidate ports.
      code: `import net from 'node:net';
export async function findPort(start = 3000) {
  for (let port = start; port < start + 100; port++) {
    const ok = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port');
}`,
      errors: [error('portProbe', PROBE, 7, 7, 20)],
    },
    {
      // Bun and Deno.
      code: `export function bunPort() {
  const server = Bun.serve({ port: 0, fetch: () => new Response('') });
  const port = server.port;
  server.stop(true);
  return port;
}
export function bunListenPort() {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop();
  return port;
}
export function denoPort() {
  const listener = Deno.listen({ port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}
export async function denoServePort() {
  const server = Deno.serve({ port: 0 }, () => new Response(''));
  const port = server.addr.port;
  await server.shutdown();
  return port;
}`,
      errors: [
        error('portProbe', PROBE, 2, 18, 27),
        error('portProbe', PROBE, 8, 20, 30),
        error('portProbe', PROBE, 14, 20, 31),
        error('portProbe', PROBE, 20, 18, 28),
      ],
    },
    {
      // Alone in its file: nothing else names listen or serve.
      code: `export function tlsPort(cert, key) {
  const listener = Deno.listenTls({ port: 0, cert, key });
  const { port } = listener.addr;
  listener.close();
  return port;
}`,
      errors: [error('portProbe', PROBE, 2, 20, 34)],
    },
  ],
});

ts.run('no-port-probe: hand-written probes (TypeScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `import net, { type AddressInfo } from 'node:net';
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}`,
      errors: [error('portProbe', PROBE, 5, 5, 18)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// The checker's contract with the `port-probe` codemod: rewrite only when provably safe.

function findingsOf(code: string): Finding<string>[] {
  const found: Finding<string>[] = [];
  const collector = {
    meta: { schema: false },
    create: (context: never) => checker(context, [{ packages: [] }], (finding) => found.push(finding)),
  } as unknown as Rule.RuleModule;
  const messages = new Linter().verify(code, [
    {
      plugins: { probe: { rules: { collect: collector } } },
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      rules: { 'probe/collect': 'error' },
    },
  ]);
  expect(messages).toEqual([]);
  return found;
}

describe('no-port-probe checker: rewrite and review', () => {
  const server = "import http from 'node:http';\nconst server = http.createServer();\n";

  it('rewrites when the port is only used by the listen and after it', () => {
    const [finding] = findingsOf(`import getPort from 'get-port';\n${server}const port = await getPort();\nserver.listen(port);\nconsole.log(port);`);
    expect(finding).toMatchObject({ messageId: 'portProbe', rewrite: 'listenOnZero' });
    expect(finding!.review).toBeUndefined();
  });

  it('leaves a preferred port for review', () => {
    const [finding] = findingsOf(`import getPort from 'get-port';\n${server}const port = await getPort({ port: 3000 });\nserver.listen(port);`);
    expect(finding).toMatchObject({ review: REVIEW_PREFERRED });
    expect(finding!.rewrite).toBeUndefined();
    expect(finding!.suggestions).toHaveLength(1);
  });

  it('leaves a finder that prefers a port by default for review', () => {
    const [finding] = findingsOf(`import { getPort } from 'get-port-please';\n${server}const port = await getPort();\nserver.listen(port);`);
    expect(finding).toMatchObject({ review: REVIEW_PREFERRED });
    expect(finding!.rewrite).toBeUndefined();
  });

  it('leaves a moved bind for review', () => {
    const [finding] = findingsOf(`import getPort from 'get-port';\n${server}const port = await getPort();\nconsole.log(port);\nserver.listen(port);`);
    expect(finding).toMatchObject({ review: REVIEW_MOVED });
    expect(finding!.rewrite).toBeUndefined();
  });

  it('gives a reason when nothing can be suggested', () => {
    expect(findingsOf("import getPort from 'get-port';\nconst port = await getPort();")[0]).toMatchObject({
      review: REVIEW_BY_HAND,
      suggestions: [],
    });
    expect(
      findingsOf(
        "import getPort from 'get-port';\nimport { fork } from 'node:child_process';\nconst port = await getPort();\nprocess.env.PORT = String(port);\nfork('server.js');",
      )[0],
    ).toMatchObject({ messageId: 'portProbeChild', review: REVIEW_CHILD, suggestions: [] });
    expect(
      findingsOf(
        "import net from 'node:net';\nexport function f() {\n  const s = net.createServer().listen(0);\n  const port = s.address().port;\n  s.close();\n  return port;\n}",
      )[0],
    ).toMatchObject({ review: REVIEW_PROBE, suggestions: [] });
  });
});


describe('no-port-probe docs', () => {
  it('lists every package of core/port-finders.ts with the version its exports were checked against', () => {
    const page = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/rules/no-port-probe.md'), 'utf8');
    const start = page.indexOf('| package | reported | checked against |');
    const rows = page
      .slice(start)
      .split('\n')
      .slice(2)
      .filter((line) => line.startsWith('| '))
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .slice(0, PORT_FINDER_PACKAGES.length + 1)
      .filter((cells) => cells[1] !== 'Name');
    const listed = rows.map((cells) => [cells[1], cells[3]]);
    expect(listed.slice(0, PORT_FINDER_PACKAGES.length)).toEqual(
      PORT_FINDER_PACKAGES.map((pkg) => [pkg.module, pkg.checkedVersion]),
    );
  });
});
