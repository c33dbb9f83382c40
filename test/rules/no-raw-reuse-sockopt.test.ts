import rule from '../../rules/no-raw-reuse-sockopt.js';
import { jsTester, targets } from './helpers.js';

const js = jsTester();
const cjs = jsTester('commonjs');

// Hand-written from platform-facts.md §1 and §6.
const REUSEPORT_VALUES = 'Linux 15; Linux mips/sparc/alpha/parisc, macOS and FreeBSD 0x200; Windows: none';
const REUSEADDR_VALUES = 'Linux 2; Linux mips/sparc/alpha/parisc, macOS, FreeBSD and Windows 4';
const SOL_SOCKET_VALUES = 'Linux 1; Linux mips/sparc/alpha/parisc, macOS, FreeBSD and Windows 0xffff';
const REUSEPORT_EFFECTS =
  'Linux: a second instance co-binds the live port and silently takes a share of its traffic; macOS: a second instance co-binds the live port (last bind wins); FreeBSD: a second instance co-binds the live port without load balancing (that needs SO_REUSEPORT_LB); Windows: the option does not exist and setsockopt fails';
const REUSEPORT_LB_EFFECTS =
  'Linux, macOS and Windows: the option does not exist and setsockopt fails; FreeBSD: a second instance co-binds the live port and silently takes a share of its traffic';
const REUSEPORT_UNGUARDED = { option: 'SO_REUSEPORT', api: 'createReuseportFd()', effects: REUSEPORT_EFFECTS };

// ---------------------------------------------------------------------------------------------
// Every way of reaching setsockopt.

