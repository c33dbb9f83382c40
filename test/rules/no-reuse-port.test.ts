import rule from '../../rules/no-reuse-port.js';
import {
  BUN_ALL,
  BUN_INSTEAD,
  CO_BIND,
  DENO_ALL,
  DENO_INSTEAD,
  DGRAM_REUSE_PORT_ALL,
  NODE_INSTEAD,
  NODE_LISTEN_ALL,
  jsTester,
  projectFile,
  targets,
  tsTester,
} from './helpers.js';

const js = jsTester();
const ts = tsTester();
const cjs = jsTester('commonjs');

const listen = { api: 'server.listen()', effects: NODE_LISTEN_ALL, instead: NODE_INSTEAD };
const dgram = { api: 'dgram.createSocket()', effects: DGRAM_REUSE_PORT_ALL, instead: NODE_INSTEAD };
const bunServe = { api: 'Bun.serve()', effects: BUN_ALL, instead: BUN_INSTEAD };
/** Behind a Linux/FreeBSD guard only the load-balancing platforms are described. */
const GUARDED_NODE = `Linux and FreeBSD: ${CO_BIND}; Node < 22.12 and 23.0: ignored`;
/** Behind a Linux-only guard only Linux is. */
const GUARDED_LINUX = `Linux: ${CO_BIND}; Node < 22.12 and 23.0: ignored`;
/** A guard that names FreeBSD too (or exclusive-bind's canSharePort()) reaches both. */
const guardedNode = (code: string) => (/freebsd|canSharePort/.test(code) ? GUARDED_NODE : GUARDED_LINUX);

// ---------------------------------------------------------------------------------------------
// Import forms: every way of reaching a runtime socket API.

