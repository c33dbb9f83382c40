/**
 * Who holds a port. Linux: /proc/net/{tcp,tcp6,udp,udp6} give the socket inode of each listener,
 * /proc/<pid>/fd links name the process. Other systems: a command the user can run.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { PortOwner, Protocol } from './errors.js';

const TCP_LISTEN = '0A';

/** The command that lists the owner of `port` on `platform`. */
export function ownerHint(port: number, protocol: Protocol, platform: string = process.platform): string {
  const tcp = protocol === 'tcp';
  switch (platform) {
    case 'linux':
      return tcp ? `ss -ltnp 'sport = :${port}'` : `ss -lunp 'sport = :${port}'`;
    case 'win32':
      return `netstat -ano | findstr :${port}`;
    case 'freebsd':
    case 'openbsd':
    case 'netbsd':
      return tcp ? `sockstat -46l -p ${port}` : `sockstat -46u -p ${port}`;
    default: // darwin and the rest
      return tcp ? `lsof -nP -iTCP:${port} -sTCP:LISTEN` : `lsof -nP -iUDP:${port}`;
  }
}

/** Decodes a /proc/net address such as `0100007F` or a 32-digit IPv6 one (host-order 32-bit words). */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  // Each 32-bit word is stored little-endian (x86, arm64): reverse its bytes.
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped (a dual-stack socket's peer): print as Node does, ::ffff:127.0.0.1.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // The URL parser gives the canonical compressed form (`::`, `::1`, `::ffff:7f00:1`).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/**
 * Sockets on `port` from /proc/net tables: inode → local address. Only listeners for TCP.
 * `undefined` when no table is readable (e.g. Deno without --allow-all guards /proc).
 */
export function procSockets(port: number, protocol: Protocol, read = (f: string) => readFileSync(f, 'utf8')): Map<string, string> | undefined {
  const found = new Map<string, string>();
  let readable = false;
  for (const file of protocol === 'tcp' ? ['tcp', 'tcp6'] : ['udp', 'udp6']) {
    let text: string;
    try {
      text = read(`/proc/net/${file}`);
      readable = true;
    } catch {
      continue; // e.g. no IPv6 in this kernel
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addrHex, portHex] = (cols[1] ?? '').split(':');
      if (!addrHex || !portHex || Number.parseInt(portHex, 16) !== port) continue;
      if (protocol === 'tcp' && cols[3] !== TCP_LISTEN) continue;
      const inode = cols[9];
      if (inode && inode !== '0') found.set(inode, decodeProcAddress(addrHex));
    }
  }
  return readable ? found : undefined;
}

/**
 * The TCP listener whose socket inode is `inode` (from a `/proc/self/fd/N` link), Linux only:
 * its local address and port. `undefined` when it is not a listening TCP socket or /proc is unreadable.
 */
export function listenerOfInode(inode: string, read = (f: string) => readFileSync(f, 'utf8')): { address: string; port: number } | undefined {
  for (const file of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = read(`/proc/net/${file}`);
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[9] !== inode || cols[3] !== TCP_LISTEN) continue;
      const [addrHex, portHex] = (cols[1] ?? '').split(':');
      if (addrHex && portHex) return { address: decodeProcAddress(addrHex), port: Number.parseInt(portHex, 16) };
    }
  }
  return undefined;
}

function commandOf(pid: string): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    if (cmd) return cmd.length > 200 ? `${cmd.slice(0, 197)}...` : cmd;
  } catch {
    // fall through to comm
  }
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/**
 * Processes holding `port`, Linux only. `[]`: the sockets exist but their processes are not visible
 * (another user's, or another PID namespace). `undefined`: no lookup possible (other OS, or /proc
 * unreadable). Runs only on the failure path.
 */
export function findPortOwners(port: number, protocol: Protocol, platform: string = process.platform): PortOwner[] | undefined {
  if (platform !== 'linux') return undefined;
  const sockets = procSockets(port, protocol);
  if (!sockets) return undefined;
  const owners: PortOwner[] = [];
  if (sockets.size === 0) return owners;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return owners;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // not ours to read
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      const address = inode === undefined ? undefined : sockets.get(inode);
      if (address !== undefined && !owners.some((o) => o.pid === Number(pid) && o.address === address)) {
        owners.push({ pid: Number(pid), command: commandOf(pid), address });
      }
    }
  }
  return owners;
}