js.run('no-raw-reuse-sockopt: FFI and native packages', rule, {
  valid: [
    // A setsockopt that is not native code.
    'function setsockopt() {}\nsetsockopt(fd, 1, 15, one, 4);',
    "import { setsockopt } from './my-wrapper.js';\nsetsockopt(fd, 1, 15, one, 4);",
    // koffi declares another function under the name.
    "import koffi from 'koffi';\nconst setsockopt = koffi.load('libc.so.6').func('int getsockopt(int, int, int, void *, int *)');\nsetsockopt(fd, 1, 15, out, len);",
  ],
  invalid: [
    {
      // process.getBuiltinModule('node:ffi').
      code: `const ffi = process.getBuiltinModule('node:ffi');
const { functions } = ffi.dlopen('libc.so.6', { setsockopt: { arguments: ['i32', 'i32', 'i32', 'pointer', 'i32'], return: 'i32' } });
functions.setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
    {
      // await import() of koffi.
      code: `const { default: koffi } = await import('koffi');
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 21,
          suggestions: [],
        },
      ],
    },
    {
      // koffi, prototype string.
      code: `import koffi from 'koffi';
const libc = koffi.load('libc.so.6');
const setsockopt = libc.func('int setsockopt(int sockfd, int level, int optname, void *optval, int optlen)');
setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 21,
          suggestions: [],
        },
      ],
    },
    {
      // TypeScript import = require() of koffi.
      code: `import koffi = require('koffi');
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
setsockopt(fd, 1, 15, one, 4);`,
      filename: "file.ts",
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 21,
          suggestions: [],
        },
      ],
    },
    {
      // ffi-napi, destructured.
      code: `import ffi from 'ffi-napi';
const { setsockopt } = ffi.Library('libc', { setsockopt: ['int', ['int', 'int', 'int', 'pointer', 'int']] });
setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 21,
          suggestions: [],
        },
      ],
    },
    {
      // ffi-rs load() with paramsValue.
      code: `import { load, DataType } from 'ffi-rs';
load({
  library: 'libc',
  funcName: 'setsockopt',
  retType: DataType.I32,
  paramsType: [DataType.I32, DataType.I32, DataType.I32, DataType.External, DataType.I32],
  paramsValue: [fd, 1, 15, one, 4],
});`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 26,
          suggestions: [],
        },
      ],
    },
    {
      // bun:ffi, named dlopen.
      code: `import { dlopen, FFIType } from 'bun:ffi';
const { symbols } = dlopen('libc.so.6', {
  setsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
});
symbols.setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 5,
          column: 27,
          endLine: 5,
          endColumn: 29,
          suggestions: [],
        },
      ],
    },
    {
      // bun:ffi, namespace import; BSD numbers.
      code: `import * as ffi from 'bun:ffi';
const lib = ffi.dlopen('libc.dylib', { setsockopt: { args: ['i32', 'i32', 'i32', 'ptr', 'i32'], returns: 'i32' } });
lib.symbols.setsockopt(fd, 0xffff, 0x200, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '0x200', where: 'Linux mips/sparc/alpha/parisc, macOS and FreeBSD', values: REUSEPORT_VALUES },
          line: 3,
          column: 36,
          endLine: 3,
          endColumn: 41,
          suggestions: [],
        },
      ],
    },
    {
      // Deno.dlopen.
      code: `const libc = Deno.dlopen('libc.so.6', {
  setsockopt: { parameters: ['i32', 'i32', 'i32', 'buffer', 'i32'], result: 'i32' },
});
libc.symbols.setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 4,
          column: 32,
          endLine: 4,
          endColumn: 34,
          suggestions: [],
        },
      ],
    },
    {
      // node:ffi dlopen().functions.
      code: `import { dlopen } from 'node:ffi';
const { functions } = dlopen('libc.so.6', { setsockopt: { arguments: ['i32', 'i32', 'i32', 'pointer', 'i32'], return: 'i32' } });
functions.setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 3,
          column: 29,
          endLine: 3,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
    {
      // node:ffi getFunction() under another name.
      code: `import ffi from 'node:ffi';
const lib = new ffi.DynamicLibrary('libc.dylib');
const set = lib.getFunction('setsockopt', { arguments: ['i32', 'i32', 'i32', 'pointer', 'i32'], return: 'i32' });
set(fd, 0xffff, 0x200, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '0x200', where: 'Linux mips/sparc/alpha/parisc, macOS and FreeBSD', values: REUSEPORT_VALUES },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 22,
          suggestions: [],
        },
      ],
    },
    {
      // node-unix-socket createReuseportFd().
      code: `import { createReuseportFd } from 'node-unix-socket';
import net from 'node:net';
const fd = createReuseportFd(3000, '0.0.0.0');
net.createServer().listen({ fd });`,
      errors: [
        {
          messageId: 'reusePortUnguarded',
          data: { option: 'SO_REUSEPORT', api: 'createReuseportFd()', effects: REUSEPORT_EFFECTS },
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// What is reported.

js.run('no-raw-reuse-sockopt: checks', rule, {
  valid: [],
  invalid: [
    {
      // Named constants hard-coded for Linux, behind no guard.
      code: `import koffi from 'koffi';
const SOL_SOCKET = 1;
const SO_REUSEPORT = 15;
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 5,
          column: 28,
          endLine: 5,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    {
      // BSD numbers behind a Linux guard are wrong on Linux.
      code: `import koffi from 'koffi';
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
if (process.platform === 'linux') setsockopt(fd, 0xffff, 0x200, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '0x200', where: 'Linux mips/sparc/alpha/parisc, macOS and FreeBSD', values: REUSEPORT_VALUES },
          line: 3,
          column: 58,
          endLine: 3,
          endColumn: 63,
          suggestions: [],
        },
      ],
    },
    {
      // Only the level is hard-coded.
      code: `import koffi from 'koffi';
const C = require('./constants.js')[process.platform];
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
setsockopt(fd, 1, C.SO_REUSEPORT, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SOL_SOCKET', value: '1', where: 'Linux', values: SOL_SOCKET_VALUES },
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 17,
          suggestions: [],
        },
      ],
    },
    {
      // Per-platform constants, but SO_REUSEPORT on every platform.
      code: `import koffi from 'koffi';
const linux = process.platform === 'linux';
const SOL_SOCKET = linux ? 1 : 0xffff;
const SO_REUSEPORT = linux ? 15 : 0x200;
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, one, 4);`,
      errors: [
        {
          messageId: 'reusePortUnguarded',
          data: { option: 'SO_REUSEPORT', api: 'setsockopt()', effects: REUSEPORT_EFFECTS },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 49,
          suggestions: [],
        },
      ],
    },
    {
      // A macOS branch is not a load-balancing guard.
      code: `import { dlopen } from 'bun:ffi';
const { symbols } = dlopen('libc.dylib', { setsockopt: { args: ['i32', 'i32', 'i32', 'ptr', 'i32'], returns: 'i32' } });
if (process.platform === 'darwin') {
  symbols.setsockopt(fd, 0xffff, 0x200, one, 4);
}`,
      errors: [
        {
          messageId: 'reusePortUnguarded',
          data: { option: 'SO_REUSEPORT', api: 'setsockopt()', effects: REUSEPORT_EFFECTS },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 48,
          suggestions: [],
        },
      ],
    },
    {
      // SO_REUSEPORT_LB by name.
      code: `import ffi from 'ffi-napi';
const libc = ffi.Library(null, { setsockopt: ['int', ['int', 'int', 'int', 'pointer', 'int']] });
libc.setsockopt(fd, constants.SOL_SOCKET, constants.SO_REUSEPORT_LB, one, 4);`,
      errors: [
        {
          messageId: 'reusePortUnguarded',
          data: { option: 'SO_REUSEPORT_LB', api: 'setsockopt()', effects: REUSEPORT_LB_EFFECTS },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 77,
          suggestions: [],
        },
      ],
    },
    {
      // Set on a socket Node already bound.
      code: `import ffi from 'ffi-napi';
import net from 'node:net';
const libc = ffi.Library(null, { setsockopt: ['int', ['int', 'int', 'int', 'pointer', 'int']] });
const server = net.createServer();
server.listen(3000, () => {
  const fd = server._handle.fd;
  libc.setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, one, 4);
});`,
      errors: [
        {
          messageId: 'afterBind',
          data: { option: 'SO_REUSEADDR', api: 'setsockopt()', fd: 'server._handle.fd' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import ffi from 'ffi-napi';
import net from 'node:net';
const libc = ffi.Library(null, { setsockopt: ['int', ['int', 'int', 'int', 'pointer', 'int']] });
const server = net.createServer();
server.listen(3000, () => {
  const fd = server._handle.fd;
});`,
            },
          ],
        },
      ],
    },
    {
      // SO_REUSEADDR on a listener (native listen) with no Windows branch.
      code: `import koffi from 'koffi';
const lib = koffi.load(process.platform === 'win32' ? 'ws2_32.dll' : 'libc.so.6');
const setsockopt = lib.func('int setsockopt(int, int, int, void *, int)');
const listen = lib.func('int listen(int, int)');
setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, one, 4);
listen(fd, 511);`,
      errors: [
        {
          messageId: 'reuseAddrWithoutExclusive',
          data: { api: 'setsockopt()', windows: 'another process can forcibly bind the port while it is in use', exclusive: '-5', windowsName: 'Windows' },
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 53,
          suggestions: [],
        },
      ],
    },
    {
      // SO_REUSEADDR on an fd handed to server.listen({ fd }).
      code: `import { dlopen } from 'node:ffi';
import net from 'node:net';
const { functions } = dlopen(libcPath, { setsockopt: { arguments: ['i32', 'i32', 'i32', 'pointer', 'i32'], return: 'i32' } });
functions.setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, one, 4);
net.createServer(handler).listen({ fd });`,
      errors: [
        {
          messageId: 'reuseAddrWithoutExclusive',
          data: { api: 'setsockopt()', windows: 'another process can forcibly bind the port while it is in use', exclusive: '-5', windowsName: 'Windows' },
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 63,
          suggestions: [],
        },
      ],
    },
    {
      // Only the targeted platforms are described.
      code: `import { createReuseportFd } from 'node-unix-socket';
const fd = createReuseportFd(3000, '0.0.0.0');`,
      settings: targets({ platforms: ['linux', 'darwin'] }),
      errors: [
        {
          messageId: 'reusePortUnguarded',
          data: { ...REUSEPORT_UNGUARDED, effects: 'Linux: a second instance co-binds the live port and silently takes a share of its traffic; macOS: a second instance co-binds the live port (last bind wins)' },
          line: 2,
          column: 12,
          endLine: 2,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Hard negatives.

js.run('no-raw-reuse-sockopt: unrelated options and per-platform code', rule, {
  valid: [
    // Keep-alive through FFI with a per-platform constant table (net-keepalive style).
    `import koffi from 'koffi';
const CONSTANTS = {
  linux: { SOL_SOCKET: 1, SO_KEEPALIVE: 9, IPPROTO_TCP: 6, TCP_KEEPIDLE: 4 },
  darwin: { SOL_SOCKET: 0xffff, SO_KEEPALIVE: 8, IPPROTO_TCP: 6, TCP_KEEPALIVE: 0x10 },
  freebsd: { SOL_SOCKET: 0xffff, SO_KEEPALIVE: 8, IPPROTO_TCP: 6, TCP_KEEPIDLE: 0x100 },
};
const C = CONSTANTS[process.platform];
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
export function enableKeepAlive(fd) {
  setsockopt(fd, C.SOL_SOCKET, C.SO_KEEPALIVE, one, 4);
  setsockopt(fd, C.IPPROTO_TCP, C.TCP_KEEPIDLE, seconds, 4);
}`,
    // Hard-coded numbers of options that are not about reuse: SO_KEEPALIVE (Linux 9, BSD 8),
    // IPPROTO_TCP/TCP_KEEPIDLE, IP_TOS, SO_BINDTODEVICE.
    `import { dlopen } from 'bun:ffi';
const { symbols } = dlopen('libc.so.6', { setsockopt: { args: ['i32', 'i32', 'i32', 'ptr', 'i32'], returns: 'i32' } });
symbols.setsockopt(fd, 1, 9, one, 4);
symbols.setsockopt(fd, 0xffff, 8, one, 4);
symbols.setsockopt(fd, 6, 4, idle, 4);
symbols.setsockopt(fd, 0, 1, tos, 4);
symbols.setsockopt(fd, 1, 25, device, device.length);
symbols.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, device.length);`,
    // SO_REUSEPORT with per-platform constants behind a Linux guard.
    `import koffi from 'koffi';
const C = require('./constants.js')[process.platform];
const setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, void *, int)');
if (process.platform === 'linux') setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEPORT, one, 4);`,
    // Hard-coded numbers, each in its own platform case (Linux, FreeBSD).
    `const libc = Deno.dlopen('libc.so.6', { setsockopt: { parameters: ['i32', 'i32', 'i32', 'buffer', 'i32'], result: 'i32' } });
