import rule from '../../rules/no-exclusive-misuse.js';
import { jsTester, targets } from './helpers.js';

const js = jsTester();
const cjs = jsTester('commonjs');

// Hand-written from platform-facts.md §2 (`listen({ exclusive })`).
const EXCLUSIVE =
  "sets no socket option and does not keep other processes off the port; it only stops a node:cluster worker from sharing the primary's handle";
const plain = { api: 'server.listen()', effects: EXCLUSIVE };
const claim = plain;

// ---------------------------------------------------------------------------------------------
// Import forms, with a comment or a name that claims exclusion.

js.run('no-exclusive-misuse: import forms', rule, {
  valid: [
    // Same calls without a claim: `exclusive` alone is only reported in strict mode.
    "import http from 'node:http';\nhttp.createServer(handler).listen({ port: 3000, exclusive: true });",
    "import net from 'net';\nnet.createServer().listen({ port: 4000, exclusive: true }); // see docs/deploy.md",
    // Comments that say nothing about other processes or the port.
    "import http from 'node:http';\n// second server: metrics for the admin network\nhttp.createServer(metrics).listen({ port: 9100, exclusive: true });",
    // A claim next to `exclusive: false` is not about a setting that is on.
    "import http from 'node:http';\n// other processes may share this port\nhttp.createServer(handler).listen({ port: 3000, exclusive: false });",
  ],
  invalid: [
    {
      // Default import of 'node:http', comment above the property.
      code: `import http from 'node:http';
const server = http.createServer(handler);
server.listen({
  port: 3000,
  // exclusive: keep other processes from binding our port
  exclusive: true,
});`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
const server = http.createServer(handler);
server.listen({
  port: 3000,
});`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
const server = http.createServer(handler);
listenExclusive(server, {
  port: 3000,
});`,
            },
          ],
        },
      ],
    },
    {
      // 'net', comment on the same line.
      code: `import net from 'net';
net.createServer().listen({ port: 4000, exclusive: true }); // so nobody else can take 4000`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 2,
          column: 41,
          endLine: 2,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'net';
net.createServer().listen({ port: 4000 }); // so nobody else can take 4000`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'net';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(net.createServer(), { port: 4000 }); // so nobody else can take 4000`,
            },
          ],
        },
      ],
    },
    {
      // Named import; the value is a name that makes the claim.
      code: `import { createServer } from 'node:https';
const preventPortHijack = true;
createServer(tls).listen({ port: 443, exclusive: preventPortHijack });`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'the name `preventPortHijack`' },
          line: 3,
          column: 39,
          endLine: 3,
          endColumn: 67,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import { createServer } from 'node:https';
