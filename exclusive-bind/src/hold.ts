/**
 * The supervisor's socket: bound exclusively once and listening, but never accepted from in the
 * supervisor itself. A Node server that listens also accepts in its event loop, and a holder that
 * accepts without serving leaves connections hanging. So the supervisor only binds (Node's own
 * server-handle factory, which node:cluster's primary uses for the same reason), and a short-lived
 * child turns the socket into a listener and exits before its event loop could accept anything.
 * Listening at once matters: a bound socket that does not listen yet can be co-bound on Linux by
 * any other process that sets SO_REUSEADDR, as every Node server does.
 */
import { spawn } from 'node:child_process';
import dns from 'node:dns/promises';
import net from 'node:net';
import { getSystemErrorName } from 'node:util';
import { HandoffUnsupportedError } from './errors.js';
import { DEFAULT_RETRY_MS, portInUse } from './listen.js';
import { detectRuntime } from './runtime.js';

/** A bound server handle as Node's internal factory returns it (or an errno). */
interface ServerHandle {
  fd: number;
  getsockname(out: { address?: string; port?: number; family?: string }): number;
  close(): void;
}
type CreateServerHandle = (address: string | null, port: number, addressType: number, fd: undefined, flags: number) => ServerHandle | number;

export interface HeldSocket {
  /** The fd to hand to each generation. */
  fd: number;
  address: string;
  port: number;
  family: string;
  close(): void;
}

export interface HoldOptions {
  port: number;
  host?: string | undefined;
  backlog?: number | undefined;
  /** How long to retry EADDRINUSE for a departing owner, in ms (default 250). */
  retryFor?: number | undefined;
}

// Listens on fd 3 and exits from the 'listening' callback: it runs on nextTick, before the event
// loop polls, so this process never accepts a connection.
const ARM_SCRIPT = `const s = require('node:net').createServer();
s.on('error', (e) => { process.stderr.write(JSON.stringify({ code: e.code, message: e.message })); process.exit(1); });
s.on('listening', () => process.exit(0));
s.listen({ fd: 3, backlog: Number(process.argv[1]) });`;

/** Binds `host`:`port` for the supervisor and makes it listen, retrying briefly for a departing owner. */
export async function holdSocket(options: HoldOptions): Promise<HeldSocket> {
  const create = handleFactory();
  const { port, backlog = 511, retryFor = DEFAULT_RETRY_MS } = options;
  const { address, addressType } = await resolveHost(options.host);
  const firstAt = Date.now();
  let attempts = 0;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    attempts++;
    const outcome = await bindAndListen(create, address, port, addressType, backlog);
    if (!('errno' in outcome)) return outcome;
    const waited = Date.now() - firstAt;
    if (outcome.code !== 'EADDRINUSE' || waited >= retryFor) {
      const err = Object.assign(new Error(`listen ${outcome.code} ${address ?? ''}:${port}`), { ...outcome, syscall: 'listen', port });
      if (outcome.code !== 'EADDRINUSE') throw err;
      throw portInUse(err, { host: address ?? undefined, port }, attempts, waited, 'tcp');
    }
    await new Promise((r) => setTimeout(r, Math.min(delay, retryFor - waited)));
  }
}

function handleFactory(): CreateServerHandle {
  if (process.platform === 'win32') {
    throw new HandoffUnsupportedError(
      'Windows cannot give a listening socket to a child as a file descriptor; run the app under a service manager, or one process per port',
    );
  }
  const create = (net as unknown as { _createServerHandle?: CreateServerHandle })._createServerHandle;
  const { runtime } = detectRuntime();
  if (runtime !== 'node' || typeof create !== 'function') {
    throw new HandoffUnsupportedError(`exclusive-bind run needs Node to hold the socket (this is ${runtime}); the app itself may run on Bun or Deno`);
  }
  return create;
}

async function resolveHost(host: string | undefined): Promise<{ address: string | null; addressType: number }> {
  // No host: Node's default, the IPv6 wildcard (dual-stack) with a fall-back to 0.0.0.0.
  if (host === undefined || host === '') return { address: null, addressType: 4 };
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (net.isIP(literal)) return { address: literal, addressType: net.isIP(literal) };
  const found = await dns.lookup(literal);
  return { address: found.address, addressType: found.family };
}

type Failure = { errno: number; code: string; address: string | undefined };

async function bindAndListen(create: CreateServerHandle, address: string | null, port: number, addressType: number, backlog: number): Promise<HeldSocket | Failure> {
  const handle = create(address, port, addressType, undefined, 0);
  if (typeof handle === 'number') return failure(handle, address);
  // libuv defers a bind's EADDRINUSE to listen(): getsockname reports it now.
  const bound: { address?: string; port?: number; family?: string } = {};
  const err = handle.getsockname(bound);
  if (err) {
    handle.close();
    return failure(err, address);
  }
  const armed = await arm(handle.fd, backlog);
  if (armed) {
    handle.close();
    return { errno: 0, code: armed.code ?? 'EUNKNOWN', address: address ?? undefined };
  }
  return {
    fd: handle.fd,
    address: bound.address ?? address ?? '::',
    port: bound.port ?? port,
    family: bound.family ?? (addressType === 6 ? 'IPv6' : 'IPv4'),
    close: () => handle.close(),
  };
}

function failure(errno: number, address: string | null): Failure {
  return { errno, code: getSystemErrorName(errno), address: address ?? undefined };
}

/** Makes the bound socket on `fd` listen, in a child; resolves undefined, or the child's error. */
function arm(fd: number, backlog: number): Promise<{ code?: string; message?: string } | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', ARM_SCRIPT, String(backlog)], { stdio: ['ignore', 'ignore', 'pipe', fd] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('error', (e) => resolve({ code: (e as NodeJS.ErrnoException).code, message: e.message }));
    child.on('close', (code) => {
      if (code === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(stderr) as { code?: string; message?: string });
      } catch {
        resolve({ message: stderr.trim() || `exit code ${code}` });
      }
    });
  });
}
