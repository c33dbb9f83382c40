import rule from '../../rules/no-unicast-reuse-addr.js';
import { jsTester, targets } from './helpers.js';

const js = jsTester();
const cjs = jsTester('commonjs');

// Hand-written from platform-facts.md §2 (dgram reuseAddr) and §4 (Deno reuseAddress).
const nodeData = {
  option: 'reuseAddr',
  api: 'dgram.createSocket()',
  effects:
    'Linux and Windows: the last process to bind takes every unicast datagram; macOS and FreeBSD: a second process co-binds the port (libuv sets SO_REUSEPORT)',
};
const denoData = {
  option: 'reuseAddress',
  api: 'Deno.listenDatagram()',
  effects:
    'Linux and Windows: the last process to bind takes every unicast datagram; macOS and FreeBSD: a second process co-binds the port',
};

// ---------------------------------------------------------------------------------------------
// Import forms.

js.run('no-unicast-reuse-addr: import forms', rule, {
  valid: [
    "import dgram from 'node:dgram';\nconst s = dgram.createSocket({ type: 'udp4' });\ns.bind(41234);",
    "import dgram from 'node:dgram';\nconst s = dgram.createSocket({ type: 'udp4', reuseAddr: false });\ns.bind(41234);",
    // Not dgram: a local createSocket, and another module's.
    "const dgram = { createSocket() {} };\nconst s = dgram.createSocket({ reuseAddr: true });\ns.bind(1);",
    "import { createSocket } from 'some-udp-lib';\nconst s = createSocket({ reuseAddr: true });\ns.bind(1);",
    // reusePort is no-reuse-port's business.
    "import dgram from 'node:dgram';\nconst s = dgram.createSocket({ type: 'udp4', reusePort: true });\ns.bind(1);",
    // Options from a parameter: nothing to point at.
    "import dgram from 'node:dgram';\nfunction open(options) {\n  const s = dgram.createSocket(options);\n  s.bind(1);\n}",
  ],
  invalid: [
    {
      // Default import of 'node:dgram', option on its own line.
      code: `import dgram from 'node:dgram';
const socket = dgram.createSocket({
  type: 'udp4',
  reuseAddr: true,
});
socket.bind(41234);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const socket = dgram.createSocket({
  type: 'udp4',
});
socket.bind(41234);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const socket = dgram.createSocket({
  type: 'udp4',
});
bindExclusive(socket, { port: 41234 });`,
            },
          ],
        },
      ],
    },
    {
      // Namespace import of 'dgram', chained bind.
      code: `import * as dgram from 'dgram';
dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(41234);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import * as dgram from 'dgram';
dgram.createSocket({ type: 'udp4' }).bind(41234);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import * as dgram from 'dgram';
import { bindExclusive } from 'exclusive-bind';
bindExclusive(dgram.createSocket({ type: 'udp4' }), { port: 41234 });`,
            },
          ],
        },
      ],
    },
    {
      // Named import; IPv6 socket bound to a unicast address.
      code: `import { createSocket } from 'node:dgram';
const socket = createSocket({ reuseAddr: true, type: 'udp6' });
socket.on('message', (msg) => console.log(msg));
socket.bind(9000, '::1');`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import { createSocket } from 'node:dgram';
const socket = createSocket({ type: 'udp6' });
socket.on('message', (msg) => console.log(msg));
socket.bind(9000, '::1');`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import { createSocket } from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const socket = createSocket({ type: 'udp6' });
socket.on('message', (msg) => console.log(msg));
bindExclusive(socket, { port: 9000, address: '::1' });`,
            },
          ],
        },
      ],
    },
    {
      // process.getBuiltinModule().
      code: `const dgram = process.getBuiltinModule('node:dgram');
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(7000);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `const dgram = process.getBuiltinModule('node:dgram');
const socket = dgram.createSocket({ type: 'udp4' });
socket.bind(7000);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import { bindExclusive } from 'exclusive-bind';
const dgram = process.getBuiltinModule('node:dgram');
const socket = dgram.createSocket({ type: 'udp4' });
bindExclusive(socket, { port: 7000 });`,
            },
          ],
        },
      ],
    },
    {
      // TypeScript import = require().
      code: `import dgram = require('dgram');
const socket: dgram.Socket = dgram.createSocket({ type: 'udp4', reuseAddr: true } as dgram.SocketOptions);
socket.bind(7000);`,
      filename: "file.ts",
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 65,
          endLine: 2,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram = require('dgram');
const socket: dgram.Socket = dgram.createSocket({ type: 'udp4' } as dgram.SocketOptions);
socket.bind(7000);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import { bindExclusive } from 'exclusive-bind';
import dgram = require('dgram');
const socket: dgram.Socket = dgram.createSocket({ type: 'udp4' } as dgram.SocketOptions);
bindExclusive(socket, { port: 7000 });`,
            },
          ],
        },
      ],
    },
    {
      // await import().
      code: `const dgram = await import('node:dgram');
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(7000);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `const dgram = await import('node:dgram');
const socket = dgram.createSocket({ type: 'udp4' });
socket.bind(7000);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import { bindExclusive } from 'exclusive-bind';
const dgram = await import('node:dgram');
const socket = dgram.createSocket({ type: 'udp4' });
bindExclusive(socket, { port: 7000 });`,
            },
          ],
        },
      ],
    },
    {
      // Deno.listenDatagram with reuseAddress.
      code: `const conn = Deno.listenDatagram({ port: 5000, transport: 'udp', reuseAddress: true });
for await (const [data] of conn) console.log(data);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: denoData,
          line: 1,
          column: 66,
          endLine: 1,
          endColumn: 84,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddress' },
              output: `const conn = Deno.listenDatagram({ port: 5000, transport: 'udp' });
for await (const [data] of conn) console.log(data);`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Following the socket through the file.

js.run('no-unicast-reuse-addr: unicast sockets', rule, {
  valid: [],
  invalid: [
    {
      // Aliased named import.
      code: `import { createSocket as udp } from 'node:dgram';
const socket = udp({ type: 'udp4', reuseAddr: true });
socket.bind(8125);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import { createSocket as udp } from 'node:dgram';
const socket = udp({ type: 'udp4' });
socket.bind(8125);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import { createSocket as udp } from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const socket = udp({ type: 'udp4' });
bindExclusive(socket, { port: 8125 });`,
            },
          ],
        },
      ],
    },
    {
      // A bind callback or several binds: only the removal is offered.
      code: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(8125, () => console.log('ready'));`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4' });
socket.bind(8125, () => console.log('ready'));`,
            },
          ],
        },
      ],
    },
    {
      // Options in a variable read once: the suggestion edits the object.
      code: `import dgram from 'node:dgram';
const options = { type: 'udp4', reuseAddr: true };
const socket = dgram.createSocket(options);
socket.bind(41234);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 33,
          endLine: 2,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const options = { type: 'udp4' };
const socket = dgram.createSocket(options);
socket.bind(41234);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const options = { type: 'udp4' };
const socket = dgram.createSocket(options);
bindExclusive(socket, { port: 41234 });`,
            },
          ],
        },
      ],
    },
    {
      // Options object shared by two sockets: no suggestion (editing it changes both).
      code: `import dgram from 'node:dgram';
const options = { type: 'udp4', reuseAddr: true };
const a = dgram.createSocket(options);
const b = dgram.createSocket(options);
a.bind(1);
b.bind(2);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 33,
          endLine: 2,
          endColumn: 48,
          suggestions: [],
        },
      ],
    },
    {
      // Alias, let assignment and setBroadcast(false).
      code: `import dgram from 'node:dgram';
let socket;
socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
const same = socket;
same.setBroadcast(false);
same.bind(9999);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 3,
          column: 45,
          endLine: 3,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
let socket;
socket = dgram.createSocket({ type: 'udp4' });
const same = socket;
same.setBroadcast(false);
same.bind(9999);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
let socket;
socket = dgram.createSocket({ type: 'udp4' });
const same = socket;
same.setBroadcast(false);
bindExclusive(same, { port: 9999 });`,
            },
          ],
        },
      ],
    },
    {
      // Private class field.
      code: `import dgram from 'node:dgram';
class Metrics {
  #socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  start(port) {
    this.#socket.bind(port);
  }
}`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 3,
          column: 48,
          endLine: 3,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
class Metrics {
  #socket = dgram.createSocket({ type: 'udp4' });
  start(port) {
    this.#socket.bind(port);
  }
}`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
class Metrics {
  #socket = dgram.createSocket({ type: 'udp4' });
  start(port) {
    bindExclusive(this.#socket, { port });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // this.field assigned in the constructor, used in another method.
      code: `import dgram from 'node:dgram';
class Receiver {
  constructor() {
    this.socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  }
  start() {
    this.socket.on('message', () => {});
    this.socket.bind(5000);
  }
}`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 4,
          column: 54,
          endLine: 4,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
class Receiver {
  constructor() {
    this.socket = dgram.createSocket({ type: 'udp4' });
  }
  start() {
    this.socket.on('message', () => {});
    this.socket.bind(5000);
  }
}`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
class Receiver {
  constructor() {
    this.socket = dgram.createSocket({ type: 'udp4' });
  }
  start() {
    this.socket.on('message', () => {});
    bindExclusive(this.socket, { port: 5000 });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Returned from a local function whose callers keep it in the file.
      code: `import dgram from 'node:dgram';
function open() {
  return dgram.createSocket({ type: 'udp4', reuseAddr: true });
}
const socket = open();
socket.bind(5000);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 3,
          column: 45,
          endLine: 3,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
function open() {
  return dgram.createSocket({ type: 'udp4' });
}
const socket = open();
socket.bind(5000);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
function open() {
  return dgram.createSocket({ type: 'udp4' });
}
const socket = open();
bindExclusive(socket, { port: 5000 });`,
            },
          ],
        },
      ],
    },
    {
      // A computed value on a proven unicast socket is still reported.
      code: `import dgram from 'node:dgram';
function start(opts) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: opts.reuseAddr !== false });
  socket.bind(opts.port);
}`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 3,
          column: 53,
          endLine: 3,
          endColumn: 88,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
function start(opts) {
  const socket = dgram.createSocket({ type: 'udp4' });
  socket.bind(opts.port);
}`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
function start(opts) {
  const socket = dgram.createSocket({ type: 'udp4' });
  bindExclusive(socket, { port: opts.port });
}`,
            },
          ],
        },
      ],
    },
    {
      // Only the targeted platforms are described.
      code: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(41234);`,
      settings: targets({ platforms: ['linux'] }),
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: { ...nodeData, effects: 'Linux: the last process to bind takes every unicast datagram' },
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4' });
socket.bind(41234);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const socket = dgram.createSocket({ type: 'udp4' });
bindExclusive(socket, { port: 41234 });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Receivers (hard negatives): never reported, in either mode.

