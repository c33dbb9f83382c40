// no-unicast-reuse-addr on the shapes production code writes: sockets that only send, receivers
// whose evidence is a bind address or a bind callback, and broadcast receivers whose evidence is
// the sender in the same file.
import rule from '../../rules/no-unicast-reuse-addr.js';
import { jsTester } from './helpers.js';

const js = jsTester();

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
// 8. Sockets that only send take an ephemeral port: their address reuse takes nothing.

const senders = [
  // Never bound: Node binds it to an ephemeral port on the first send.
  `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.send('ping', 8125, '127.0.0.1', () => socket.close());`,
  // Bound to port 0 (positional, options object, no port at all) before sending.
  `import dgram from 'node:dgram';
const a = dgram.createSocket({ type: 'udp4', reuseAddr: true });
a.bind(0, () => a.send('x', 9000, '10.0.0.2'));
const b = dgram.createSocket({ type: 'udp4', reuseAddr: true });
b.bind({ port: 0, address: '0.0.0.0' });
const c = dgram.createSocket({ type: 'udp4', reuseAddr: true });
c.bind(() => c.send('x', 9000, '10.0.0.2'));
const ANY_PORT = 0;
const d = dgram.createSocket({ type: 'udp4', reuseAddr: true });
d.bind(ANY_PORT);`,
  // Deno: port 0.
  `const conn = Deno.listenDatagram({ port: 0, transport: 'udp', reuseAddress: true });
await conn.send(new Uint8Array([1]), { transport: 'udp', hostname: '10.0.0.2', port: 9000 });`,
];

// ---------------------------------------------------------------------------------------------
// 8. Receivers: bound to a group address, or joining the group from the bind callback.

const receivers = [
  `import dgram from 'node:dgram';
const SSDP_ADDRESS = '239.255.255.250';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind({ port: 1900, address: SSDP_ADDRESS });`,
  `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(5353, () => {
  socket.setMulticastTTL(255);
  socket.addMembership('224.0.0.251');
});`,
  // `function` callbacks run with `this` set to the socket.
  `import dgram from 'node:dgram';
dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(5353, function () {
  this.addMembership('224.0.0.251');
});
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.on('listening', function () {
  const join = () => this.addMembership('239.255.255.250');
  join();
});
socket.bind(1900);`,
];

// ---------------------------------------------------------------------------------------------
// 7. A broadcast receiver: the sender in the same file enables broadcast and sends to its port.

const broadcastReceivers = [
  `import dgram from 'node:dgram';
const PORT = 41848;
export function listen(onMessage) {
  const receiver = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  receiver.on('message', onMessage);
  receiver.bind(PORT);
}
export function announce(message) {
  const sender = dgram.createSocket('udp4');
  sender.bind(() => {
    sender.setBroadcast(true);
    sender.send(message, PORT, '255.255.255.255', () => sender.close());
  });
}`,
  // A directed broadcast, the offset/length form, literal ports.
  `import dgram from 'node:dgram';
const receiver = dgram.createSocket({ type: 'udp4', reuseAddr: true });
receiver.bind(6000);
const sender = dgram.createSocket('udp4');
sender.bind(0, () => {
  sender.setBroadcast(true);
  sender.send(buffer, 0, buffer.length, 6000, '192.168.1.255');
});`,
];

