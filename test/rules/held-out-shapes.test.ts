// Seven shapes found on held-out public repositories (issue 20), each in both directions: the
// shape itself, and the nearest variant that must keep its old verdict. `recommended` stays quiet
// on loops over work (readiness polls), close-after-use (probes) and reuseAddr receivers of a
// file that sends broadcasts; it reports Object.assign'd reusePort like a spread, uWS flags whose
// default in the file shares, and receivers picked by a conditional from one module. Elysia's
// Node adapter is named as what runs: srvx on Node.
import noImplicitReusePort from '../../rules/no-implicit-reuse-port.js';
import noExclusiveMisuse from '../../rules/no-exclusive-misuse.js';
import noPortProbe from '../../rules/no-port-probe.js';
import noPortReadinessPoll from '../../rules/no-port-readiness-poll.js';
import noReusePort from '../../rules/no-reuse-port.js';
import noUnicastReuseAddr from '../../rules/no-unicast-reuse-addr.js';
import { NODE_INSTEAD, NODE_LISTEN_ALL, UWS_ALL, jsTester, projectFile } from './helpers.js';

const js = jsTester();
const cjs = jsTester('commonjs');

// ---------------------------------------------------------------------------------------------
// 1. A loop over work after the child said it listens is no readiness poll; a retry loop is.

const SPAWN = `import { spawn } from 'node:child_process';
export async function check(port) {
  const child = spawn('node', ['server.js'], { env: { ...process.env, PORT: String(port) } });
  await new Promise((resolve) => child.stdout.on('data', (line) => String(line).includes('listening') && resolve()));
`;