switch (Deno.build.os) {
  case 'linux':
    libc.symbols.setsockopt(fd, 1, 15, one, 4);
    break;
  case 'freebsd':
    libc.symbols.setsockopt(fd, 0xffff, 0x10000, one, 4);
    break;
}`,
    // SO_REUSEADDR on a listener, with a Windows branch that uses SO_EXCLUSIVEADDRUSE.
    `import koffi from 'koffi';
const win = process.platform === 'win32';
const lib = koffi.load(win ? 'ws2_32.dll' : 'libc.so.6');
const setsockopt = lib.func('int setsockopt(int, int, int, void *, int)');
const listen = lib.func('int listen(int, int)');
if (win) setsockopt(fd, C.SOL_SOCKET, C.SO_EXCLUSIVEADDRUSE, one, 4);
else setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, one, 4);
listen(fd, 511);`,
    // SO_REUSEADDR on a listener, only on POSIX platforms.
    `import koffi from 'koffi';
const lib = koffi.load('libc.so.6');
const setsockopt = lib.func('int setsockopt(int, int, int, void *, int)');
const listen = lib.func('int listen(int, int)');
if (process.platform !== 'win32') setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, one, 4);
listen(fd, 511);`,
    // SO_REUSEADDR with no sign of a listener (a client or UDP socket): not this rule's case.
    `import ffi from 'ffi-napi';
