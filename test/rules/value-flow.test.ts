/**
 * What the value-flow layer (core/value-flow/) follows, seen through the rules that use it: each
 * flow of issue "Follow the value" in both directions. Numbers in the comments are the flows as
 * docs/what-the-rules-follow.md lists them.
 */
import path from 'node:path';
import noImplicitReusePort from '../../rules/no-implicit-reuse-port.js';
import noRawReuseSockopt from '../../rules/no-raw-reuse-sockopt.js';
import noReusePort from '../../rules/no-reuse-port.js';
import noUnicastReuseAddr from '../../rules/no-unicast-reuse-addr.js';
import {
  CO_BIND,
  DENO_ALL,
  DENO_INSTEAD,
  DGRAM_REUSE_PORT_ALL,
  NODE_INSTEAD,
  NODE_LISTEN_ALL,
  UWS_ALL,
  jsTester,
  projectFile,
  tsTester,
} from './helpers.js';

const ts = tsTester();
const cjs = jsTester('commonjs');

const listen = { api: 'server.listen()', effects: NODE_LISTEN_ALL, instead: NODE_INSTEAD };
const dgram = { api: 'dgram.createSocket()', effects: DGRAM_REUSE_PORT_ALL, instead: NODE_INSTEAD };
const denoServe = { api: 'Deno.serve()', effects: DENO_ALL, instead: DENO_INSTEAD };
const uws = { effects: UWS_ALL };
// Hand-written from platform-facts.md §2 (dgram reuseAddr) and §1 (SO_REUSEPORT).
const nodeData = {
  option: 'reuseAddr',
  api: 'dgram.createSocket()',
  effects:
    'Linux and Windows: the last process to bind takes every unicast datagram; macOS and FreeBSD: a second process co-binds the port (libuv sets SO_REUSEPORT)',
};
const REUSEPORT_UNGUARDED = {
  option: 'SO_REUSEPORT',
  api: 'createReuseportFd()',
  effects:
    'Linux: a second instance co-binds the live port and silently takes a share of its traffic; macOS: a second instance co-binds the live port (last bind wins); FreeBSD: a second instance co-binds the live port without load balancing (that needs SO_REUSEPORT_LB); Windows: the option does not exist and setsockopt fails',
};

// ---------------------------------------------------------------------------------------------
// 1 objects changed after creation, 2 receivers kept in fields / objects / factories, 3 values
// passed to functions and collections, 4 chains that return their receiver, 6 aliased imports,
// 13 values that only pass the caller's choice through.