js.run('held-out shapes: no-port-readiness-poll, loops over work', noPortReadinessPoll, {
  valid: [
    // Two paths fetched once each: the loop's variable is in the request.
    `${SPAWN}  for (const path of ['/a', '/b']) {
    const response = await fetch(\`http://127.0.0.1:\${port}\${path}\`);
    console.log(response.status);
  }
  child.kill();
}`,
    // The same by index.
    `${SPAWN}  const paths = ['/a', '/b'];
  for (let i = 0; i < paths.length; i++) await fetch('http://127.0.0.1:' + port + paths[i]);
  child.kill();
}`,
  ],
  invalid: [
    {
      // Attempts counted by the loop, the same request each time: a retry loop.
      code: `${SPAWN}  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await fetch(\`http://127.0.0.1:\${port}/health\`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}`,
      errors: [
        {
          messageId: 'blindPoll',
          data: { poll: '`fetch()` in a retry loop', port: 'port' },
          line: 7,
          column: 13,
          endLine: 7,
          endColumn: 18,
          suggestions: [],
        },
      ],
    },
    {
      // A loop over delays (back-off): its variable stays out of the request.
      code: `${SPAWN}  for (const delay of [100, 200, 400]) {
    try {
      return await fetch(\`http://127.0.0.1:\${port}/\`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}`,
      errors: [
        {
          messageId: 'blindPoll',
          data: { poll: '`fetch()` in a retry loop', port: 'port' },
          line: 7,
          column: 20,
          endLine: 7,
          endColumn: 25,
          suggestions: [],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 2. A port-0 server used while it listens, closed in `finally`: close-after-use, not a probe.

const PROBE = { what: 'This probe (bind, close, hand on the port)' };

js.run('held-out shapes: no-port-probe, close-after-use', noPortProbe, {
  valid: [
    // A client connects while the server listens; the port is returned after the close.
    `import net from 'node:net';
export async function roundTrip() {
  const server = net.createServer((socket) => socket.end('hi'));
  try {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    const client = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => client.on('connect', resolve));
    client.end();
    return port;
  } finally {
    server.close();
  }
}`,
    // The connection made inside a Promise executor; the port kept in a variable for later.
    `import http from 'node:http';
export async function served(handler) {
  let port;
  const server = http.createServer(handler);
  try {
    await new Promise((resolve) => server.listen(0, resolve));
    port = server.address().port;
    await new Promise((resolve, reject) => http.get({ port, path: '/' }, resolve).on('error', reject));
  } finally {
    server.close();
  }
  return port;
}`,
  ],
  invalid: [
    {
      // Only logged before the close: the port still leaves after it, nobody holding it.
      code: `import net from 'node:net';
export async function freePort() {
  const server = net.createServer();
  try {
    await new Promise((resolve) => server.listen(0, resolve));
    const port = server.address().port;
    console.log('probe got', port);
    return port;
  } finally {
    server.close();
  }
}`,
      errors: [{ messageId: 'portProbe', data: PROBE, line: 5, column: 36, endLine: 5, endColumn: 49, suggestions: [] }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 3. Elysia with its Node adapter runs srvx on Node: the message names that row.

const ELYSIA_NODE = {
  api: 'Elysia listen() with @elysiajs/node, which runs srvx serve() on Node (srvx >= 0.12, server.listen())',
  effects: NODE_LISTEN_ALL,
  instead: 'set it to false; share only behind a platform check',
};
const ELYSIA_ON_NODE = `import { Elysia } from 'elysia';
import { node } from '@elysiajs/node';
new Elysia({ adapter: node() }).get('/', () => 'hi').listen({ port: 3000, reusePort: true });`;

js.run('held-out shapes: no-reuse-port, Elysia on Node', noReusePort, {
  valid: [
    ELYSIA_ON_NODE.replace('reusePort: true', 'reusePort: false'),
    // srvx before 0.12 only turns reusePort into `exclusive: false` on Node: no socket option.
    { code: ELYSIA_ON_NODE, filename: projectFile({ dependencies: { '@elysiajs/node': '1.4.6', srvx: '^0.11.5' } }) },
    // An adapter the table does not know: what runs is not known here.
    "import { Elysia } from 'elysia';\nimport { cloudflare } from 'some-adapter';\nnew Elysia({ adapter: cloudflare() }).listen({ port: 3000, reusePort: true });",
  ],
  invalid: [
    {
      code: ELYSIA_ON_NODE,
      errors: [
        {
          messageId: 'reusePort',
          data: ELYSIA_NODE,
          line: 3,
          column: 75,
          endLine: 3,
          endColumn: 90,
          // The adapter turns sharing on when the option is absent: only `false` turns it off.
          suggestions: [{ messageId: 'disableLibraryDefault', output: ELYSIA_ON_NODE.replace('reusePort: true', 'reusePort: false') }],
        },
      ],
    },
    {
      // The default export, the config in a variable.
      code: `import { Elysia } from 'elysia';
import node from '@elysiajs/node';
const config = { adapter: node() };
const app = new Elysia(config);
app.listen({ port: 3000, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: ELYSIA_NODE,
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'disableLibraryDefault',
              output: `import { Elysia } from 'elysia';
import node from '@elysiajs/node';
const config = { adapter: node() };
const app = new Elysia(config);
app.listen({ port: 3000, reusePort: false });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 4. Object.assign({}, base, { reusePort: true }, extra): the verdict of { reusePort: true, ...extra }.

const listen = { api: 'server.listen()', effects: NODE_LISTEN_ALL, instead: NODE_INSTEAD };

js.run('held-out shapes: no-reuse-port, Object.assign like a spread', noReusePort, {
  valid: [
    // A later source that surely sets the option decides, as a later entry does.
    "import http from 'node:http';\nexport function start(base) {\n  http.createServer().listen(Object.assign({}, base, { reusePort: true }, { reusePort: false }));\n}",
    // Only the callers' objects: their choice, elsewhere (reported under reportCallersChoice only).
    "import http from 'node:http';\nexport function start(base, extra) {\n  http.createServer().listen(Object.assign({}, base, extra));\n}",
  ],
  invalid: [
    ...[
      {
        code: "import http from 'node:http';\nexport function start(base, extra) {\n  http.createServer().listen(Object.assign({}, base, { reusePort: true }, extra));\n}",
        removed: 'http.createServer().listen(Object.assign({}, base, {}, extra));',
        helper: 'listenExclusive(http.createServer(), Object.assign({}, base, {}, extra));',
      },
      {
        code: "import http from 'node:http';\nexport function start(base, extra) {\n  http.createServer().listen({ ...base, reusePort: true, ...extra });\n}",
        removed: 'http.createServer().listen({ ...base, ...extra });',
        helper: 'listenExclusive(http.createServer(), { ...base, ...extra });',
      },
    ].map(({ code, removed, helper }) => {
      const column = code.split('\n')[2]!.indexOf('reusePort: true') + 1;
      const body = (line: string) => `export function start(base, extra) {\n  ${line}\n}`;
      return {
        code,
        errors: [
          {
            messageId: 'reusePort' as const,
            data: listen,
            line: 3,
            column,
            endLine: 3,
            endColumn: column + 'reusePort: true'.length,
            suggestions: [
              { messageId: 'removeOption' as const, output: `import http from 'node:http';\n${body(removed)}` },
              {
                messageId: 'useListenExclusive' as const,
                output: `import http from 'node:http';\nimport { listenExclusive } from 'exclusive-bind';\n${body(helper)}`,
              },
            ],
          },
        ],
      };
    }),
  ],
});

// ---------------------------------------------------------------------------------------------
// 5. A uWS listen whose exclusive flag depends on an option that defaults to false in the file.

const uws = { effects: UWS_ALL };
const uwsLibrary = (defaults: string) => `const uWS = require('uWebSockets.js');
class Server {
  constructor(opts) {
    this.options = ${defaults};
    this.app = uWS.App();
  }
  listen(host, port, cb) {
    this.app.listen(host, port, this.options.exclusive ? uWS.LIBUS_LISTEN_EXCLUSIVE_PORT : uWS.LIBUS_LISTEN_DEFAULT, cb);
  }
}
module.exports = Server;`;

cjs.run('held-out shapes: no-implicit-reuse-port, defaults written in the file', noImplicitReusePort, {
  valid: [
    // No default in the file: the callers choose.
    uwsLibrary('opts'),
    uwsLibrary('{ ...opts }'),
    // The default written in the file is exclusive.
    uwsLibrary('{ exclusive: true, ...opts }'),
  ],
  invalid: [
    ...['{ exclusive: false, ...opts }', 'Object.assign({ exclusive: false }, opts)'].map((defaults) => {
      const code = uwsLibrary(defaults);
      return {
        code,
        errors: [
          {
            messageId: 'uwsListen' as const,
            data: uws,
            line: 8,
            column: 14,
            endLine: 8,
            endColumn: 20,
            suggestions: [
              {
                messageId: 'addExclusiveFlag' as const,
                output: code.replace(
                  'this.options.exclusive ? uWS.LIBUS_LISTEN_EXCLUSIVE_PORT : uWS.LIBUS_LISTEN_DEFAULT',
                  'uWS.LIBUS_LISTEN_EXCLUSIVE_PORT',
                ),
              },
            ],
          },
        ],
      };
    }),
    {
      // hyper-express's own shape: a private field that holds `null` until the constructor picks
      // SSLApp or App, and the host form of listen() unless `exclusive_port` (default false).
      code: `const uWebSockets = require('uWebSockets.js');
class Server {
  #uws_instance = null;
  #options = { exclusive_port: false };
  constructor(options = {}) {
    Object.assign(this.#options, options);
    if (options.key_file_name) this.#uws_instance = uWebSockets.SSLApp(this.#options);
    else this.#uws_instance = uWebSockets.App(this.#options);
  }
  listen(port, host = '0.0.0.0') {
    const reference = this;
    return new Promise((resolve) => {
      if (reference.#options.exclusive_port) reference.#uws_instance.listen(port, uWebSockets.LIBUS_LISTEN_EXCLUSIVE_PORT, resolve);
      else reference.#uws_instance.listen(host, port, resolve);
    });
  }
}
module.exports = Server;`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 14,
          column: 36,
          endLine: 14,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `const uWebSockets = require('uWebSockets.js');
class Server {
  #uws_instance = null;
  #options = { exclusive_port: false };
  constructor(options = {}) {
    Object.assign(this.#options, options);
    if (options.key_file_name) this.#uws_instance = uWebSockets.SSLApp(this.#options);
    else this.#uws_instance = uWebSockets.App(this.#options);
  }
  listen(port, host = '0.0.0.0') {
    const reference = this;
    return new Promise((resolve) => {
      if (reference.#options.exclusive_port) reference.#uws_instance.listen(port, uWebSockets.LIBUS_LISTEN_EXCLUSIVE_PORT, resolve);
      else reference.#uws_instance.listen(host, port, uWebSockets.LIBUS_LISTEN_EXCLUSIVE_PORT, resolve);
    });
  }
}
module.exports = Server;`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 6. A file that sends broadcasts to a port variable: its reuseAddr receivers may be theirs.

const DISCOVERY = `import dgram from 'node:dgram';
export class Discovery {
  constructor(port) {
    this.socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.socket.on('message', (message, from) => this.socket.send('here', from.port, from.address));
    this.socket.bind(port);
  }
}
export function probe(discoveryPort) {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, () => {
    socket.setBroadcast(true);
    socket.send('who', discoveryPort, '255.255.255.255');
  });
}`;

js.run('held-out shapes: no-unicast-reuse-addr, broadcasts sent by the file', noUnicastReuseAddr, {
  valid: [DISCOVERY],
  invalid: [
    {
      // reportUnproven (strict): reported, with the reason.
      code: DISCOVERY,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: {
            option: 'reuseAddr',
            api: 'dgram.createSocket()',
            effects:
              'Linux and Windows: the last process to bind takes every unicast datagram; macOS and FreeBSD: a second process co-binds the port (libuv sets SO_REUSEPORT)',
            why: "the file sends broadcasts to a port it cannot match with this socket's bind",
          },
          line: 4,
          column: 54,
          endLine: 4,
          endColumn: 69,
          suggestions: [
            { messageId: 'removeOption', data: { option: 'reuseAddr' }, output: DISCOVERY.replace(', reuseAddr: true', '') },
          ],
        },
      ],
    },
    {
      // Without broadcast (a unicast probe) nothing speaks for the receiver: reported as before.
      code: DISCOVERY.replace("    socket.setBroadcast(true);\n", '').replace("'255.255.255.255'", "'10.0.0.7'"),
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: {
            option: 'reuseAddr',
            api: 'dgram.createSocket()',
            effects:
              'Linux and Windows: the last process to bind takes every unicast datagram; macOS and FreeBSD: a second process co-binds the port (libuv sets SO_REUSEPORT)',
          },
          line: 4,
          column: 54,
          endLine: 4,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: DISCOVERY.replace("    socket.setBroadcast(true);\n", '').replace("'255.255.255.255'", "'10.0.0.7'").replace(', reuseAddr: true', ''),
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
export class Discovery {
  constructor(port) {
    this.socket = dgram.createSocket({ type: 'udp4' });
    this.socket.on('message', (message, from) => this.socket.send('here', from.port, from.address));
    bindExclusive(this.socket, { port });
  }
}
export function probe(discoveryPort) {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, () => {
    socket.send('who', discoveryPort, '10.0.0.7');
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 7. `cond ? uWS.SSLApp(o) : uWS.App()`, `cond ? https.createServer(o) : http.createServer()`:
// branches from one module (family) are its object.

const TLS_APP = `import uWS from 'uWebSockets.js';
export function start(useTls, port, cb) {
  const app = useTls ? uWS.SSLApp({ key_file_name: 'key.pem' }) : uWS.App();
  app.get('/*', (res) => res.end('ok')).listen(port, cb);
}`;

js.run('held-out shapes: no-implicit-reuse-port, conditional apps', noImplicitReusePort, {
  valid: [
    TLS_APP.replace('listen(port, cb)', 'listen(port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, cb)'),
    // One branch from elsewhere: not known to be a uWS app.
    TLS_APP.replace('uWS.App()', 'makeApp()'),
  ],
  invalid: [
    {
      code: TLS_APP,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 4,
          column: 41,
          endLine: 4,
          endColumn: 47,
          suggestions: [{ messageId: 'addExclusiveFlag', output: TLS_APP.replace('listen(port, cb)', 'listen(port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, cb)') }],
        },
      ],
    },
    {
      // `||` and `??` pick one of two objects too.
      code: TLS_APP.replace("useTls ? uWS.SSLApp({ key_file_name: 'key.pem' }) : uWS.App()", 'existing ?? uWS.App()').replace(
        'export function start(useTls, port, cb) {',
        'const existing = process.env.TLS ? uWS.SSLApp({}) : null;\nexport function start(useTls, port, cb) {',
      ),
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 5,
          column: 41,
          endLine: 5,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: TLS_APP.replace("useTls ? uWS.SSLApp({ key_file_name: 'key.pem' }) : uWS.App()", 'existing ?? uWS.App()')
                .replace('export function start(useTls, port, cb) {', 'const existing = process.env.TLS ? uWS.SSLApp({}) : null;\nexport function start(useTls, port, cb) {')
                .replace('listen(port, cb)', 'listen(port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, cb)'),
            },
          ],
        },
      ],
    },
  ],
});

// The Node receivers: a traced server gets listenExclusive(), an untraced `.listen()` does not.
const TLS_SERVER = `import http from 'node:http';
import https from 'node:https';
export function start(useTls, tls) {
  const server = useTls ? https.createServer(tls) : http.createServer();
  server.listen({ port: 443, exclusive: true });
}`;
const EXCLUSIVE_EFFECTS =
  "sets no socket option and does not keep other processes off the port; it only stops a node:cluster worker from sharing the primary's handle";

js.run('held-out shapes: no-exclusive-misuse, conditional servers', noExclusiveMisuse, {
  valid: [],
  invalid: [
    {
      code: TLS_SERVER,
      options: [{ reportWithoutCluster: true }],
      errors: [
        {
          messageId: 'withoutCluster',
          data: { api: 'server.listen()', effects: EXCLUSIVE_EFFECTS },
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 45,
          suggestions: [
            { messageId: 'removeOption', output: TLS_SERVER.replace(', exclusive: true', '') },
            {
              messageId: 'useListenExclusive',
              output: TLS_SERVER.replace(', exclusive: true', '')
                .replace("import https from 'node:https';\n", "import https from 'node:https';\nimport { listenExclusive } from 'exclusive-bind';\n")
                .replace('server.listen(', 'listenExclusive(server, '),
            },
          ],
        },
      ],
    },
    {
      // One branch from elsewhere: an untraced `.listen()`, no listenExclusive().
      code: TLS_SERVER.replace('https.createServer(tls)', 'makeServer(tls)'),
      options: [{ reportWithoutCluster: true }],
      errors: [
        {
          messageId: 'withoutCluster',
          data: { api: 'server.listen()', effects: EXCLUSIVE_EFFECTS },
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 45,
          suggestions: [{ messageId: 'removeOption', output: TLS_SERVER.replace('https.createServer(tls)', 'makeServer(tls)').replace(', exclusive: true', '') }],
        },
      ],
    },
  ],
});