js.run('no-unicast-reuse-addr: senders, receivers by bind, broadcast receivers', rule, {
  valid: [
    ...senders,
    ...receivers,
    ...broadcastReceivers,
    ...[...senders, ...receivers, ...broadcastReceivers].map((code) => ({ code, options: [{ reportUnproven: true }] as const })),
  ],
  invalid: [
    {
      // Bound to a fixed port, then sending: it receives the replies, on a port others can steal.
      code: `import dgram from 'node:dgram';
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.bind(8125, () => socket.send('hello', 9000, '10.0.0.2'));`,
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
socket.bind(8125, () => socket.send('hello', 9000, '10.0.0.2'));`,
            },
          ],
        },
      ],
    },
    {
      // Deno: a fixed port.
      code: `const conn = Deno.listenDatagram({ port: 9000, transport: 'udp', reuseAddress: true });`,
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
              output: `const conn = Deno.listenDatagram({ port: 9000, transport: 'udp' });`,
            },
          ],
        },
      ],
    },
    {
      // A broadcast sender on another port than the one the receiver binds: no evidence.
      code: `import dgram from 'node:dgram';
const receiver = dgram.createSocket({ type: 'udp4', reuseAddr: true });
receiver.bind(6000);
const sender = dgram.createSocket('udp4');
sender.bind(() => {
  sender.setBroadcast(true);
  sender.send('x', 7000, '255.255.255.255');
});`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 53,
          endLine: 2,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const receiver = dgram.createSocket({ type: 'udp4' });
receiver.bind(6000);
const sender = dgram.createSocket('udp4');
sender.bind(() => {
  sender.setBroadcast(true);
  sender.send('x', 7000, '255.255.255.255');
});`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const receiver = dgram.createSocket({ type: 'udp4' });
bindExclusive(receiver, { port: 6000 });
const sender = dgram.createSocket('udp4');
sender.bind(() => {
  sender.setBroadcast(true);
  sender.send('x', 7000, '255.255.255.255');
});`,
            },
          ],
        },
      ],
    },
    {
      // A unicast send to the receiver's port, without broadcast: no evidence.
      code: `import dgram from 'node:dgram';
const receiver = dgram.createSocket({ type: 'udp4', reuseAddr: true });
receiver.bind(6000);
receiver.send('x', 6000, '127.0.0.1');`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 2,
          column: 53,
          endLine: 2,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const receiver = dgram.createSocket({ type: 'udp4' });
receiver.bind(6000);
receiver.send('x', 6000, '127.0.0.1');`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const receiver = dgram.createSocket({ type: 'udp4' });
bindExclusive(receiver, { port: 6000 });
receiver.send('x', 6000, '127.0.0.1');`,
            },
          ],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 7. Sockets followed into same-file functions and collections: `strict`'s "unproven" report
// only remains where the socket leaves the file.

const followed = [
  `import dgram from 'node:dgram';
function join(socket, group) {
  socket.addMembership(group);
}
const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
s.bind(5353, () => join(s, '224.0.0.251'));`,
  `import dgram from 'node:dgram';
class Mdns {
  constructor() {
    this.sockets = {};
  }
  open(iface) {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.sockets[iface] = socket;
    socket.bind(5353);
  }
  join(iface) {
    this.sockets[iface].addMembership('224.0.0.251', iface);
  }
}
export default Mdns;`,
  `import dgram from 'node:dgram';
const sockets = new Map();
export function open(iface) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sockets.set(iface, socket);
  socket.bind(5353, () => sockets.get(iface).addMembership('224.0.0.251', iface));
}`,
  `import dgram from 'node:dgram';
const sockets = new Map();
export function open(iface) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sockets.set(iface, socket);
  socket.bind(5353);
}
export function joinAll() {
  for (const socket of sockets.values()) socket.addMembership('224.0.0.251');
}`,
  `import dgram from 'node:dgram';
class Mdns {
  sockets = [];
  open() {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.sockets.push(socket);
    socket.bind(5353);
  }
  join() {
    for (const socket of this.sockets) socket.addMembership('224.0.0.251');
  }
}
export default Mdns;`,
];

js.run('no-unicast-reuse-addr: sockets in functions and collections of the file', rule, {
  valid: [...followed, ...followed.map((code) => ({ code, options: [{ reportUnproven: true }] as const }))],
  invalid: [
    {
      // Kept in a collection whose entries join nothing: a unicast socket.
      code: `import dgram from 'node:dgram';
const sockets = new Map();
export function open(iface) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sockets.set(iface, socket);
  socket.bind(5353);
}
export function closeAll() {
  for (const [, socket] of sockets) socket.close();
}`,
      errors: [
        {
          messageId: 'unicastReuseAddr',
          data: nodeData,
          line: 4,
          column: 53,
          endLine: 4,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const sockets = new Map();
export function open(iface) {
  const socket = dgram.createSocket({ type: 'udp4' });
  sockets.set(iface, socket);
  socket.bind(5353);
}
export function closeAll() {
  for (const [, socket] of sockets) socket.close();
}`,
            },
            {
              messageId: 'useBindExclusive',
              output: `import dgram from 'node:dgram';
import { bindExclusive } from 'exclusive-bind';
const sockets = new Map();
export function open(iface) {
  const socket = dgram.createSocket({ type: 'udp4' });
  sockets.set(iface, socket);
  bindExclusive(socket, { port: 5353 });
}
export function closeAll() {
  for (const [, socket] of sockets) socket.close();
}`,
            },
          ],
        },
      ],
    },
    {
      // The collection itself leaves the file: only reportUnproven reports it.
      code: `import dgram from 'node:dgram';
const sockets = [];
export function open() {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sockets.push(socket);
  socket.bind(5353);
  return sockets;
}`,
      options: [{ reportUnproven: true }],
      errors: [
        {
          messageId: 'unprovenReuseAddr',
          data: { ...nodeData, why: 'it is kept in a collection this file hands on' },
          line: 4,
          column: 53,
          endLine: 4,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'removeOption',
              data: { option: 'reuseAddr' },
              output: `import dgram from 'node:dgram';
const sockets = [];
export function open() {
  const socket = dgram.createSocket({ type: 'udp4' });
  sockets.push(socket);
  socket.bind(5353);
  return sockets;
}`,
            },
          ],
        },
      ],
    },
  ],
});