const receivers = [
  // Multicast DNS responder: options built from parameters, membership in the listening callback.
  `import dgram from 'node:dgram';
export function createResponder(opts = {}) {
  const socket = dgram.createSocket({ type: opts.type || 'udp4', reuseAddr: opts.reuseAddr !== false });
  socket.on('listening', () => {
    socket.addMembership('224.0.0.251', opts.interface);
    socket.setMulticastTTL(255);
  });
  socket.bind(5353);
  return socket;
}`,
  // SSDP: instance fields, group joined in another method.
  `const dgram = require('node:dgram');
class SsdpServer {
  constructor(options) {
    this.options = options;
    this.socket = dgram.createSocket({ type: 'udp4', reuseAddr: options.reuseAddr ?? true });
  }
  start() {
    this.socket.bind(1900, () => {
      this.socket.addMembership('239.255.255.250');
    });
  }
}
module.exports = SsdpServer;`,
  // The group is joined from outside the class, through the field.
  `import dgram from 'node:dgram';
class Responder {
  socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
}
const responder = new Responder();
responder.socket.bind(5353, () => responder.socket.addMembership('224.0.0.251'));`,
  // Broadcast fan-out.
  `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(6000, () => socket.setBroadcast(true));`,
  // Bound to a multicast address, positional and options form, IPv4 and IPv6.
  `import dgram from 'node:dgram';
dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(1900, '239.255.255.250');`,
  `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp6', reuseAddr: true });
socket.bind({ port: 5353, address: 'ff02::fb' });`,
  // Source-specific membership; chained on().
  `import { createSocket } from 'node:dgram';
const socket = createSocket({ type: 'udp4', reuseAddr: true }).on('message', () => {});
socket.bind(5000, () => socket.addSourceSpecificMembership('10.0.0.1', '232.1.1.1'));`,
  // A local factory whose caller joins the group.
  `import dgram from 'node:dgram';
function open() {
  return dgram.createSocket({ type: 'udp4', reuseAddr: true });
}
const socket = open();
socket.bind(5353, () => socket.addMembership('224.0.0.251'));`,
  // A class method that returns the socket to the constructor.
  `import dgram from 'node:dgram';
class Browser {
  constructor() {
    this.socket = this.createSocket();
    this.socket.addMembership('224.0.0.251');
  }
  createSocket() {
    return dgram.createSocket({ type: 'udp4', reuseAddr: true });
  }
}`,
  // Deno: joins a group, or binds the group address.
  `const conn = Deno.listenDatagram({ port: 5353, transport: 'udp', hostname: '0.0.0.0', reuseAddress: true });
await conn.joinMulticastV4('224.0.0.251', '0.0.0.0');`,
  `const conn = Deno.listenDatagram({ port: 1900, transport: 'udp', hostname: '239.255.255.250', reuseAddress: true });`,
  `const conn = Deno.listenDatagram({ port: 5353, transport: 'udp', hostname: '::', reuseAddress: true });
const membership = await conn.joinMulticastV6('ff02::fb', 0);`,
];