ts.run('value flow: no-reuse-port', noReusePort, {
  valid: [
    // 13: options kept in a field, passing on what the constructor's caller chose (srvx's shape).
    `export class BunServer {
  constructor(options) {
    this.options = { ...options };
    this.serveOptions = { port: 8080, reusePort: this.options.reusePort, fetch: () => new Response('ok') };
    this.server = Bun.serve(this.serveOptions);
  }
}`,
    // 1: set after creation behind a Linux guard: the assignment's guard counts.
    `import net from 'node:net';
const server = net.createServer();
const o: { port: number; reusePort?: boolean } = { port: 8080 };
if (process.platform === 'linux') o.reusePort = true;
server.listen(o);`,
    // 1: changed only after the call.
    `import net from 'node:net';
const o = { port: 8080, reusePort: false };
net.createServer().listen(o);
o.reusePort = true;`,
    // 1: switched off again before the call.
    `import net from 'node:net';
const o = { port: 8080, reusePort: true };
o.reusePort = false;
net.createServer().listen(o);`,
    // 1: Object.assign into a fresh object, a later source switching it off.
    `import net from 'node:net';
const defaults = { port: 8080, reusePort: true };
const o = Object.assign({}, defaults, { reusePort: false });
net.createServer().listen(o);`,
    // 1: assigned in several branches, none of which shares.
    `import net from 'node:net';
let o;
if (cluster) o = { port: 8080, reusePort: false };
else o = { port: 8080 };
net.createServer().listen(o);`,
    // 2: a field holding a Bun server: its `reload()` is no bind.
    `class App {
  server = Bun.serve({ port: 8080, reusePort: false, fetch() {} });
  restart() {
    this.server.reload({ reusePort: true });
  }
}`,
    // 3: the only call passes no reusePort.
    `import net from 'node:net';
function start(opts) {
  net.createServer().listen(opts);
}
start({ port: 8080 });`,
    // 4: events' module-level `on()` returns an async iterator, not its argument.
    `import { on } from 'node:events';
on(emitter, 'x').listen({ port: 8080, reusePort: false });`,
    // 6: a renamed import of a module that is not tracked.
    `import { make as createSocket } from './sockets.js';
createSocket({ type: 'udp4', reusePort: true });`,
    // 13: passes the caller's choice through, no call in the file: the caller decides.
    `export function serve(options, handler) {
  return Deno.serve({ port: 8080, reusePort: options.reusePort }, handler);
}`,
    // 13: every call in the file leaves sharing off.
    `export function serve(options, handler) {
  return Deno.serve({ port: 8080, reusePort: options.reusePort }, handler);
}
serve({ reusePort: false }, () => new Response('ok'));
serve({}, () => new Response('ok'));`,
  ],
  invalid: [
    {
      // 1: set after creation behind `!== 'win32'`, which leaves macOS in: reported at the assignment.
      code: `import net from 'node:net';
const server = net.createServer();
const port = 8080;
const o: { port: number; reusePort?: boolean } = { port };
if (process.platform !== 'win32') o.reusePort = true;
server.listen(o);`,
      errors: [
        {
          messageId: 'reusePort',
          // The assignment's guard leaves Windows out of the message: it cannot reach the option.
          data: { ...listen, effects: `Linux and FreeBSD: ${CO_BIND}; macOS: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored` },
          line: 5,
          column: 35,
          endLine: 5,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const server = net.createServer();
const port = 8080;
const o: { port: number; reusePort?: boolean } = { port };
server.listen(o);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const server = net.createServer();
const port = 8080;
const o: { port: number; reusePort?: boolean } = { port };
listenExclusive(server, o);`,
            },
          ],
        },
      ],
    },
    {
      // 1: set after creation, unconditionally.
      code: `import net from 'node:net';
const o = { port: 8080 };
o.reusePort = true;
net.createServer().listen(o);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const o = { port: 8080 };
net.createServer().listen(o);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const o = { port: 8080 };
listenExclusive(net.createServer(), o);`,
            },
          ],
        },
      ],
    },
    {
      // 1: Object.assign into the options object.
      code: `import net from 'node:net';
const o = { port: 8080 };
Object.assign(o, { reusePort: true });
net.createServer().listen(o);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const o = { port: 8080 };
Object.assign(o, {});
net.createServer().listen(o);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const o = { port: 8080 };
Object.assign(o, {});
listenExclusive(net.createServer(), o);`,
            },
          ],
        },
      ],
    },
    {
      // 1: spread of a variable.
      code: `import net from 'node:net';
const shared = { reusePort: true };
const o = { port: 8080, ...shared };
net.createServer().listen(o);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 18,
          endLine: 2,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const shared = {};
const o = { port: 8080, ...shared };
net.createServer().listen(o);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const shared = {};
const o = { port: 8080, ...shared };
listenExclusive(net.createServer(), o);`,
            },
          ],
        },
      ],
    },
    {
      // 1: assigned in several branches.
      code: `import net from 'node:net';
let o;
if (cluster) o = { port: 8080, reusePort: true };
else o = { port: 8080 };
net.createServer().listen(o);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 32,
          endLine: 3,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
let o;
if (cluster) o = { port: 8080 };
else o = { port: 8080 };
net.createServer().listen(o);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
let o;
if (cluster) o = { port: 8080 };
else o = { port: 8080 };
listenExclusive(net.createServer(), o);`,
            },
          ],
        },
      ],
    },
    {
      // 2: server in a public class field.
      code: `import http from 'node:http';
class App {
  server = http.createServer();
  start() {
    this.server.listen({ port: 8080, reusePort: true });
  }
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 5,
          column: 38,
          endLine: 5,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
class App {
  server = http.createServer();
  start() {
    this.server.listen({ port: 8080 });
  }
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
class App {
  server = http.createServer();
  start() {
    listenExclusive(this.server, { port: 8080 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // 2: server in a TypeScript `private` field set in the constructor.
      code: `import http from 'node:http';
class App {
  private server: http.Server;
  constructor() {
    this.server = http.createServer();
  }
  start() {
    this.server.listen({ port: 8080, reusePort: true });
  }
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 8,
          column: 38,
          endLine: 8,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
class App {
  private server: http.Server;
  constructor() {
    this.server = http.createServer();
  }
  start() {
    this.server.listen({ port: 8080 });
  }
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
class App {
  private server: http.Server;
  constructor() {
    this.server = http.createServer();
  }
  start() {
    listenExclusive(this.server, { port: 8080 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // 2: server in a `#private` field.
      code: `import http from 'node:http';
class App {
  #server = http.createServer();
  start() {
    this.#server.listen({ port: 8080, reusePort: true });
  }
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 5,
          column: 39,
          endLine: 5,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
class App {
  #server = http.createServer();
  start() {
    this.#server.listen({ port: 8080 });
  }
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
class App {
  #server = http.createServer();
  start() {
    listenExclusive(this.#server, { port: 8080 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // 2: `const self = this`.
      code: `import http from 'node:http';
function App() {
  const self = this;
  self.server = http.createServer();
  self.server.listen({ port: 8080, reusePort: true });
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 5,
          column: 36,
          endLine: 5,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
function App() {
  const self = this;
  self.server = http.createServer();
  self.server.listen({ port: 8080 });
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
function App() {
  const self = this;
  self.server = http.createServer();
  listenExclusive(self.server, { port: 8080 });
}`,
            },
          ],
        },
      ],
    },
    {
      // 2: property of a module-level object.
      code: `import http from 'node:http';
const app = { server: http.createServer() };
app.server.listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 33,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
const app = { server: http.createServer() };
app.server.listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
const app = { server: http.createServer() };
listenExclusive(app.server, { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // 2: server returned by a factory function of the file.
      code: `import http from 'node:http';
function makeServer() {
  return http.createServer();
}
makeServer().listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 5,
          column: 35,
          endLine: 5,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
function makeServer() {
  return http.createServer();
}
makeServer().listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
function makeServer() {
  return http.createServer();
}
listenExclusive(makeServer(), { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // 3: options passed to a function of the file: reported at the argument.
      code: `import net from 'node:net';
function start(opts) {
  net.createServer().listen(opts);
}
start({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
function start(opts) {
  net.createServer().listen(opts);
}
start({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
function start(opts) {
  listenExclusive(net.createServer(), opts);
}
start({ port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // 3: server stored in and read back from a keyed collection of the same object.
      code: `import http from 'node:http';
class Pool {
  servers = {};
  add(name) {
    this.servers[name] = http.createServer();
  }
  start(name) {
    this.servers[name].listen({ port: 8080, reusePort: true });
  }
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 8,
          column: 45,
          endLine: 8,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
class Pool {
  servers = {};
  add(name) {
    this.servers[name] = http.createServer();
  }
  start(name) {
    this.servers[name].listen({ port: 8080 });
  }
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
class Pool {
  servers = {};
  add(name) {
    this.servers[name] = http.createServer();
  }
  start(name) {
    listenExclusive(this.servers[name], { port: 8080 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // 3: Map#set / Map#get.
      code: `import http from 'node:http';
const servers = new Map();
servers.set('api', http.createServer());
servers.get('api').listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 4,
          column: 41,
          endLine: 4,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
const servers = new Map();
servers.set('api', http.createServer());
servers.get('api').listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
const servers = new Map();
servers.set('api', http.createServer());
listenExclusive(servers.get('api'), { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // 4: `on()` returns the server.
      code: `import net from 'node:net';
net.createServer().on('error', onError).listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 62,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
net.createServer().on('error', onError).listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer().on('error', onError), { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // 4: `unref()` and `once()` return the server.
      code: `import net from 'node:net';
const srv = net.createServer();
srv.unref().once('error', reject).listen({ port: 8080, reusePort: true }, resolve);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 56,
          endLine: 3,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const srv = net.createServer();
srv.unref().once('error', reject).listen({ port: 8080 }, resolve);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const srv = net.createServer();
listenExclusive(srv.unref().once('error', reject), { port: 8080 }, resolve);`,
            },
          ],
        },
      ],
    },
    {
      // 6: renamed import.
      code: `import { createSocket as udp } from 'node:dgram';
udp({ type: 'udp4', reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import { createSocket as udp } from 'node:dgram';
udp({ type: 'udp4' });`,
            },
          ],
        },
      ],
    },
    {
      // 6: re-bound import.
      code: `const { createSocket } = require('node:dgram');
const open = createSocket;
open({ type: 'udp4', reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const { createSocket } = require('node:dgram');
const open = createSocket;
open({ type: 'udp4' });`,
            },
          ],
        },
      ],
    },
    {
      // 13: the only call in the file asks for sharing.
      code: `function serve(options, handler) {
  return Deno.serve({ port: 8080, reusePort: options.reusePort }, handler);
}
serve({ reusePort: true }, () => new Response('ok'));`,
      errors: [
        {
          messageId: 'reusePort',
          data: denoServe,
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `function serve(options, handler) {
  return Deno.serve({ port: 8080 }, handler);
}
serve({ reusePort: true }, () => new Response('ok'));`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Where a datagram socket goes: collections, same-file functions, module-level objects, and
// options changed after creation.

// 13 under `strict`: a wrapper that passes its caller's choice through, with no call in the file.
const wrapper = `export function serve(options, handler) {
  return Deno.serve({ port: 8080, reusePort: options.reusePort }, handler);
}`;
ts.run("value flow: no-reuse-port's reportCallersChoice (strict)", noReusePort, {
  valid: [
    // The option off (recommended): the callers decide.
    { code: wrapper, options: [{ reportCallersChoice: false }] },
    // A call in the file decides, and it leaves sharing off: nothing is passed through unseen.
    { code: `${wrapper}\nserve({ reusePort: false }, () => new Response('ok'));`, options: [{ reportCallersChoice: true }] },
    // Off Linux, Deno ignores reusePort: whatever callers pass does nothing.
    {
      code: `export function serve(options, handler) {
  if (Deno.build.os === 'linux') return Deno.serve({ port: 8080 }, handler);
  return Deno.serve({ port: 8080, reusePort: options.reusePort }, handler);
}`,
      options: [{ reportCallersChoice: true }],
    },
  ],
  invalid: [
    {
      code: wrapper,
      options: [{ reportCallersChoice: true }],
      errors: [
        {
          messageId: 'callersReusePort',
          data: { api: 'Deno.serve()', effects: DENO_ALL },
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `export function serve(options, handler) {
  return Deno.serve({ port: 8080 }, handler);
}`,
            },
          ],
        },
      ],
    },
    {
      // Set on the options object after creation: reported at the assignment.
      code: `import net from 'node:net';
export function listen(settings) {
  const o = { port: 8080 };
  o.reusePort = settings.reusePort;
  return net.createServer().listen(o);
}`,
      options: [{ reportCallersChoice: true }],
      errors: [
        {
          messageId: 'callersReusePort',
          data: { api: 'server.listen()', effects: NODE_LISTEN_ALL },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
export function listen(settings) {
  const o = { port: 8080 };
  return net.createServer().listen(o);
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
export function listen(settings) {
  const o = { port: 8080 };
  return listenExclusive(net.createServer(), o);
}`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('value flow: no-unicast-reuse-addr', noUnicastReuseAddr, {
  valid: [
    // 3: entries of a collection that is also read as a whole (node-ssdp's shape): not followed.
    `import dgram from 'node:dgram';
function Ssdp() {
  const self = this;
  this.sockets = {};
  for (const address of ['10.0.0.1']) {
    self.sockets[address] = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  }
  Object.keys(this.sockets).forEach((key) => join(self.sockets[key]));
}`,
    // 3: joins a group through the keyed collection.
    `import dgram from 'node:dgram';
class Mdns {
  sockets = {};
  open(iface) {
    this.sockets[iface] = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  }
  join(iface) {
    this.sockets[iface].addMembership('224.0.0.251', iface);
  }
}`,
    // 3: a function of the file joins a group with it.
    `import dgram from 'node:dgram';
function join(socket) {
  socket.addMembership('224.0.0.251');
}
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
join(socket);`,
    // 3: enables broadcast through a Map.
    `import dgram from 'node:dgram';
const sockets = new Map();
sockets.set('lan', dgram.createSocket({ type: 'udp4', reuseAddr: true }));
sockets.get('lan').setBroadcast(true);`,
  ],
  invalid: [
    {
      // 3: only binds through the keyed collection.
      code: `import dgram from 'node:dgram';
class Relay {
  sockets = {};
  open(name) {
    this.sockets[name] = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  }
  start(name) {
    this.sockets[name].bind(5000);
  }
}`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 5,
          column: 61,
          endLine: 5,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import dgram from 'node:dgram';
class Relay {
  sockets = {};
  open(name) {
    this.sockets[name] = dgram.createSocket({ type: 'udp4' });
  }
  start(name) {
    this.sockets[name].bind(5000);
  }
}`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
class Relay {
  sockets = {};
  open(name) {
    this.sockets[name] = dgram.createSocket({ type: 'udp4' });
  }
  start(name) {
    bindExclusive(this.sockets[name], { port: 5000 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // 3: a function of the file only binds it.
      code: `import dgram from 'node:dgram';
function start(socket) {
  socket.bind(5000);
}
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
start(socket);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 5,
          column: 51,
          endLine: 5,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import dgram from 'node:dgram';
function start(socket) {
  socket.bind(5000);
}
const socket = dgram.createSocket({ type: 'udp4' });
start(socket);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
function start(socket) {
  bindExclusive(socket, { port: 5000 });
}
const socket = dgram.createSocket({ type: 'udp4' });
start(socket);`,
            },
          ],
        },
      ],
    },
    {
      // 2: a module-level object's property, only bound.
      code: `import dgram from 'node:dgram';
const state = {};
state.socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
state.socket.bind(5000);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 3,
          column: 51,
          endLine: 3,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import dgram from 'node:dgram';
const state = {};
state.socket = dgram.createSocket({ type: 'udp4' });
state.socket.bind(5000);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const state = {};
state.socket = dgram.createSocket({ type: 'udp4' });
bindExclusive(state.socket, { port: 5000 });`,
            },
          ],
        },
      ],
    },
    {
      // 1: `reuseAddr` set after creation.
      code: `import dgram from 'node:dgram';
const options = { type: 'udp4' };
options.reuseAddr = true;
const socket = dgram.createSocket(options);
socket.bind(5000);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import dgram from 'node:dgram';
const options = { type: 'udp4' };
const socket = dgram.createSocket(options);
socket.bind(5000);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const options = { type: 'udp4' };
const socket = dgram.createSocket(options);
bindExclusive(socket, { port: 5000 });`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('value flow: no-implicit-reuse-port', noImplicitReusePort, {
  valid: [
    // 1: `reusePort: false` set after creation.
    `const options = { port: 8080, fetch: () => new Response('ok') };
options.reusePort = false;
Bun.serve(options);`,
  ],
  invalid: [
    {
      // 2 and 4: uWebSockets.js app in a class field, through a route method.
      code: `import uWS from 'uWebSockets.js';
class Server {
  app = uWS.App();
  start() {
    this.app.get('/', handler).listen(9001, onListen);
  }
}`,
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 5,
          column: 32,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: `import uWS from 'uWebSockets.js';
class Server {
  app = uWS.App();
  start() {
    this.app.get('/', handler).listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, onListen);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('value flow: no-raw-reuse-sockopt', noRawReuseSockopt, {
  valid: [

  ],
  invalid: [
    {
      // 6: renamed import of createReuseportFd.
      code: `import { createReuseportFd as makeFd } from 'node-unix-socket';
const fd = makeFd(3000, '0.0.0.0');`,
      errors: [
        {
          messageId: 'reusePortUnguarded',
          data: REUSEPORT_UNGUARDED,
          line: 2,
          column: 12,
          endLine: 2,
          endColumn: 35,
          suggestions: [],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 7 module identity: a package's own tests reach it by a relative path, and the `modules`
// setting maps a specifier or a path to the module it stands for.

const ownTest = projectFile({ name: 'node-unix-socket', main: 'js/index.js' }, 'test/reuseport.test.js');
const otherPackage = projectFile({ name: 'app' }, 'test/reuseport.test.js');
const server = projectFile({ name: 'app' }, 'src/server.js');
const reuseportFdError = {
  messageId: 'reusePortUnguarded' as const,
  data: REUSEPORT_UNGUARDED,
  line: 2,
  column: 12,
  endLine: 2,
  endColumn: 46,
  suggestions: [],
};

cjs.run('value flow: module identity', noRawReuseSockopt, {
  valid: [
    {
      // The same relative import in a package of another name is not node-unix-socket.
      code: "const { createReuseportFd } = require('..');\nconst fd = createReuseportFd(3000, '0.0.0.0');",
      filename: otherPackage,
    },
  ],
  invalid: [
    {
      // The package's main file, by its path.
      code: "const { createReuseportFd } = require('../js/index.js');\nconst fd = createReuseportFd(3000, '0.0.0.0');",
      filename: ownTest,
      errors: [reuseportFdError],
    },
    {
      // The package's folder.
      code: "const { createReuseportFd } = require('..');\nconst fd = createReuseportFd(3000, '0.0.0.0');",
      filename: ownTest,
      errors: [reuseportFdError],
    },
  ],
});

ts.run('value flow: modules setting (specifier)', noReusePort, {
  valid: [
    // Without the setting, '@acme/udp' is not dgram.
    "import udp from '@acme/udp';\nudp.createSocket({ type: 'udp4', reusePort: true });",
  ],
  invalid: [
    {
      code: "import udp from '@acme/udp';\nudp.createSocket({ type: 'udp4', reusePort: true });",
      settings: { 'exclusive-bind': { modules: { '@acme/udp': 'dgram' } } },
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 34,
          endLine: 2,
          endColumn: 49,
          suggestions: [{ messageId: 'removeOption', output: "import udp from '@acme/udp';\nudp.createSocket({ type: 'udp4' });" }],
        },
      ],
    },
  ],
});

const vendored = path.join(path.dirname(server), 'vendor', 'uws.js');

ts.run('value flow: modules setting (path)', noImplicitReusePort, {
  valid: [
    {
      // Without the setting the vendored copy is not recognised.
      code: "import uWS from './vendor/uws.js';\nuWS.App().listen(9001, onListen);",
      filename: server,
    },
  ],
  invalid: [
    {
      code: "import uWS from './vendor/uws.js';\nuWS.App().listen(9001, onListen);",
      filename: server,
      settings: { 'exclusive-bind': { modules: { [vendored]: 'uWebSockets.js' } } },
      errors: [
        {
          messageId: 'uwsListen',
          data: uws,
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addExclusiveFlag',
              output: "import uWS from './vendor/uws.js';\nuWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, onListen);",
            },
          ],
        },
      ],
    },
  ],
});