const preventPortHijack = true;
createServer(tls).listen({ port: 443 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { createServer } from 'node:https';
import { listenExclusive } from 'exclusive-bind';
const preventPortHijack = true;
listenExclusive(createServer(tls), { port: 443 });`,
            },
          ],
        },
      ],
    },
    {
      // process.getBuiltinModule().
      code: `const tls = process.getBuiltinModule('node:tls');
tls.createServer(options).listen({ port: 993, exclusive: true }); // no port sharing`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 2,
          column: 47,
          endLine: 2,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const tls = process.getBuiltinModule('node:tls');
tls.createServer(options).listen({ port: 993 }); // no port sharing`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { listenExclusive } from 'exclusive-bind';
const tls = process.getBuiltinModule('node:tls');
listenExclusive(tls.createServer(options), { port: 993 }); // no port sharing`,
            },
          ],
        },
      ],
    },
    {
      // TypeScript import = require().
      code: `import net = require('net');
const server: net.Server = net.createServer();
server.listen({ port: 7000, exclusive: true } as net.ListenOptions); // prevents another instance from starting`,
      filename: "file.ts",
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net = require('net');
const server: net.Server = net.createServer();
server.listen({ port: 7000 } as net.ListenOptions); // prevents another instance from starting`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { listenExclusive } from 'exclusive-bind';
import net = require('net');
const server: net.Server = net.createServer();
listenExclusive(server, { port: 7000 } as net.ListenOptions); // prevents another instance from starting`,
            },
          ],
        },
      ],
    },
    {
      // await import().
      code: `const net = await import('node:net');
// refuse to share the port
net.createServer().listen({ port: 7000, exclusive: true });`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 3,
          column: 41,
          endLine: 3,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const net = await import('node:net');
// refuse to share the port
net.createServer().listen({ port: 7000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { listenExclusive } from 'exclusive-bind';
const net = await import('node:net');
// refuse to share the port
listenExclusive(net.createServer(), { port: 7000 });`,
            },
          ],
        },
      ],
    },
    {
      // new http.Server(); options in a variable whose name makes the claim.
      code: `import { Server } from 'node:http';
const singleInstanceOptions = { port: 8080, exclusive: true };
new Server(handler).listen(singleInstanceOptions);`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'the name `singleInstanceOptions`' },
          line: 2,
          column: 45,
          endLine: 2,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import { Server } from 'node:http';
const singleInstanceOptions = { port: 8080 };
new Server(handler).listen(singleInstanceOptions);`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import { Server } from 'node:http';
import { listenExclusive } from 'exclusive-bind';
const singleInstanceOptions = { port: 8080 };
listenExclusive(new Server(handler), singleInstanceOptions);`,
            },
          ],
        },
      ],
    },
    {
      // An untraced app.listen() with Node listen options: no listenExclusive suggestion.
      code: `app.listen({ port: 3000, exclusive: true }); // stops a second instance from hijacking the port`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 1,
          column: 26,
          endLine: 1,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `app.listen({ port: 3000 }); // stops a second instance from hijacking the port`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Names, reusePort, strict mode, targets.

js.run('no-exclusive-misuse: checks', rule, {
  valid: [],
  invalid: [
    {
      // The enclosing function says it.
      code: `import http from 'node:http';
export function listenWithoutPortSharing(port) {
  http.createServer(handler).listen({ port, exclusive: true });
}`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'the name `listenWithoutPortSharing`' },
          line: 3,
          column: 45,
          endLine: 3,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
export function listenWithoutPortSharing(port) {
  http.createServer(handler).listen({ port });
}`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
export function listenWithoutPortSharing(port) {
  listenExclusive(http.createServer(handler), { port });
}`,
            },
          ],
        },
      ],
    },
    {
      // Beside reusePort: true.
      code: `import net from 'node:net';
net.createServer().listen({ port: 3000, reusePort: true, exclusive: true });`,
      errors: [
        {
          messageId: 'besideReusePort',
          data: plain,
          line: 2,
          column: 58,
          endLine: 2,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
net.createServer().listen({ port: 3000, reusePort: true });`,
            },
          ],
        },
      ],
    },
    {
      // A claim beside reusePort: true. listenExclusive() refuses reusePort, so it is not offered.
      code: `import net from 'node:net';
net.createServer().listen({ port: 3000, reusePort: true, exclusive: true }); // only one instance`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 2,
          column: 58,
          endLine: 2,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
net.createServer().listen({ port: 3000, reusePort: true }); // only one instance`,
            },
          ],
        },
      ],
    },
    {
      // reportWithoutCluster: exclusive in a file with no sign of node:cluster.
      code: `import http from 'node:http';
http.createServer(handler).listen({ port: 3000, exclusive: true });`,
      options: [{ reportWithoutCluster: true }],
      errors: [
        {
          messageId: 'withoutCluster',
          data: plain,
          line: 2,
          column: 49,
          endLine: 2,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
http.createServer(handler).listen({ port: 3000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(http.createServer(handler), { port: 3000 });`,
            },
          ],
        },
      ],
    },
    {
      // Only the targeted platforms are described (the phrase is the same on all of them).
      code: `import http from 'node:http';
http.createServer(handler).listen({ port: 3000, exclusive: true });`,
      options: [{ reportWithoutCluster: true }],
      settings: targets({ platforms: ['linux'] }),
      errors: [
        {
          messageId: 'withoutCluster',
          data: plain,
          line: 2,
          column: 49,
          endLine: 2,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import http from 'node:http';
http.createServer(handler).listen({ port: 3000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import http from 'node:http';
import { listenExclusive } from 'exclusive-bind';
listenExclusive(http.createServer(handler), { port: 3000 });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Hard negatives: never reported, in either mode.

const negatives = [
  // Cluster code: `exclusive` does exactly what it is for, comments may talk about sharing.
  `import cluster from 'node:cluster';
import http from 'node:http';
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  // each worker binds its own handle instead of sharing the primary's port
  http.createServer(handler).listen({ port: 3000, exclusive: true });
}`,
  // A cluster test that checks the option on purpose.
  `const cluster = require('node:cluster');
const net = require('node:net');
test('exclusive workers do not share the handle with another process', async () => {
  if (cluster.isWorker) net.createServer().listen({ port: 0, exclusive: true }); // other processes
});`,
  // Other libraries' \`exclusive\` options that never reach a socket API.
  `import amqp from 'amqplib';
const channel = await (await amqp.connect(url)).createChannel();
// exclusive: no other consumer / process can use this queue
await channel.assertQueue('jobs', { exclusive: true });`,
  `queue.listen({ exclusive: true }); // no other process may consume`,
  // Bun.listen: \`exclusive\` is a real socket option there (SO_EXCLUSIVEADDRUSE on Windows).
  `// keeps other processes off the port
Bun.listen({ hostname: '0.0.0.0', port: 3000, exclusive: true, socket: { data() {} } });`,
];

js.run('no-exclusive-misuse: hard negatives', rule, {
  valid: [
    ...negatives,
    ...negatives.map((code) => ({ code, options: [{ reportWithoutCluster: true }] as const })),
    // A claim far from the call is not about it (strict mode would still report the option).
    `import http from 'node:http';
// Another instance may already be running: we check the pid file below.
const pid = readPidFile();
if (pid) process.exit(1);
const server = http.createServer(handler);
server.listen({ port: 3000, exclusive: true });`,
  ],
  invalid: [],
});

// ---------------------------------------------------------------------------------------------
// CommonJS files.

cjs.run('no-exclusive-misuse: CommonJS', rule, {
  valid: [],
  invalid: [
    {
      // require(); comment above the call.
      code: `const http2 = require('http2');
const server = http2.createSecureServer(tls);
// SO_EXCLUSIVEADDRUSE on Windows
server.listen({ port: 8443, exclusive: true });`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 4,
          column: 29,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `const http2 = require('http2');
const server = http2.createSecureServer(tls);
// SO_EXCLUSIVEADDRUSE on Windows
server.listen({ port: 8443 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `const http2 = require('http2');
const { listenExclusive } = require('exclusive-bind');
const server = http2.createSecureServer(tls);
// SO_EXCLUSIVEADDRUSE on Windows
listenExclusive(server, { port: 8443 });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// "Cluster code" is read from the code: an import, require or use of node:cluster. Comments and
// sentences in strings that mention cluster decide nothing.

js.run('no-exclusive-misuse: cluster code from the code only', rule, {
  valid: [
    // The module imported under another name, used only through it.
    {
      code: `import * as workers from 'node:cluster';
import net from 'node:net';
if (workers.default.isWorker) net.createServer().listen({ port: 3000, exclusive: true });`,
      options: [{ reportWithoutCluster: true }],
    },
    // A dynamic import of the module names it in code.
    {
      code: `import http from 'node:http';
const { default: c } = await import('cluster');
http.createServer(handler).listen({ port: 3000, exclusive: true }); // other processes`,
      options: [{ reportWithoutCluster: true }],
    },
    // A worker that reads the cluster's own environment marker.
    {
      code: `import net from 'node:net';
if (process.env.NODE_UNIQUE_ID) net.createServer().listen({ port: 3000, exclusive: true });`,
      options: [{ reportWithoutCluster: true }],
    },
  ],
  invalid: [
    {
      // A comment that says "not run under cluster" is no cluster code.
      code: `import net from 'node:net';
// Not run under cluster: exclusive keeps other processes off the port.
net.createServer().listen({ port: 4000, exclusive: true });`,
      errors: [
        {
          messageId: 'claimsExclusion',
          data: { ...claim, by: 'a comment' },
          line: 3,
          column: 41,
          endLine: 3,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
// Not run under cluster: exclusive keeps other processes off the port.
net.createServer().listen({ port: 4000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
// Not run under cluster: exclusive keeps other processes off the port.
listenExclusive(net.createServer(), { port: 4000 });`,
            },
          ],
        },
      ],
    },
    {
      // "cluster" only inside a log sentence, with strict mode on.
      code: `import net from 'node:net';
console.log('single process, no cluster');
net.createServer().listen({ port: 4000, exclusive: true });`,
      options: [{ reportWithoutCluster: true }],
      errors: [
        {
          messageId: 'withoutCluster',
          data: plain,
          line: 3,
          column: 41,
          endLine: 3,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'removeOption',
              output: `import net from 'node:net';
console.log('single process, no cluster');
net.createServer().listen({ port: 4000 });`,
            },
            {
              messageId: 'useListenExclusive',
              output: `import net from 'node:net';
import { listenExclusive } from 'exclusive-bind';
console.log('single process, no cluster');
listenExclusive(net.createServer(), { port: 4000 });`,
            },
          ],
        },
      ],
    },
  ],
});
