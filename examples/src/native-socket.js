// Socket options set through FFI, for a raw listener built on libc.
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');
const setsockopt = libc.func('int setsockopt(int fd, int level, int name, void *value, int length)');

export function shareListenerPort(fd) {
  const one = Buffer.alloc(4);
  one.writeInt32LE(1);
  setsockopt(fd, 1, 15, one, 4); // ❌ SOL_SOCKET/SO_REUSEPORT as Linux x86 numbers, on every platform
}

// ✅ keep-alive with a per-platform constant table: unrelated to port reuse
const SO_KEEPALIVE = { linux: 9, darwin: 0x0008, win32: 0x0008 }[process.platform];
const SOL_SOCKET = process.platform === 'linux' ? 1 : 0xffff;

export function keepAlive(fd) {
  const one = Buffer.alloc(4);
  one.writeInt32LE(1);
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, one, 4);
}