js.run('no-reuse-port: import forms', rule, {
  valid: [
    // Same calls without the option.
    "import net from 'net';\nnet.createServer().listen({ port: 8080 });",
    "import dgram from 'node:dgram';\ndgram.createSocket({ type: 'udp4' });",
    'Bun.serve({ port: 3000, fetch() {} });',
    // A `listen` / `serve` / `createSocket` that is not a socket API and gets no options object.
    "import { serve } from 'some-static-server';\nserve({ reusePort: true });",
    "const dgram = { createSocket() {} };\ndgram.createSocket({ reusePort: true });",
  ],
  invalid: [
    {
      // Default import of 'net', server held in a variable, option on its own line.
      code: `import net from 'net';
const server = net.createServer();
server.listen({
  port: 8080,
  reusePort: true,
});`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
const server = net.createServer();
server.listen({
  port: 8080,
});`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
const server = net.createServer();
listenExclusive(server, {
  port: 8080,
});`,
            },
          ],
        },
      ],
    },
    {
      // 'node:net', inline object, last property on a shared line.
      code: `import net from 'node:net';
net.createServer().listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 41,
          endLine: 2,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
net.createServer().listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // Namespace import; the option comes first on a shared line.
      code: `import * as http from 'node:http';
http.createServer(handler).listen({ reusePort: true, port: 80 });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import * as http from 'node:http';
http.createServer(handler).listen({ port: 80 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import * as http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(http.createServer(handler), { port: 80 });`,
            },
          ],
        },
      ],
    },
    {
      // Aliased named import, callback after the options.
      code: `import { createServer as cs } from 'node:http';
cs().listen({ port: 80, reusePort: true }, () => {});`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import { createServer as cs } from 'node:http';
cs().listen({ port: 80 }, () => {});`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { createServer as cs } from 'node:http';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(cs(), { port: 80 }, () => {});`,
            },
          ],
        },
      ],
    },
    {
      // Named import of https.Server via `new`.
      code: `import { Server } from 'https';
new Server(tls).listen({ port: 443, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import { Server } from 'https';
new Server(tls).listen({ port: 443 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { Server } from 'https';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(new Server(tls), { port: 443 });`,
            },
          ],
        },
      ],
    },
    {
      // Plain require: the helper is added as a destructured require after the last one.
      code: `const net = require('net');
const server = net.createServer();
server.listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const net = require('net');
const server = net.createServer();
server.listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `const net = require('net');
const { listenExclusive } = require('exclusive-bind');
const server = net.createServer();
listenExclusive(server, { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // Destructured require of 'node:net'.
      code: `const { createServer } = require('node:net');
createServer().listen({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const { createServer } = require('node:net');
createServer().listen({ port: 8080 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `const { createServer } = require('node:net');
const { listenExclusive } = require('exclusive-bind');
listenExclusive(createServer(), { port: 8080 });`,
            },
          ],
        },
      ],
    },
    {
      // process.getBuiltinModule('node:dgram'): only the removal applies to dgram.
      code: `const dgram = process.getBuiltinModule('node:dgram');
dgram.createSocket({ type: 'udp4', reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const dgram = process.getBuiltinModule('node:dgram');
dgram.createSocket({ type: 'udp4' });`,
            },
          ],
        },
      ],
    },
    {
      // await import('node:dgram'), destructured.
      code: `const { createSocket } = await import('node:dgram');
createSocket({ type: 'udp6', reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 30,
          endLine: 2,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const { createSocket } = await import('node:dgram');
createSocket({ type: 'udp6' });`,
            },
          ],
        },
      ],
    },
    {
      // await import() used as a namespace.
      code: `const dgram = await import('dgram');
dgram.createSocket({ type: 'udp4', reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const dgram = await import('dgram');
dgram.createSocket({ type: 'udp4' });`,
            },
          ],
        },
      ],
    },
    {
      // import { serve } from 'bun': Bun gets `reusePort: false`, since Bun.serve shares by itself.
      code: `import { serve } from 'bun';
serve({ port: 3000, reusePort: true, fetch });`,
      errors: [
        {
          messageId: 'reusePort',
          data: bunServe,
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'disableOption',
              output: `import { serve } from 'bun';
serve({ port: 3000, reusePort: false, fetch });`,
            },
          ],
        },
      ],
    },
    {
      code: `import Bun from 'bun';
Bun.serve({ port: 3000, reusePort: true, fetch });`,
      errors: [
        {
          messageId: 'reusePort',
          data: bunServe,
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'disableOption',
              output: `import Bun from 'bun';
Bun.serve({ port: 3000, reusePort: false, fetch });`,
            },
          ],
        },
      ],
    },
    {
      // Global Bun, through a local variable.
      code: `const serve = Bun.serve;
serve({ port: 3000, reusePort: true, fetch });`,
      errors: [
        {
          messageId: 'reusePort',
          data: bunServe,
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'disableOption',
              output: `const serve = Bun.serve;
serve({ port: 3000, reusePort: false, fetch });`,
            },
          ],
        },
      ],
    },
    {
      code: "Bun.listen({ hostname: 'localhost', port: 8080, reusePort: true, socket });",
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Bun.listen()', effects: BUN_ALL, instead: BUN_INSTEAD },
          line: 1,
          column: 49,
          endLine: 1,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'disableOption',
              output: "Bun.listen({ hostname: 'localhost', port: 8080, reusePort: false, socket });",
            },
          ],
        },
      ],
    },
    {
      // Global Deno; Deno.serve takes the options before the handler.
      code: 'Deno.serve({ port: 8000, reusePort: true }, handler);',
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Deno.serve()', effects: DENO_ALL, instead: DENO_INSTEAD },
          line: 1,
          column: 26,
          endLine: 1,
          endColumn: 41,
          suggestions: [{ messageId: 'removeOption', output: 'Deno.serve({ port: 8000 }, handler);' }],
        },
      ],
    },
    {
      code: 'const listener = Deno.listen({ port: 8000, reusePort: true });',
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Deno.listen()', effects: DENO_ALL, instead: DENO_INSTEAD },
          line: 1,
          column: 44,
          endLine: 1,
          endColumn: 59,
          suggestions: [
            { messageId: 'removeOption', output: 'const listener = Deno.listen({ port: 8000 });' },
          ],
        },
      ],
    },
    {
      // Express-style app: the receiver is not traced, the options object says it is a listen.
      code: `import express from 'express';
const app = express();
app.listen({ port: 3000, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import express from 'express';
const app = express();
app.listen({ port: 3000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import express from 'express';
import { listenExclusive } from 'exclusive-bind';
const app = express();
listenExclusive(app, { port: 3000 });`,
            },
          ],
        },
      ],
    },
    {
      // net.BoundSocket (Node 24.19 / 26.4): synchronous bind; throws ENOTSUP off Linux.
      code: `import net from 'node:net';
const socket = new net.BoundSocket({ port: 8080, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: {
            api: 'new net.BoundSocket()',
            effects: `Linux and FreeBSD: ${CO_BIND}; macOS and Windows: throws ENOTSUP; Node < 24.19 and 25 to 26.3: ignored`,
            instead: NODE_INSTEAD,
          },
          line: 2,
          column: 50,
          endLine: 2,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const socket = new net.BoundSocket({ port: 8080 });`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('no-reuse-port: TypeScript import forms', rule, {
  valid: ["import dgram = require('dgram');\ndgram.createSocket({ type: 'udp4', reuseAddr: true });"],
  invalid: [
    {
      code: `import dgram = require('dgram');
dgram.createSocket({ type: 'udp4', reusePort: true } as const);`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import dgram = require('dgram');
dgram.createSocket({ type: 'udp4' } as const);`,
            },
          ],
        },
      ],
    },
    {
      // `import x = require()` is not an ES import: the helper import goes on top.
      code: `import http = require('http');
const server: http.Server = http.createServer();
server.listen({ port: 80, reusePort: true } satisfies object);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 27,
          endLine: 3,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http = require('http');
const server: http.Server = http.createServer();
server.listen({ port: 80 } satisfies object);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { listenExclusive } from 'exclusive-bind';
import http = require('http');
const server: http.Server = http.createServer();
listenExclusive(server, { port: 80 } satisfies object);`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Options objects: variables, spread, conditionals, values.

js.run('no-reuse-port: options objects', rule, {
  valid: [
    // reusePort: false and values Node does not apply (it tests `=== true`).
    "import net from 'net';\nnet.createServer().listen({ port: 8080, reusePort: false });",
    "import net from 'net';\nnet.createServer().listen({ port: 8080, reusePort: 1 });",
    "import net from 'net';\nnet.createServer().listen({ port: 8080, reusePort: 'yes' });",
    // A later entry wins.
    "import net from 'net';\nnet.createServer().listen({ reusePort: true, port: 8080, reusePort: false });",
    "import net from 'net';\nconst base = { reusePort: true };\nnet.createServer().listen({ ...base, reusePort: false });",
    // Port 0 / no options.
    "import net from 'net';\nnet.createServer().listen(0);",
    "import net from 'net';\nnet.createServer().listen({ port: 0 });",
    // An object with a reusePort key that never reaches a socket API.
    'const cfg = { reusePort: true };\nlog(cfg);',
    "const cfg = { reusePort: true };\nconsole.log('%o', cfg);",
    // Deno: a handler first, no options.
    'Deno.serve((req) => new Response());',
    // Bun: reusePort false.
    'Bun.serve({ reusePort: false, fetch });',
    // Other libraries' `exclusive` options are nobody's business here.
    "import net from 'net';\nnet.createServer().listen({ port: 8080, exclusive: true });",
    'Bun.listen({ port: 8080, exclusive: true, socket });',
  ],
  invalid: [
    {
      // Multi-line object, last property without a trailing comma.
      code: `import net from 'net';
net.createServer().listen({
  port: 8080,
  reusePort: true
});`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen({
  port: 8080
});`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), {
  port: 8080
});`,
            },
          ],
        },
      ],
    },
    {
      // Only property.
      code: `import net from 'net';
net.createServer().listen({ reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 29,
          endLine: 2,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen({});`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), {});`,
            },
          ],
        },
      ],
    },
    {
      // Through a variable read once: the edit goes to the declaration.
      code: `import net from 'net';
const options = { port: 8080, reusePort: true };
net.createServer().listen(options);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
const options = { port: 8080 };
net.createServer().listen(options);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
const options = { port: 8080 };
listenExclusive(net.createServer(), options);`,
            },
          ],
        },
      ],
    },
    {
      // Through a variable read twice: editing it would change the other use, so no suggestion.
      code: `import net from 'net';
const options = { port: 8080, reusePort: true };
net.createServer().listen(options);
log(options);`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    {
      // Spread of a known base, option after it.
      code: `import net from 'net';
const base = { port: 8080 };
net.createServer().listen({ ...base, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 38,
          endLine: 3,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
const base = { port: 8080 };
net.createServer().listen({ ...base });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
const base = { port: 8080 };
listenExclusive(net.createServer(), { ...base });`,
            },
          ],
        },
      ],
    },
    {
      // Option before the spread of something unknown: it stands unless `other` overrides it.
      code: `import net from 'net';
export function start(other) {
  net.createServer().listen({ reusePort: true, ...other });
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 31,
          endLine: 3,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
export function start(other) {
  net.createServer().listen({ ...other });
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
export function start(other) {
  listenExclusive(net.createServer(), { ...other });
}`,
            },
          ],
        },
      ],
    },
    {
      // The option comes from a spread variable (read once) into an inline object.
      code: `import net from 'net';
const shared = { reusePort: true };
net.createServer().listen({ port: 8080, ...shared });`,
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
              output: `import net from 'net';
const shared = {};
net.createServer().listen({ port: 8080, ...shared });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
const shared = {};
listenExclusive(net.createServer(), { port: 8080, ...shared });`,
            },
          ],
        },
      ],
    },
    {
      // Conditional options: only the branch that sets it; no listenExclusive for a partial fix.
      code: `import net from 'net';
net.createServer().listen(cluster ? { reusePort: true } : {});`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 39,
          endLine: 2,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen(cluster ? {} : {});`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), cluster ? {} : {});`,
            },
          ],
        },
      ],
    },
    {
      // Both branches set it: two reports, removal only (listenExclusive would fix one of them).
      code: `import net from 'net';
net.createServer().listen(a ? { reusePort: true } : { port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 33,
          endLine: 2,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen(a ? {} : { port: 1, reusePort: true });`,
            },
          ],
        },
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 64,
          endLine: 2,
          endColumn: 79,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen(a ? { reusePort: true } : { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // Non-static value: it can be true, so it is reported.
      code: `import net from 'net';
net.createServer().listen({ port, reusePort: process.env.SHARE === '1' });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen({ port });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), { port });`,
            },
          ],
        },
      ],
    },
    {
      // dgram reads by truthiness: `1` turns it on.
      code: `import dgram from 'dgram';
dgram.createSocket({ type: 'udp4', reusePort: 1 });`,
      errors: [
        {
          messageId: 'reusePort',
          data: dgram,
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import dgram from 'dgram';
dgram.createSocket({ type: 'udp4' });`,
            },
          ],
        },
      ],
    },
    {
      // Computed key that evaluates statically to `reusePort`.
      code: `import net from 'net';
net.createServer().listen({ port: 1, ['reuse' + 'Port']: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 2,
          column: 38,
          endLine: 2,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // Optional chaining: still a listen with reusePort (reported); listenExclusive() is not
      // offered because rewriting `?.` calls would drop their short-circuit.
      code: `server?.listen?.({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 1,
          column: 29,
          endLine: 1,
          endColumn: 44,
          suggestions: [{ messageId: 'removeOption', output: 'server?.listen?.({ port: 1 });' }],
        },
      ],
    },
    {
      // Bun multi-line: the value becomes false.
      code: `Bun.serve({
  port: 3000,
  reusePort: true,
  fetch,
});`,
      errors: [
        {
          messageId: 'reusePort',
          data: bunServe,
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'disableOption',
              output: `Bun.serve({
  port: 3000,
  reusePort: false,
  fetch,
});`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Platform guards: quiet by default, `guardedReusePort` under reportGuarded.

interface GuardedCase {
  code: string;
  line: number;
  column: number;
  endColumn: number;
  removal: string;
  /** Output of the listenExclusive() suggestion, when there is one. */
  rewrite?: string;
  deno?: boolean;
}

const guardedCases: GuardedCase[] = [
  {
    code: `import net from 'net';
if (process.platform === 'linux') {
  net.createServer().listen({ port: 1, reusePort: true });
}`,
    line: 3,
    column: 40,
    endColumn: 55,
    removal: `import net from 'net';
if (process.platform === 'linux') {
  net.createServer().listen({ port: 1 });
}`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
if (process.platform === 'linux') {
  listenExclusive(net.createServer(), { port: 1 });
}`,
  },
  {
    code: `import net from 'net';
import os from 'node:os';
if (os.platform() === 'linux') net.createServer().listen({ port: 1, reusePort: true });`,
    line: 3,
    column: 69,
    endColumn: 84,
    removal: `import net from 'net';
import os from 'node:os';
if (os.platform() === 'linux') net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import os from 'node:os';
import { listenExclusive } from 'exclusive-bind';
if (os.platform() === 'linux') listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    code: `import net from 'net';
import { type } from 'os';
if (type() === 'Linux') net.createServer().listen({ port: 1, reusePort: true });`,
    line: 3,
    column: 62,
    endColumn: 77,
    removal: `import net from 'net';
import { type } from 'os';
if (type() === 'Linux') net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { type } from 'os';
import { listenExclusive } from 'exclusive-bind';
if (type() === 'Linux') listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    code: `if (Deno.build.os === 'linux') Deno.listen({ port: 1, reusePort: true });`,
    line: 1,
    column: 55,
    endColumn: 70,
    removal: `if (Deno.build.os === 'linux') Deno.listen({ port: 1 });`,
    deno: true,
  },
  {
    code: `import net from 'net';
if (['linux', 'freebsd'].includes(process.platform)) net.createServer().listen({ port: 1, reusePort: true });`,
    line: 2,
    column: 91,
    endColumn: 106,
    removal: `import net from 'net';
if (['linux', 'freebsd'].includes(process.platform)) net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
if (['linux', 'freebsd'].includes(process.platform)) listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    code: `import net from 'net';
function start() {
  if (process.platform !== 'linux') return;
  net.createServer().listen({ port: 1, reusePort: true });
}`,
    line: 4,
    column: 40,
    endColumn: 55,
    removal: `import net from 'net';
function start() {
  if (process.platform !== 'linux') return;
  net.createServer().listen({ port: 1 });
}`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
function start() {
  if (process.platform !== 'linux') return;
  listenExclusive(net.createServer(), { port: 1 });
}`,
  },
  {
    code: `import net from 'net';
switch (process.platform) {
  case 'freebsd':
  case 'linux':
    net.createServer().listen({ port: 1, reusePort: true });
    break;
  default:
    net.createServer().listen({ port: 1 });
}`,
    line: 5,
    column: 42,
    endColumn: 57,
    removal: `import net from 'net';
switch (process.platform) {
  case 'freebsd':
  case 'linux':
    net.createServer().listen({ port: 1 });
    break;
  default:
    net.createServer().listen({ port: 1 });
}`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
switch (process.platform) {
  case 'freebsd':
  case 'linux':
    listenExclusive(net.createServer(), { port: 1 });
    break;
  default:
    net.createServer().listen({ port: 1 });
}`,
  },
  {
    code: `import net from 'net';
process.platform === 'linux' && net.createServer().listen({ port: 1, reusePort: true });`,
    line: 2,
    column: 70,
    endColumn: 85,
    removal: `import net from 'net';
process.platform === 'linux' && net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
process.platform === 'linux' && listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    code: `import net from 'net';
net.createServer().listen(process.platform === 'linux' ? { port: 1, reusePort: true } : { port: 1 });`,
    line: 2,
    column: 69,
    endColumn: 84,
    removal: `import net from 'net';
net.createServer().listen(process.platform === 'linux' ? { port: 1 } : { port: 1 });`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), process.platform === 'linux' ? { port: 1 } : { port: 1 });`,
  },
  {
    code: `import net from 'net';
net.createServer().listen({ port: 1, reusePort: process.platform === 'linux' });`,
    line: 2,
    column: 38,
    endColumn: 77,
    removal: `import net from 'net';
net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    // The helper's own capability check; listenExclusive is merged into its import.
    code: `import net from 'net';
import { canSharePort } from 'exclusive-bind';
if (canSharePort()) net.createServer().listen({ port: 1, reusePort: true });`,
    line: 3,
    column: 58,
    endColumn: 73,
    removal: `import net from 'net';
import { canSharePort } from 'exclusive-bind';
if (canSharePort()) net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { canSharePort, listenExclusive } from 'exclusive-bind';
if (canSharePort()) listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    code: `import net from 'net';
const isLinux = process.platform === 'linux';
if (isLinux) net.createServer().listen({ port: 1, reusePort: true });`,
    line: 3,
    column: 51,
    endColumn: 66,
    removal: `import net from 'net';
const isLinux = process.platform === 'linux';
if (isLinux) net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
const isLinux = process.platform === 'linux';
if (isLinux) listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    // process.platform destructured.
    code: `import net from 'net';
const { platform } = process;
if (platform === 'linux') net.createServer().listen({ port: 1, reusePort: true });`,
    line: 3,
    column: 64,
    endColumn: 79,
    removal: `import net from 'net';
const { platform } = process;
if (platform === 'linux') net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
const { platform } = process;
if (platform === 'linux') listenExclusive(net.createServer(), { port: 1 });`,
  },
  {
    // platform imported from node:process.
    code: `import net from 'net';
import { platform } from 'node:process';
if (platform !== 'linux' && platform !== 'freebsd') {
  throw new Error('needs SO_REUSEPORT load balancing');
}
net.createServer().listen({ port: 1, reusePort: true });`,
    line: 6,
    column: 38,
    endColumn: 53,
    removal: `import net from 'net';
import { platform } from 'node:process';
if (platform !== 'linux' && platform !== 'freebsd') {
  throw new Error('needs SO_REUSEPORT load balancing');
}
net.createServer().listen({ port: 1 });`,
    rewrite: `import net from 'net';
import { platform } from 'node:process';
import { listenExclusive } from 'exclusive-bind';
if (platform !== 'linux' && platform !== 'freebsd') {
  throw new Error('needs SO_REUSEPORT load balancing');
}
listenExclusive(net.createServer(), { port: 1 });`,
  },
];

js.run('no-reuse-port: guards (default options)', rule, {
  valid: guardedCases.map((c) => c.code),
  invalid: [
    {
      // A negative guard leaves macOS in: still reported, for the platforms it reaches.
      code: `import net from 'net';
if (process.platform !== 'win32') net.createServer().listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: {
            ...listen,
            effects: `Linux and FreeBSD: ${CO_BIND}; macOS: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored`,
          },
          line: 2,
          column: 72,
          endLine: 2,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
if (process.platform !== 'win32') net.createServer().listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
if (process.platform !== 'win32') listenExclusive(net.createServer(), { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // The else branch of a Linux check is everything but Linux.
      code: `import net from 'net';
if (process.platform === 'linux') {} else net.createServer().listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: {
            ...listen,
            effects: `macOS and Windows: fails with listen ENOTSUP; FreeBSD: ${CO_BIND}; Node < 22.12 and 23.0: ignored`,
          },
          line: 2,
          column: 80,
          endLine: 2,
          endColumn: 95,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
if (process.platform === 'linux') {} else net.createServer().listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
if (process.platform === 'linux') {} else listenExclusive(net.createServer(), { port: 1 });`,
            },
          ],
        },
      ],
    },
  ],
});

js.run('no-reuse-port: guards (reportGuarded)', rule, {
  valid: [
    {
      code: "import net from 'net';\nif (process.platform === 'linux') net.createServer().listen({ port: 1, reusePort: false });",
      options: [{ reportGuarded: true }],
    },
  ],
  invalid: guardedCases.map((c) => ({
    code: c.code,
    options: [{ reportGuarded: true }] as [{ reportGuarded: boolean }],
    errors: [
      {
        messageId: 'guardedReusePort' as const,
        data: c.deno
          ? {
              api: 'Deno.listen()',
              // The guard reaches Linux only.
              effects: `Linux: ${CO_BIND}; the process exits unless run with --unstable-net`,
              instead: DENO_INSTEAD,
            }
          : { api: 'server.listen()', effects: guardedNode(c.code), instead: NODE_INSTEAD },
        line: c.line,
        column: c.column,
        endLine: c.line,
        endColumn: c.endColumn,
        suggestions: [
          { messageId: 'removeOption' as const, output: c.removal },
          ...(c.rewrite ? [{ messageId: 'useListenExclusive' as const, output: c.rewrite }] : []),
        ],
      },
    ],
  })),
});

// ---------------------------------------------------------------------------------------------
// Where listenExclusive() comes from: module style, existing imports, file headers.

const untraced = (effects = NODE_LISTEN_ALL) => ({ api: 'server.listen()', effects, instead: NODE_INSTEAD });

cjs.run('no-reuse-port: listenExclusive in CommonJS', rule, {
  valid: [],
  invalid: [
    {
      // sourceType commonjs, no require yet, after a 'use strict' directive.
      code: `'use strict';
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `'use strict';
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `'use strict';
const { listenExclusive } = require('exclusive-bind');
listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // Shebang and 'use strict', double quotes, no semicolons: the new line follows the file.
      code: `#!/usr/bin/env node
"use strict"
server.listen({ port: 1, reusePort: true })`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `#!/usr/bin/env node
"use strict"
server.listen({ port: 1 })`,
            },
            {
              messageId: 'useListenExclusive',
              output: `#!/usr/bin/env node
"use strict"
const { listenExclusive } = require("exclusive-bind")
listenExclusive(server, { port: 1 })`,
            },
          ],
        },
      ],
    },
    {
      // Existing destructured require of the helper: merged.
      code: `const { canSharePort } = require('exclusive-bind');
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const { canSharePort } = require('exclusive-bind');
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `const { canSharePort, listenExclusive } = require('exclusive-bind');
listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // Existing require of the whole module: used as is.
      code: `const eb = require('exclusive-bind');
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const eb = require('exclusive-bind');
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `const eb = require('exclusive-bind');
eb.listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
  ],
});