js.run('no-unicast-reuse-addr: receivers', rule, {
  valid: [
    ...receivers,
    ...receivers.map((code) => ({ code, options: [{ reportUnproven: true }] as const })),
  ],
  invalid: [],
});

// ---------------------------------------------------------------------------------------------
// Sockets that leave the file: quiet by default, reported with reportUnproven.

const escaping = [
  `import dgram from 'node:dgram';
export function createReceiver() {
  return dgram.createSocket({ type: 'udp4', reuseAddr: true });
}`,
  `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
attach(socket);`,
  `const dgram = require('dgram');
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
module.exports = { socket };`,
  `import dgram from 'node:dgram';
function listen(port, address) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind(port, address);
}`,
  `export const conn = Deno.listenDatagram({ port: 5000, transport: 'udp', reuseAddress: true });`,
  `import dgram from 'node:dgram';
export const state = {};
state.socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });`,
];

js.run('no-unicast-reuse-addr: reportUnproven', rule, {
  valid: escaping,
  invalid: [
    {
      // Returned from an exported function.
      code: `import dgram from 'node:dgram';
export function createReceiver() {
  return dgram.createSocket({ type: 'udp4', reuseAddr: true });
}`,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: { ...nodeData, why: 'it is returned from the exported function createReceiver()' },
          line: 3,
          column: 45,
          endLine: 3,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
export function createReceiver() {
  return dgram.createSocket({ type: 'udp4' });
}`,
            },
          ],
        },
      ],
    },
    {
      // Passed to an unknown function.
      code: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
attach(socket);`,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: { ...nodeData, why: 'it is passed to attach()' },
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4' });
attach(socket);`,
            },
          ],
        },
      ],
    },
    {
      // Bound to an address computed at run time.
      code: `import dgram from 'node:dgram';
function listen(port, address) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind(port, address);
}`,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: { ...nodeData, why: 'it binds an address computed at run time' },
          line: 3,
          column: 53,
          endLine: 3,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
function listen(port, address) {
  const socket = dgram.createSocket({ type: 'udp4' });
  socket.bind(port, address);
}`,
            },
          ],
        },
      ],
    },
    {
      // Exported Deno socket.
      code: `export const conn = Deno.listenDatagram({ port: 5000, transport: 'udp', reuseAddress: true });`,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: { ...denoData, why: 'it is exported' },
          line: 1,
          column: 73,
          endLine: 1,
          endColumn: 91,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddress' },
              output: `export const conn = Deno.listenDatagram({ port: 5000, transport: 'udp' });`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// CommonJS files.

cjs.run('no-unicast-reuse-addr: CommonJS', rule, {
  valid: [],
  invalid: [
    {
      // require(), the string 'false' is truthy.
      code: `const dgram = require('dgram');
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: 'false' });
socket.bind(8125, '127.0.0.1');`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `const dgram = require('dgram');
const socket = dgram.createSocket({ type: 'udp4' });
socket.bind(8125, '127.0.0.1');`,
            },
            {
              messageId: 'useBindExclusive',
              output: `const dgram = require('dgram');
const { bindExclusive } = require('exclusive-bind');
const socket = dgram.createSocket({ type: 'udp4' });
bindExclusive(socket, { port: 8125, address: '127.0.0.1' });`,
            },
          ],
        },
      ],
    },
    {
      // Destructured require.
      code: `const { createSocket } = require('node:dgram');
const socket = createSocket({ type: 'udp4', reuseAddr: 1 });
socket.bind({ port: 8125, address: '0.0.0.0' });`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 45,
          endLine: 2,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `const { createSocket } = require('node:dgram');
const socket = createSocket({ type: 'udp4' });
socket.bind({ port: 8125, address: '0.0.0.0' });`,
            },
            {
              messageId: 'useBindExclusive',
              output: `const { createSocket } = require('node:dgram');
const { bindExclusive } = require('exclusive-bind');
const socket = createSocket({ type: 'udp4' });
bindExclusive(socket, { port: 8125, address: '0.0.0.0' });`,
            },
          ],
        },
      ],
    },
    {
      // Exported through module.exports.
      code: `const dgram = require('dgram');
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
module.exports = { socket };`,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: { ...nodeData, why: 'it is stored on an object this file does not follow' },
          line: 2,
          column: 51,
          endLine: 2,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `const dgram = require('dgram');
const socket = dgram.createSocket({ type: 'udp4' });
module.exports = { socket };`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// The message names only the platforms on which the option can be on: guards around the call and
// platform-dependent values (`reuseAddr: !isWindows`).

js.run('no-unicast-reuse-addr: reachable platforms', rule, {
  valid: [
    // Off on every platform: a platform check that is never true.
    "import dgram from 'node:dgram';\nconst socket = dgram.createSocket({ type: 'udp4', reuseAddr: process.platform === 'plan9' && process.platform === 'linux' });\nsocket.bind(41234);",
  ],
  invalid: [
    {
      code: `import dgram from 'node:dgram';
const isWindows = process.platform === 'win32';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: !isWindows });
socket.bind(41234);`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: {
            ...nodeData,
            effects:
              'Linux: the last process to bind takes every unicast datagram; macOS and FreeBSD: a second process co-binds the port (libuv sets SO_REUSEPORT)',
          },
          line: 3,
          column: 51,
          endLine: 3,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const isWindows = process.platform === 'win32';
const socket = dgram.createSocket({ type: 'udp4' });
socket.bind(41234);`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const isWindows = process.platform === 'win32';
const socket = dgram.createSocket({ type: 'udp4' });
bindExclusive(socket, { port: 41234 });`,
            },
          ],
        },
      ],
    },
    {
      // Inside a Windows-only branch: only Windows is named.
      code: `import dgram from 'node:dgram';
if (process.platform === 'win32') {
  dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(41234);
}`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: { ...nodeData, effects: 'Windows: the last process to bind takes every unicast datagram' },
          line: 3,
          column: 38,
          endLine: 3,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
if (process.platform === 'win32') {
  dgram.createSocket({ type: 'udp4' }).bind(41234);
}`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
if (process.platform === 'win32') {
  bindExclusive(dgram.createSocket({ type: 'udp4' }), { port: 41234 });
}`,
            },
          ],
        },
      ],
    },
  ],
});
