import rule from '../../rules/valid-socket-option-values.js';
import { jsTester, tsTester } from './helpers.js';

const js = jsTester();
const ts = tsTester();
const cjs = jsTester('commonjs');

/** Node's listen applies reusePort only when it is exactly `true` (facts §2). */
const STRICT = 'applies it only when it is exactly `true`';
/** dgram options, and listen's `exclusive` / `ipv6Only`, are read by truthiness (facts §2). */
const TRUTHY = 'only tests truthiness';

const listenData = (value: string, readAs: string, option = 'reusePort', how = STRICT) => ({
  option,
  value,
  api: 'server.listen()',
  readAs,
  runtime: 'Node',
  how,
});
const dgramData = (option: string, value: string, readAs: string) => ({
  option,
  value,
  api: 'dgram.createSocket()',
  readAs,
  runtime: 'Node',
  how: TRUTHY,
});

/** `reusePort: 1` in a multi-line listen call on line `line`: Node reads it as false. */
function reusePortOne(code: string, line: number) {
  return {
    code,
    errors: [
      {
        messageId: 'nonBoolean' as const,
        data: listenData('1', 'false'),
        line,
        column: 14,
        endLine: line,
        endColumn: 15,
        suggestions: [
          {
            messageId: 'replaceKeep' as const,
            data: { value: 'false' },
            output: code.replace('reusePort: 1,', 'reusePort: false,'),
          },
          {
            messageId: 'replaceIntent' as const,
            data: { value: 'true' },
            output: code.replace('reusePort: 1,', 'reusePort: true,'),
          },
        ],
      },
    ],
  };
}

js.run('valid-socket-option-values: import forms', rule, {
  valid: [
    // Booleans, null/undefined and values that are not static.
    "import net from 'net';\nnet.createServer().listen({ port: 80, reusePort: true });",
    "import net from 'net';\nnet.createServer().listen({ port: 80, reusePort: false, exclusive: true, ipv6Only: false });",
    "import net from 'net';\nnet.createServer().listen({ port: 80, reusePort: undefined, exclusive: null });",
    "import net from 'net';\nexport const start = (share) => net.createServer().listen({ port: 80, reusePort: share });",
    "import dgram from 'dgram';\ndgram.createSocket({ type: 'udp4', reuseAddr: process.env.SHARE });",
    // Runtimes whose value handling the fact sheet does not pin down: quiet.
    'Bun.serve({ reusePort: 1, fetch });',
    "import { serve } from 'bun';\nserve({ reusePort: 'yes', fetch });",
    'Bun.listen({ port: 1, exclusive: 1, socket });',
    "Deno.listen({ port: 1, reusePort: 'true' });",
    "Deno.listenDatagram({ port: 1, transport: 'udp', reuseAddress: 1 });",
    "import net from 'net';\nnew net.BoundSocket({ port: 1, reusePort: 1 });",
    // uWebSockets.js takes no options object.
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, 1, () => {});",
    // An untraced `.listen()` whose object has no listen key: not a socket call.
    'emitter.listen({ exclusive: 1 });',
    "router.listen({ event: 'x', ipv6Only: 'no' });",
    // Objects that never reach a socket API.
    "const cfg = { reusePort: 1 };\nlog(cfg);",
  ],
  invalid: [
    reusePortOne(
      `import net from 'net';
const server = net.createServer();
server.listen({
  port: 80,
  reusePort: 1,
});`,
      5,
    ),
    reusePortOne(
      `import net from 'node:net';
net.createServer().listen({
  port: 80,
  reusePort: 1,
});`,
      4,
    ),
    reusePortOne(
      `import * as http from 'node:http';
http.createServer().listen({
  port: 80,
  reusePort: 1,
});`,
      4,
    ),
    reusePortOne(
      `import { createServer as cs } from 'node:http';
cs().listen({
  port: 80,
  reusePort: 1,
}, () => {});`,
      4,
    ),
    reusePortOne(
      `const https = require('https');
https.createServer(tls).listen({
  port: 443,
  reusePort: 1,
});`,
      4,
    ),
    reusePortOne(
      `const { createSecureServer } = require('node:http2');
createSecureServer(tls).listen({
  port: 443,
  reusePort: 1,
});`,
      4,
    ),
    reusePortOne(
      `const net = await import('node:net');
net.createServer().listen({
  port: 80,
  reusePort: 1,
});`,
      4,
    ),
    reusePortOne(
      `const tls = process.getBuiltinModule('tls');
tls.createServer(options).listen({
  port: 443,
  reusePort: 1,
});`,
      4,
    ),
    // Express-style app: untraced receiver, the object has listen keys.
    reusePortOne(
      `import express from 'express';
const app = express();
app.listen({
  port: 3000,
  reusePort: 1,
});`,
      5,
    ),
    {
      // A string that says yes; Node reads it as false.
      code: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: 'yes' });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData("'yes'", 'false'),
          line: 2,
          column: 50,
          endLine: 2,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: false });`,
            },
            {
              messageId: 'replaceIntent',
              data: { value: 'true' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: true });`,
            },
          ],
        },
      ],
    },
    {
      // 0: read as false, which is also what it says: one suggestion.
      code: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: 0 });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData('0', 'false'),
          line: 2,
          column: 50,
          endLine: 2,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: false });`,
            },
          ],
        },
      ],
    },
    {
      // A word with no boolean reading: only "what the runtime does today".
      code: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: 'auto' });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData("'auto'", 'false'),
          line: 2,
          column: 50,
          endLine: 2,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, reusePort: false });`,
            },
          ],
        },
      ],
    },
    {
      // listen's `exclusive` is read by truthiness: 'false' turns it on.
      code: `import net from 'net';
net.createServer().listen({ port: 80, exclusive: 'false' });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData("'false'", 'true', 'exclusive', TRUTHY),
          line: 2,
          column: 50,
          endLine: 2,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, exclusive: true });`,
            },
            {
              messageId: 'replaceIntent',
              data: { value: 'false' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, exclusive: false });`,
            },
          ],
        },
      ],
    },
    {
      // ipv6Only: 1 is truthy and says true: one suggestion.
      code: `import net from 'net';