js.run('no-reuse-port: listenExclusive in ES modules', rule, {
  valid: [],
  invalid: [
    {
      // Shebang, no imports: the import goes right under the shebang line.
      code: `#!/usr/bin/env node
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `#!/usr/bin/env node
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `#!/usr/bin/env node
import { listenExclusive } from 'exclusive-bind';
listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // Already imported under another name: reused, no new import.
      code: `import { listenExclusive as bindOnly } from 'exclusive-bind';
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import { listenExclusive as bindOnly } from 'exclusive-bind';
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { listenExclusive as bindOnly } from 'exclusive-bind';
bindOnly(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // Namespace import of the helper.
      code: `import * as eb from 'exclusive-bind';
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import * as eb from 'exclusive-bind';
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import * as eb from 'exclusive-bind';
eb.listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
    {
      // A header comment separated by a blank line stays on top; the import goes under it.
      code: `// Copyright the authors.

/** Starts the server. */
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `// Copyright the authors.

/** Starts the server. */
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `// Copyright the authors.

import { listenExclusive } from 'exclusive-bind';
/** Starts the server. */
listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('no-reuse-port: listenExclusive next to a type-only import', rule, {
  valid: [],
  invalid: [
    {
      code: `import type { ListenOptions } from 'exclusive-bind';
server.listen({ port: 1, reusePort: true });`,
      errors: [
        {
          messageId: 'reusePort',
          data: untraced(),
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import type { ListenOptions } from 'exclusive-bind';
server.listen({ port: 1 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import type { ListenOptions } from 'exclusive-bind';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(server, { port: 1 });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Targets: settings['exclusive-bind'] and the nearest package.json.

const targetCode = `import net from 'net';
net.createServer().listen({ port: 1, reusePort: true });`;
const targetSuggestions = [
  {
    messageId: 'removeOption' as const,
    output: `import net from 'net';
net.createServer().listen({ port: 1 });`,
  },
  {
    messageId: 'useListenExclusive' as const,
    output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), { port: 1 });`,
  },
];
const targetError = (effects: string) => ({
  messageId: 'reusePort' as const,
  data: { api: 'server.listen()', effects, instead: NODE_INSTEAD },
  line: 2,
  column: 38,
  endLine: 2,
  endColumn: 53,
  suggestions: targetSuggestions,
});

js.run('no-reuse-port: targets', rule, {
  valid: [
    // Bun does not run on FreeBSD: nothing to say to a FreeBSD-only project.
    { code: 'Bun.serve({ reusePort: true, fetch });', settings: targets({ platforms: ['freebsd'] }) },
  ],
  invalid: [
    {
      // Linux only: still the co-bind text.
      code: targetCode,
      settings: targets({ platforms: ['linux'] }),
      errors: [targetError(`Linux: ${CO_BIND}; Node < 22.12 and 23.0: ignored`)],
    },
    {
      // >=22.12 no longer names "Node < 22.12", but 23.0.x (in range) ignores the option too.
      code: targetCode,
      settings: targets({ node: '>=22.12' }),
      errors: [
        targetError(`Linux and FreeBSD: ${CO_BIND}; macOS and Windows: fails with listen ENOTSUP; Node 23.0: ignored`),
      ],
    },
    {
      // Every targeted version honours it: no version clause.
      code: targetCode,
      settings: targets({ node: '^22.12 || >=24' }),
      errors: [targetError(`Linux and FreeBSD: ${CO_BIND}; macOS and Windows: fails with listen ENOTSUP`)],
    },
    {
      // Every targeted version ignores it.
      code: targetCode,
      settings: targets({ node: '^20' }),
      errors: [targetError('Node ^20: ignored')],
    },
    {
      code: targetCode,
      settings: targets({ platforms: ['darwin', 'win32'], node: '>=24' }),
      errors: [targetError('macOS and Windows: fails with listen ENOTSUP')],
    },
    {
      // Unknown platform names and invalid ranges are ignored.
      code: targetCode,
      settings: targets({ platforms: ['aix', 'linux'], node: 'not a range' }),
      errors: [targetError(`Linux: ${CO_BIND}; Node < 22.12 and 23.0: ignored`)],
    },
    {
      // package.json of the linted file: os + engines.node.
      code: targetCode,
      filename: projectFile({ os: ['linux'], engines: { node: '>=24' } }),
      errors: [targetError(`Linux: ${CO_BIND}`)],
    },
    {
      // npm's exclusion syntax, and this repository's own engines range (no 23.x in it).
      code: targetCode,
      filename: projectFile({ os: ['!win32'], engines: { node: '^20.19.0 || ^22.13.0 || >=24' } }, 'lib/deep/index.js'),
      errors: [
        targetError(`Linux and FreeBSD: ${CO_BIND}; macOS: fails with listen ENOTSUP; Node < 22.12: ignored`),
      ],
    },
    {
      // Settings win over the manifest.
      code: targetCode,
      filename: projectFile({ os: ['darwin'], engines: { node: '^20' } }),
      settings: targets({ platforms: ['linux'], node: '>=24' }),
      errors: [targetError(`Linux: ${CO_BIND}`)],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Any syntax the parser accepts: the rule must not crash.

ts.run('no-reuse-port: other syntax', rule, {
  valid: [
    {
      filename: 'react.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      code: `import net from 'net';
const App = () => <div onClick={() => net.createServer().listen({ port: 0 })}>{listen()}</div>;
export default App;`,
    },
    `function logged(target: unknown, context: ClassMethodDecoratorContext) {}
class Service {
  #port = 0;
  static instances = 0;
  server = this.listen?.();
  @logged listen() { return this.server?.listen(this.#port); }
}`,
    `import net from 'node:net';
const server = net.createServer();
await new Promise<void>((resolve) => server.listen({ port: 0 }, resolve));`,
    'const m = await import(specifier); m.listen({ [key]: true });',
    'listen(); serve(); (0, eval)("x").listen();',
    "new (class { listen() {} })().listen({ 'reusePort': false });",
    'declare const x: { listen(o: { reusePort: boolean }): void }; x.listen<never>({ reusePort: false });',
  ],
  invalid: [],
});

// ---------------------------------------------------------------------------------------------
// Test-runner gates are platform guards: Deno `ignore`, node:test `skip` / `todo` / `t.skip()`,
// vitest / jest / bun:test `skipIf` / `runIf` / `if`.

/** Where `needle` sits in `code`, as RuleTester reports it (1-based lines and columns). */
function locate(code: string, needle: string) {
  const index = code.indexOf(needle);
  const before = code.slice(0, index).split('\n');
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return { line, column, endLine: line, endColumn: column + needle.length };
}

const LISTEN = 'net.createServer().listen({ port: 1, reusePort: true });';
const NODE_IMPORT = "import net from 'node:net';\n";

/** A test body that binds with reusePort, declared through `gate`. */
const runnerGates: { code: string; deno?: boolean }[] = [
  // node:test options.
  { code: `${NODE_IMPORT}import { test } from 'node:test';\ntest('co-binds', { skip: process.platform !== 'linux' }, () => {\n  ${LISTEN}\n});` },
  { code: `${NODE_IMPORT}import { it } from 'node:test';\nit('co-binds', { todo: process.platform !== 'linux' && 'SO_REUSEPORT only' }, () => {\n  ${LISTEN}\n});` },
  { code: `${NODE_IMPORT}import { describe, it } from 'node:test';\nconst notLinux = process.platform !== 'linux';\ndescribe('sharing', { skip: notLinux }, () => {\n  it('co-binds', () => {\n    ${LISTEN}\n  });\n});` },
  // A subtest through the context.
  { code: `${NODE_IMPORT}import test from 'node:test';\ntest('group', async (t) => {\n  await t.test('co-binds', { skip: !['linux', 'freebsd'].includes(process.platform) }, () => {\n    ${LISTEN}\n  });\n});` },
  // t.skip() on the context, then the rest of the body.
  { code: `${NODE_IMPORT}import test from 'node:test';\ntest('co-binds', (t) => {\n  if (process.platform !== 'linux') {\n    t.skip('needs SO_REUSEPORT');\n  }\n  ${LISTEN}\n});` },
  // vitest's ctx.skip(condition).
  { code: `${NODE_IMPORT}import { test } from 'vitest';\ntest('co-binds', (ctx) => {\n  ctx.skip(process.platform !== 'linux', 'needs SO_REUSEPORT');\n  ${LISTEN}\n});` },
  // vitest / jest / bun:test conditional forms.
  { code: `${NODE_IMPORT}import { test } from 'vitest';\ntest.skipIf(process.platform !== 'linux')('co-binds', () => {\n  ${LISTEN}\n});` },
  { code: `${NODE_IMPORT}import { test } from 'vitest';\ntest.runIf(process.platform === 'linux')('co-binds', () => {\n  ${LISTEN}\n});` },
  { code: `${NODE_IMPORT}import { it } from 'vitest';\nit.skipIf(process.platform !== 'linux')('co-binds', () => {\n  ${LISTEN}\n});` },
  { code: `${NODE_IMPORT}import { describe, it } from 'vitest';\nconst isLinux = process.platform === 'linux';\ndescribe.skipIf(!isLinux)('sharing', () => {\n  it('co-binds', () => {\n    ${LISTEN}\n  });\n});` },
  { code: `${NODE_IMPORT}import { describe, it } from 'vitest';\ndescribe.runIf(process.platform === 'linux')('sharing', () => {\n  it('co-binds', () => {\n    ${LISTEN}\n  });\n});` },
  { code: `${NODE_IMPORT}import { test } from 'vitest';\ntest.skipIf(process.platform !== 'linux').each([1, 2])('co-binds %i', () => {\n  ${LISTEN}\n});` },
  { code: `${NODE_IMPORT}import { test } from 'bun:test';\ntest.if(process.platform === 'linux')('co-binds', () => {\n  ${LISTEN}\n});` },
  // Deno.test with `ignore`, both forms.
  { code: `Deno.test({\n  name: 'co-binds',\n  ignore: Deno.build.os !== 'linux',\n  fn() {\n    Deno.listen({ port: 1, reusePort: true });\n  },\n});`, deno: true },
  { code: `Deno.test('co-binds', { ignore: Deno.build.os !== 'linux' }, () => {\n  Deno.listen({ port: 1, reusePort: true });\n});`, deno: true },
];

function without(code: string): string {
  return code.replace(', reusePort: true', '');
}

/** The listenExclusive() suggestion: the import goes after the file's last import. */
function withHelper(code: string): string {
  const lines = without(code).split('\n');
  const last = lines.findLastIndex((line) => line.startsWith('import '));
  lines.splice(last + 1, 0, "import { listenExclusive } from 'exclusive-bind';");
  return lines.join('\n').replace('net.createServer().listen({ port: 1 })', 'listenExclusive(net.createServer(), { port: 1 })');
}

js.run('no-reuse-port: test-runner gates (default options)', rule, {
  valid: runnerGates.map((c) => c.code),
  invalid: [
    // Gates that leave a platform where the option fails or shares: reported in full.
    ...[
      `${NODE_IMPORT}import { test } from 'vitest';\ntest.skipIf(process.env.CI)('co-binds', () => {\n  ${LISTEN}\n});`,
      `${NODE_IMPORT}import { test } from 'node:test';\ntest('co-binds', { timeout: 1000 }, () => {\n  ${LISTEN}\n});`,
      // `test.skip(...)` as a statement is another test, not a skip of this body.
      `${NODE_IMPORT}import { test } from 'node:test';\ntest('co-binds', () => {\n  if (process.platform !== 'linux') test.skip('other');\n  ${LISTEN}\n});`,
      // A runIf whose condition is not about the platform.
      `${NODE_IMPORT}import { describe, it } from 'vitest';\ndescribe.runIf(hasNetwork)('sharing', () => {\n  it('co-binds', () => {\n    ${LISTEN}\n  });\n});`,
    ].map((code) => ({
      code,
      errors: [
        {
          messageId: 'reusePort' as const,
          data: listen,
          ...locate(code, 'reusePort: true'),
          suggestions: [
            { messageId: 'removeOption' as const, output: without(code) },
            {
              messageId: 'useListenExclusive' as const,
              output: withHelper(code),
            },
          ],
        },
      ],
    })),
    (() => {
      // A gate that leaves macOS: reported for the platforms it reaches.
      const code = `${NODE_IMPORT}import { test } from 'node:test';\ntest('co-binds', { skip: process.platform === 'win32' }, () => {\n  ${LISTEN}\n});`;
      return {
        code,
        errors: [
          {
            messageId: 'reusePort' as const,
            data: {
              ...listen,
              effects: `Linux and FreeBSD: ${CO_BIND}; macOS: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored`,
            },
            ...locate(code, 'reusePort: true'),
            suggestions: [
              { messageId: 'removeOption' as const, output: without(code) },
              { messageId: 'useListenExclusive' as const, output: withHelper(code) },
            ],
          },
        ],
      };
    })(),
  ],
});

js.run('no-reuse-port: test-runner gates (reportGuarded)', rule, {
  valid: [],
  invalid: runnerGates.map((c) => ({
    code: c.code,
    options: [{ reportGuarded: true }] as [{ reportGuarded: boolean }],
    errors: [
      {
        messageId: 'guardedReusePort' as const,
        data: c.deno
          ? {
              api: 'Deno.listen()',
              effects: `Linux: ${CO_BIND}; the process exits unless run with --unstable-net`,
              instead: DENO_INSTEAD,
            }
          : { api: 'server.listen()', effects: guardedNode(c.code), instead: NODE_INSTEAD },
        ...locate(c.code, 'reusePort: true'),
        suggestions: [
          { messageId: 'removeOption' as const, output: without(c.code) },
          ...(c.deno
            ? []
            : [
                {
                  messageId: 'useListenExclusive' as const,
                  output: withHelper(c.code),
                },
              ]),
        ],
      },
    ],
  })),
});

// ---------------------------------------------------------------------------------------------
// Try-then-fall-back: the first attempt still co-binds a live port on Linux, so it is reported
// like any other; the fallback without the option is not.

const fallbacks = [
  // Node: listen again without reusePort on ENOTSUP / EINVAL.
  `import net from 'node:net';
const server = net.createServer();
server.once('error', (err) => {
  if (err.code === 'ENOTSUP' || err.code === 'EINVAL') server.listen({ port: 3000 });
});
server.listen({ port: 3000, reusePort: true });`,
  // Node: the same with a try/catch around a promise-wrapped listen.
  `import http from 'node:http';
const server = http.createServer(app);
try {
  await new Promise((resolve, reject) => server.once('error', reject).listen({ port: 3000, reusePort: true }, resolve));
} catch {
  server.listen({ port: 3000 });
}`,
];

js.run('no-reuse-port: try-then-fall-back', rule, {
  valid: [
    // The fallback alone, and the pair behind a Linux guard.
    "import net from 'node:net';\nconst server = net.createServer();\nserver.once('error', () => server.listen({ port: 3000 }));\nserver.listen({ port: 3000 });",
    `import net from 'node:net';
const server = net.createServer();
if (process.platform === 'linux') {
  try { server.listen({ port: 3000, reusePort: true }); } catch { server.listen({ port: 3000 }); }
}`,
  ],
  invalid: [
    ...fallbacks.map((code) => ({
      code,
      errors: [
        {
          messageId: 'reusePort' as const,
          data: listen,
          ...locate(code, 'reusePort: true'),
          suggestions: [
            { messageId: 'removeOption' as const, output: without(code) },
            {
              messageId: 'useListenExclusive' as const,
              output: without(code)
                .replace(/^(import .*\n)/, "$1import { listenExclusive } from 'exclusive-bind';\n")
                .replace("\nserver.listen({ port: 3000 });", '\nlistenExclusive(server, { port: 3000 });')
                .replace("server.once('error', reject).listen({ port: 3000 }, resolve)", "listenExclusive(server.once('error', reject), { port: 3000 }, resolve)"),
            },
          ],
        },
      ],
    })),
    {
      // Deno: try with reusePort, catch and listen without it.
      code: `let listener;
try {
  listener = Deno.listen({ port: 8000, reusePort: true });
} catch {
  listener = Deno.listen({ port: 8000 });
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Deno.listen()', effects: DENO_ALL, instead: DENO_INSTEAD },
          line: 3,
          column: 40,
          endLine: 3,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `let listener;
try {
  listener = Deno.listen({ port: 8000 });
} catch {
  listener = Deno.listen({ port: 8000 });
}`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Reachable platforms against the effects table: where every platform that can reach the call
// ignores the option, nothing is reported; otherwise the message names only those platforms.
// Platform-dependent values narrow the same way.

js.run('no-reuse-port: reachable platforms', rule, {
  valid: [
    // Deno ignores reusePort off Linux.
    "if (Deno.build.os !== 'linux') Deno.listen({ port: 8000, reusePort: true });",
    "Deno.test({ name: 'mac only', ignore: Deno.build.os === 'linux', fn() { Deno.serve({ port: 8000, reusePort: true }, handler); } });",
    'Deno.listen({ port: 8000, reusePort: Deno.build.os !== "linux" });',
    // On only where SO_REUSEPORT load-balances.
    "import net from 'node:net';\nimport os from 'node:os';\nnet.createServer().listen({ port: 3000, reusePort: os.platform() === 'linux' });",
    // A project that targets macOS only, where Deno ignores the option.
    { code: 'Deno.listen({ port: 8000, reusePort: true });', settings: targets({ platforms: ['darwin'] }) },
  ],
  invalid: [
    {
      // Leaves out Windows only: Linux co-binds, macOS and FreeBSD ignore it.
      code: "if (Deno.build.os !== 'windows') Deno.listen({ port: 8000, reusePort: true });",
      errors: [
        {
          messageId: 'reusePort',
          data: {
            api: 'Deno.listen()',
            effects: `Linux: ${CO_BIND}; macOS and FreeBSD: ignored; the process exits unless run with --unstable-net`,
            instead: DENO_INSTEAD,
          },
          ...locate("if (Deno.build.os !== 'windows') Deno.listen({ port: 8000, reusePort: true });", 'reusePort: true'),
          suggestions: [{ messageId: 'removeOption', output: "if (Deno.build.os !== 'windows') Deno.listen({ port: 8000 });" }],
        },
      ],
    },
    {
      // `reusePort: !isWindows`: on everywhere but Windows, so macOS still fails.
      code: `import net from 'node:net';
const isWindows = process.platform === 'win32';
net.createServer().listen({ port: 3000, reusePort: !isWindows });`,
      errors: [
        {
          messageId: 'reusePort',
          data: {
            ...listen,
            effects: `Linux and FreeBSD: ${CO_BIND}; macOS: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored`,
          },
          ...locate("net.createServer().listen({ port: 3000, reusePort: !isWindows });", 'reusePort: !isWindows'),
          line: 3,
          endLine: 3,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const isWindows = process.platform === 'win32';
net.createServer().listen({ port: 3000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const isWindows = process.platform === 'win32';
listenExclusive(net.createServer(), { port: 3000 });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// A capability probe: port 0, error handled, socket closed. Port 0 never lands on another
// process's port, so it shares nothing.

const probes = [
  `import net from 'node:net';
export function supportsReusePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port: 0, reusePort: true }, () => server.close(() => resolve(true)));
  });
}`,
  `import net from 'node:net';
export const probe = () => new Promise((resolve) => {
  const server = net.createServer().once('error', () => resolve(false)).listen({ port: 0, reusePort: true }, () => {
    server.close();
    resolve(true);
  });
});`,
  `export function denoCanReusePort() {
  try {
    const listener = Deno.listen({ port: 0, reusePort: true });
    listener.close();
    return true;
  } catch {
    return false;
  }
}`,
  // The server in a field, closed by another method: followed through the class.
  `import net from 'node:net';
export class ReusePortCheck {
  #server = net.createServer();
  run() {
    return new Promise((resolve) => {
      this.#server.once('error', () => resolve(false));
      this.#server.listen({ port: 0, reusePort: true }, () => {
        this.stop();
        resolve(true);
      });
    });
  }
  stop() {
    this.#server.close();
  }
}`,
];

js.run('no-reuse-port: capability probes', rule, {
  valid: probes,
  invalid: [
    {
      // Port 0 but the error is not handled: macOS and Windows throw.
      code: `import net from 'node:net';
const server = net.createServer();
server.listen({ port: 0, reusePort: true }, () => server.close());`,
      errors: [
        {
          messageId: 'reusePort',
          data: listen,
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
const server = net.createServer();
server.listen({ port: 0 }, () => server.close());`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
const server = net.createServer();
listenExclusive(server, { port: 0 }, () => server.close());`,
            },
          ],
        },
      ],
    },
    {
      // Error handled and closed, but on a fixed port: a real bind that can co-bind.
      code: `export function denoCanReusePort() {
  try {
    const listener = Deno.listen({ port: 8000, reusePort: true });
    listener.close();
    return true;
  } catch {
    return false;
  }
}`,
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Deno.listen()', effects: DENO_ALL, instead: DENO_INSTEAD },
          ...locate('    const listener = Deno.listen({ port: 8000, reusePort: true });', 'reusePort: true'),
          line: 3,
          endLine: 3,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `export function denoCanReusePort() {
  try {
    const listener = Deno.listen({ port: 8000 });
    listener.close();
    return true;
  } catch {
    return false;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Server libraries that hand reusePort on to a runtime API (LIBRARY_BINDS in the socket-API
// table): srvx / crossws serve(), Elysia's listen() on Bun; Express, Koa and fastify listen()
// pass their options to Node's server.listen().

const SRVX_NODE = 'srvx serve() on Node (srvx >= 0.12, server.listen())';

js.run('no-reuse-port: server libraries', rule, {
  valid: [
    "import { serve } from 'srvx';\nserve({ port: 3000, fetch });",
    "import { serve } from 'srvx';\nserve({ port: 3000, reusePort: false, fetch });",
    // srvx before 0.12 only turned reusePort into `exclusive: false` on Node: no socket option.
    {
      code: "import { serve } from 'srvx';\nserve({ port: 3000, reusePort: true, fetch });",
      filename: projectFile({ dependencies: { srvx: '^0.11.2' } }),
    },
    // Another library's serve().
    "import { serve } from 'some-static-server';\nserve({ port: 3000, reusePort: true });",
    "import { Elysia } from 'elysia';\nnew Elysia().listen({ port: 3000, reusePort: false });",
  ],
  invalid: [
    ...[
      "import { serve } from 'srvx';\nserve({ port: 3000, reusePort: true, fetch });",
      "import { serve } from 'srvx/node';\nconst server = serve({ port: 3000, reusePort: true, fetch });",
      "import { serve } from 'crossws/server';\nserve({ port: 3000, reusePort: true, websocket, fetch });",
    ].map((code) => ({
      code,
      errors: [
        {
          messageId: 'reusePort' as const,
          data: { api: SRVX_NODE, effects: NODE_LISTEN_ALL, instead: NODE_INSTEAD },
          ...locate(code, 'reusePort: true'),
          suggestions: [{ messageId: 'removeOption' as const, output: without(code) }],
        },
      ],
    })),
    {
      // A project on srvx 0.12: the message is about that range.
      code: "import { serve } from 'srvx';\nserve({ port: 3000, reusePort: true, fetch });",
      filename: projectFile({ dependencies: { srvx: '^0.12.3' } }),
      errors: [
        {
          messageId: 'reusePort',
          data: { api: SRVX_NODE, effects: NODE_LISTEN_ALL, instead: NODE_INSTEAD },
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 36,
          suggestions: [{ messageId: 'removeOption', output: "import { serve } from 'srvx';\nserve({ port: 3000, fetch });" }],
        },
      ],
    },
    {
      code: "import { serve } from 'srvx/bun';\nserve({ port: 3000, reusePort: true, fetch });",
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'srvx serve() on Bun (Bun.serve())', effects: BUN_ALL, instead: BUN_INSTEAD },
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 36,
          suggestions: [{ messageId: 'disableOption', output: "import { serve } from 'srvx/bun';\nserve({ port: 3000, reusePort: false, fetch });" }],
        },
      ],
    },
    {
      code: "import { serve } from 'srvx/deno';\nserve({ port: 3000, reusePort: true, fetch });",
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'srvx serve() on Deno (Deno.serve())', effects: DENO_ALL, instead: DENO_INSTEAD },
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 36,
          suggestions: [{ messageId: 'removeOption', output: "import { serve } from 'srvx/deno';\nserve({ port: 3000, fetch });" }],
        },
      ],
    },
    {
      // Elysia on Bun: Bun.serve's row, and `false` rather than removal (Elysia defaults to true).
      code: "import { Elysia } from 'elysia';\nnew Elysia().get('/', () => 'hi').listen({ port: 3000, reusePort: true });",
      errors: [
        {
          messageId: 'reusePort',
          data: { api: 'Elysia listen() on Bun (Bun.serve())', effects: BUN_ALL, instead: BUN_INSTEAD },
          line: 2,
          column: 56,
          endLine: 2,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'disableOption',
              output: "import { Elysia } from 'elysia';\nnew Elysia().get('/', () => 'hi').listen({ port: 3000, reusePort: false });",
            },
          ],
        },
      ],
    },
    // Express, Koa and fastify pass the object to Node's server.listen().
    ...[
      "import express from 'express';\nexpress().listen({ port: 3000, reusePort: true });",
      "import Koa from 'koa';\nnew Koa().listen({ port: 3000, reusePort: true });",
      "import Fastify from 'fastify';\nawait Fastify().listen({ port: 3000, reusePort: true });",
    ].map((code) => ({
      code,
      errors: [
        {
          messageId: 'reusePort' as const,
          data: listen,
          ...locate(code, 'reusePort: true'),
          suggestions: [
            { messageId: 'removeOption' as const, output: without(code) },
            {
              messageId: 'useListenExclusive' as const,
              output: without(code)
                .replace(/^(import .*\n)/, "$1import { listenExclusive } from 'exclusive-bind';\n")
                .replace(/(express\(\)|new Koa\(\)|Fastify\(\))\.listen\(/, 'listenExclusive($1, '),
            },
          ],
        },
      ],
    })),
  ],
});