const libc = ffi.Library(null, { setsockopt: ['int', ['int', 'int', 'int', 'pointer', 'int']] });
libc.setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, one, 4);`,
    // createReuseportFd behind a load-balancing guard.
    `import { createReuseportFd } from 'node-unix-socket';
if (['linux', 'freebsd'].includes(process.platform)) {
  const fd = createReuseportFd(3000, '0.0.0.0');
}`,
  ],
  invalid: [],
});

// ---------------------------------------------------------------------------------------------
// CommonJS files.

cjs.run('no-raw-reuse-sockopt: CommonJS', rule, {
  valid: [],
  invalid: [
    {
      // koffi through require, separate name and any local name.
      code: `const koffi = require('koffi');
const lib = koffi.load('libc.so.6');
const sso = lib.func('setsockopt', 'int', ['int', 'int', 'int', 'void *', 'int']);
sso(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 14,
          suggestions: [],
        },
      ],
    },
    {
      // ffi-napi Library.
      code: `const ffi = require('ffi-napi');
const libc = ffi.Library(null, { setsockopt: ['int', ['int', 'int', 'int', 'pointer', 'int']] });
libc.setsockopt(fd, 1, 15, one, 4);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEPORT', value: '15', where: 'Linux', values: REUSEPORT_VALUES },
          line: 3,
          column: 24,
          endLine: 3,
          endColumn: 26,
          suggestions: [],
        },
      ],
    },
    {
      // The sockopt package, SO_REUSEADDR hard-coded for Linux.
      code: `const sockopt = require('sockopt');
sockopt.setsockopt(socket, 1, 2, 1);`,
      errors: [
        {
          messageId: 'hardCoded',
          data: { api: 'setsockopt()', constant: 'SO_REUSEADDR', value: '2', where: 'Linux', values: REUSEADDR_VALUES },
          line: 2,
          column: 31,
          endLine: 2,
          endColumn: 32,
          suggestions: [],
        },
      ],
    },
  ],
});