net.createServer().listen({ port: 80, ipv6Only: 1 });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData('1', 'true', 'ipv6Only', TRUTHY),
          line: 2,
          column: 49,
          endLine: 2,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `import net from 'net';
net.createServer().listen({ port: 80, ipv6Only: true });`,
            },
          ],
        },
      ],
    },
  ],
});

js.run('valid-socket-option-values: dgram', rule, {
  valid: ["import dgram from 'dgram';\ndgram.createSocket({ type: 'udp4', reuseAddr: true, reusePort: false });"],
  invalid: [
    {
      // The string 'false' turns reuseAddr on (facts §2: truthiness).
      code: `import dgram from 'node:dgram';
dgram.createSocket({ type: 'udp4', reuseAddr: 'false' });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', "'false'", 'true'),
          line: 2,
          column: 47,
          endLine: 2,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `import dgram from 'node:dgram';
dgram.createSocket({ type: 'udp4', reuseAddr: true });`,
            },
            {
              messageId: 'replaceIntent',
              data: { value: 'false' },
              output: `import dgram from 'node:dgram';
dgram.createSocket({ type: 'udp4', reuseAddr: false });`,
            },
          ],
        },
      ],
    },
    {
      // Empty string: falsy, and it says false.
      code: `const dgram = process.getBuiltinModule('node:dgram');
dgram.createSocket({ type: 'udp4', reuseAddr: '' });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', "''", 'false'),
          line: 2,
          column: 47,
          endLine: 2,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: `const dgram = process.getBuiltinModule('node:dgram');
dgram.createSocket({ type: 'udp4', reuseAddr: false });`,
            },
          ],
        },
      ],
    },
    {
      // dgram reusePort: 1 is on (truthiness), unlike listen's.
      code: `const { createSocket } = await import('node:dgram');
createSocket({ type: 'udp6', reusePort: 1 });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reusePort', '1', 'true'),
          line: 2,
          column: 41,
          endLine: 2,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `const { createSocket } = await import('node:dgram');
createSocket({ type: 'udp6', reusePort: true });`,
            },
          ],
        },
      ],
    },
    {
      // Template literal value, options through a variable read once.
      code: `import dgram from 'dgram';
const options = { type: 'udp4', reuseAddr: \`no\` };
dgram.createSocket(options, onMessage);`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', '`no`', 'true'),
          line: 2,
          column: 44,
          endLine: 2,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `import dgram from 'dgram';
const options = { type: 'udp4', reuseAddr: true };
dgram.createSocket(options, onMessage);`,
            },
            {
              messageId: 'replaceIntent',
              data: { value: 'false' },
              output: `import dgram from 'dgram';
const options = { type: 'udp4', reuseAddr: false };
dgram.createSocket(options, onMessage);`,
            },
          ],
        },
      ],
    },
    {
      // Both branches of a conditional, and a constant behind the value.
      code: `import dgram from 'dgram';
const ON = 'on';
dgram.createSocket(multicast ? { type: 'udp4', reuseAddr: ON } : { type: 'udp4', reuseAddr: 0 });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', 'ON', 'true'),
          line: 3,
          column: 59,
          endLine: 3,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `import dgram from 'dgram';
const ON = 'on';
dgram.createSocket(multicast ? { type: 'udp4', reuseAddr: true } : { type: 'udp4', reuseAddr: 0 });`,
            },
          ],
        },
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', '0', 'false'),
          line: 3,
          column: 93,
          endLine: 3,
          endColumn: 94,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: `import dgram from 'dgram';
const ON = 'on';
dgram.createSocket(multicast ? { type: 'udp4', reuseAddr: ON } : { type: 'udp4', reuseAddr: false });`,
            },
          ],
        },
      ],
    },
  ],
});

cjs.run('valid-socket-option-values: CommonJS', rule, {
  valid: [],
  invalid: [
    {
      code: `'use strict';
const { createSocket } = require('dgram');
createSocket({ type: 'udp4', reuseAddr: 'yes' });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', "'yes'", 'true'),
          line: 3,
          column: 41,
          endLine: 3,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `'use strict';
const { createSocket } = require('dgram');
createSocket({ type: 'udp4', reuseAddr: true });`,
            },
          ],
        },
      ],
    },
  ],
});

ts.run('valid-socket-option-values: TypeScript and other syntax', rule, {
  valid: [
    {
      filename: 'react.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      code: `import net from 'net';
export const Status = ({ up }: { up: boolean }) => <p data-up={up}>{String(net.isIP('::1'))}</p>;
net.createServer().listen({ port: 0, reusePort: false });`,
    },
    `class Server {
  @bound listen(o: object) { return o; }
  static #count = 0;
}
function bound(m: unknown, c: ClassMethodDecoratorContext) {}
new Server().listen({ event: 1 });`,
    "const s = await import('node:net'); s.createServer()?.listen?.({ port: 0, reusePort: true });",
    'declare const net: typeof import("node:net"); net.createServer().listen({ port: 0, [Symbol.iterator]: 1 });',
  ],
  invalid: [
    {
      code: `import dgram = require('dgram');
dgram.createSocket({ type: 'udp4', reuseAddr: 1 as const });`,
      errors: [
        {
          messageId: 'nonBoolean',
          data: dgramData('reuseAddr', '1 as const', 'true'),
          line: 2,
          column: 47,
          endLine: 2,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'true' },
              output: `import dgram = require('dgram');
dgram.createSocket({ type: 'udp4', reuseAddr: true });`,
            },
          ],
        },
      ],
    },
    {
      // Optional call on an untraced server: a listen by its options, reported.
      code: "server?.listen?.({ port: 1, reusePort: 'true' });",
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData("'true'", 'false'),
          line: 1,
          column: 40,
          endLine: 1,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: 'server?.listen?.({ port: 1, reusePort: false });',
            },
            {
              messageId: 'replaceIntent',
              data: { value: 'true' },
              output: 'server?.listen?.({ port: 1, reusePort: true });',
            },
          ],
        },
      ],
    },
    {
      // Computed key that evaluates to a known option.
      code: "import net from 'net';\nnet.createServer().listen({ port: 1, ['reuse' + 'Port']: 1 });",
      errors: [
        {
          messageId: 'nonBoolean',
          data: listenData('1', 'false'),
          line: 2,
          column: 58,
          endLine: 2,
          endColumn: 59,
          suggestions: [
            {
              messageId: 'replaceKeep',
              data: { value: 'false' },
              output: "import net from 'net';\nnet.createServer().listen({ port: 1, ['reuse' + 'Port']: false });",
            },
            {
              messageId: 'replaceIntent',
              data: { value: 'true' },
              output: "import net from 'net';\nnet.createServer().listen({ port: 1, ['reuse' + 'Port']: true });",
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Node's listen reads options only from its first argument: an object after a port or a path is
// dropped (net.js normalizeArgs), so what it asks for silently does not happen.

const notFirst = (options: string) => ({
  api: 'server.listen()',
  options,
});

js.run('valid-socket-option-values: options object after the port', rule, {
  valid: [
    // One options object first: read.
    "import net from 'node:net';\nnet.createServer().listen({ port: 3000, reusePort: true }, onListening);",
    // (port, host, cb): no object at all.
    "import http from 'node:http';\nhttp.createServer(app).listen(3000, '0.0.0.0', () => {});",
    // A second object without any listen option the table knows.
    "import http from 'node:http';\nhttp.createServer(app).listen(3000, { cors: true });",
    // An untraced `.listen()` whose object holds no listen option (socket.io's `io.listen(port, opts)`).
    "io.listen(3000, { cors: { origin: '*' } });",
    // A second argument that is the callback.
    "import net from 'node:net';\nnet.createServer().listen(3000, () => {});",
  ],
  invalid: [
    {
      code: `import net from 'node:net';
const server = net.createServer();
server.listen(3000, { reusePort: true }, onListening);`,
      errors: [
        {
          messageId: 'optionsNotFirst',
          data: notFirst('`reusePort`'),
          line: 3,
          column: 21,
          endLine: 3,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'removeIgnored',
              output: `import net from 'node:net';
const server = net.createServer();
server.listen(3000, onListening);`,
            },
            {
              messageId: 'moveIntoFirst',
              data: { target: '{ port: 3000, reusePort: true }' },
              output: `import net from 'node:net';
const server = net.createServer();
server.listen({ port: 3000, reusePort: true }, onListening);`,
            },
          ],
        },
      ],
    },
    {
      // A `port` variable keeps its name; several options are listed.
      code: `import http from 'node:http';
const port = Number(process.env.PORT);
http.createServer(app).listen(port, { exclusive: true, ipv6Only: true });`,
      errors: [
        {
          messageId: 'optionsNotFirst',
          data: notFirst('`exclusive` and `ipv6Only`'),
          line: 3,
          column: 37,
          endLine: 3,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'removeIgnored',
              output: `import http from 'node:http';
const port = Number(process.env.PORT);
http.createServer(app).listen(port);`,
            },
            {
              messageId: 'moveIntoFirst',
              data: { target: '{ port, exclusive: true, ipv6Only: true }' },
              output: `import http from 'node:http';
const port = Number(process.env.PORT);
http.createServer(app).listen({ port, exclusive: true, ipv6Only: true });`,
            },
          ],
        },
      ],
    },
    {
      // A socket path first: the object goes in as `path`.
      code: `import net from 'node:net';
net.createServer().listen('/tmp/app.sock', { exclusive: true });`,
      errors: [
        {
          messageId: 'optionsNotFirst',
          data: notFirst('`exclusive`'),
          line: 2,
          column: 44,
          endLine: 2,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'removeIgnored',
              output: `import net from 'node:net';
net.createServer().listen('/tmp/app.sock');`,
            },
            {
              messageId: 'moveIntoFirst',
              data: { target: "{ path: '/tmp/app.sock', exclusive: true }" },
              output: `import net from 'node:net';
net.createServer().listen({ path: '/tmp/app.sock', exclusive: true });`,
            },
          ],
        },
      ],
    },
    {
      // Held in a variable: reported, no edit (the object may be meant for other calls too).
      code: `const listenOptions = { reusePort: true };
app.listen(8080, listenOptions, () => console.log('up'));`,
      errors: [
        {
          messageId: 'optionsNotFirst',
          data: notFirst('`reusePort`'),
          line: 2,
          column: 18,
          endLine: 2,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// uWebSockets.js reads listen options as a number of LIBUS_LISTEN_* bits: an object that asks for
// the exclusive port by key is not that number.

const uwsObject = (value: string) => ({ value });

js.run('valid-socket-option-values: uWebSockets.js flag as an object', rule, {
  valid: [
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});",
    "import uWS from 'uWebSockets.js';\nuWS.App().listen('::', 9001, 1, (token) => {});",
    // An object in another library's listen.
    "import { App } from 'some-framework';\nApp().listen(9001, { LIBUS_LISTEN_EXCLUSIVE_PORT: 1 }, (token) => {});",
    // An object that asks for nothing exclusive: what it means is not clear.
    "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, { idleTimeout: 10 }, (token) => {});",
  ],
  invalid: [
    {
      code: "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, { LIBUS_LISTEN_EXCLUSIVE_PORT: 1 }, (token) => {});",
      errors: [
        {
          messageId: 'uwsFlagObject',
          data: uwsObject('{ LIBUS_LISTEN_EXCLUSIVE_PORT: 1 }'),
          line: 2,
          column: 24,
          endLine: 2,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'passExclusiveFlag',
              data: { flag: 'uWS.LIBUS_LISTEN_EXCLUSIVE_PORT' },
              output: "import uWS from 'uWebSockets.js';\nuWS.App().listen(9001, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, (token) => {});",
            },
          ],
        },
      ],
    },
    {
      // (host, port, options, cb), named import, the object held in a constant.
      code: "import { App } from 'uWebSockets.js';\nconst listenOptions = { exclusive: true };\nApp().listen('0.0.0.0', 9001, listenOptions, onListen);",
      errors: [
        {
          messageId: 'uwsFlagObject',
          data: uwsObject('listenOptions'),
          line: 3,
          column: 31,
          endLine: 3,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'passExclusiveFlag',
              data: { flag: 'LIBUS_LISTEN_EXCLUSIVE_PORT' },
              output:
                "import { App, LIBUS_LISTEN_EXCLUSIVE_PORT } from 'uWebSockets.js';\nconst listenOptions = { exclusive: true };\nApp().listen('0.0.0.0', 9001, LIBUS_LISTEN_EXCLUSIVE_PORT, onListen);",
            },
          ],
        },
      ],
    },
    {
      // A port from a function parameter: the object second is the options.
      code: "const uWS = require('uWebSockets.js');\nfunction start(port) {\n  uWS.App().listen(port, { LIBUS_LISTEN_EXCLUSIVE_PORT: true }, onListen);\n}",
      errors: [
        {
          messageId: 'uwsFlagObject',
          data: uwsObject('{ LIBUS_LISTEN_EXCLUSIVE_PORT: true }'),
          line: 3,
          column: 26,
          endLine: 3,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'passExclusiveFlag',
              data: { flag: 'uWS.LIBUS_LISTEN_EXCLUSIVE_PORT' },
              output:
                "const uWS = require('uWebSockets.js');\nfunction start(port) {\n  uWS.App().listen(port, uWS.LIBUS_LISTEN_EXCLUSIVE_PORT, onListen);\n}",
            },
          ],
        },
      ],
    },
  ],
});
