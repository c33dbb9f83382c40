/**
 * Listening sockets handed to this process: by systemd socket activation (`LISTEN_FDS`) or by the
 * `exclusive-bind run` supervisor (`EXCLUSIVE_BIND_INHERITED`). listenExclusive() adopts the one for
 * the address it is asked for instead of binding a new socket, so one exclusively bound socket
 * serves every generation of the app, and connections wait in its accept queue across restarts.
 */
import { fstatSync, readlinkSync } from 'node:fs';
import { HandoffUnsupportedError, InheritedSocketMismatchError, type AdoptionSource, type InheritedSocketInfo } from './errors.js';
import { listenerOfInode } from './owner.js';
import { detectRuntime } from './runtime.js';

/** The variable `exclusive-bind run` sets for its app: JSON `{ fd, address, port, supervisor }`. */
export const INHERITED_ENV = 'EXCLUSIVE_BIND_INHERITED';
/** systemd's first passed fd (SD_LISTEN_FDS_START). */
const SYSTEMD_FIRST_FD = 3;
const SYSTEMD_VARS = ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES'] as const;

/** What the supervisor writes into INHERITED_ENV. */
export interface SupervisorHandoff {
  fd: number;
  address: string;
  port: number;
  /** The supervisor's pid, for the logs and errors. */
  supervisor: number;
}

let inherited: InheritedSocketInfo[] | undefined;
let lost: InheritedSocketInfo | undefined;
let supervisorPid: number | undefined;
const claimed = new Set<number>();

/**
 * The sockets this process was handed, read once. The variables are then removed from
 * process.env (as sd_listen_fds(1) does), so a child this process starts does not take its own
 * fd 3 for one of them.
 */
export function inheritedSockets(env: NodeJS.ProcessEnv = process.env): readonly InheritedSocketInfo[] {
  if (inherited) return inherited;
  const supervisor = fromSupervisor(env);
  // Started under the supervisor, but a program in between (npm start) did not pass the socket on.
  lost = supervisor.find((s) => !isSocket(s.fd));
  inherited = [...supervisor, ...fromSystemd(env)].filter((s) => isSocket(s.fd));
  delete env[INHERITED_ENV];
  for (const name of SYSTEMD_VARS) delete env[name];
  return inherited;
}

function fromSupervisor(env: NodeJS.ProcessEnv): InheritedSocketInfo[] {
  const raw = env[INHERITED_ENV];
  if (!raw) return [];
  let parsed: Partial<SupervisorHandoff>;
  try {
    parsed = JSON.parse(raw) as Partial<SupervisorHandoff>;
  } catch {
    throw new Error(`${INHERITED_ENV} is not the JSON exclusive-bind run writes: ${raw.slice(0, 200)}`);
  }
  if (!Number.isInteger(parsed.fd) || typeof parsed.port !== 'number' || typeof parsed.address !== 'string') {
    throw new Error(`${INHERITED_ENV} lacks fd, address or port: ${raw.slice(0, 200)}`);
  }
  supervisorPid = typeof parsed.supervisor === 'number' ? parsed.supervisor : undefined;
  return [{ fd: parsed.fd as number, source: 'supervisor', address: parsed.address, port: parsed.port }];
}

function fromSystemd(env: NodeJS.ProcessEnv): InheritedSocketInfo[] {
  // Only for this very process: a child that inherited the variables is not the one systemd meant.
  if (Number(env.LISTEN_PID) !== process.pid) return [];
  const count = Number(env.LISTEN_FDS);
  if (!Number.isInteger(count) || count <= 0) return [];
  const names = (env.LISTEN_FDNAMES ?? '').split(':');
  const found: InheritedSocketInfo[] = [];
  for (let i = 0; i < count; i++) {
    const fd = SYSTEMD_FIRST_FD + i;
    const bound = boundAddressOf(fd);
    found.push({ fd, source: 'systemd', address: bound?.address, port: bound?.port, name: names[i] || undefined });
  }
  return found;
}

function isSocket(fd: number): boolean {
  // Deno's node:fs does not see the process's own descriptors (fstat(3) is EBADF there) while its
  // listen({ fd }) does: trust the variables, the address is checked once listening.
  if (detectRuntime().runtime === 'deno') return true;
  try {
    return fstatSync(fd).isSocket();
  } catch {
    return false; // closed, or not ours
  }
}

/** Address of a listening TCP socket by fd, from /proc (Linux); undefined elsewhere or for other sockets. */
function boundAddressOf(fd: number): { address: string; port: number } | undefined {
  try {
    const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
    return inode === undefined ? undefined : listenerOfInode(inode);
  } catch {
    return undefined;
  }
}

const WILDCARDS = new Set(['', '::', '0.0.0.0', '[::]']);
const LOOPBACKS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether an inherited socket bound to `bound` serves a listen() asked for `host`. No host, or a
 * wildcard, asks for "wherever this server is reachable": the address the operator bound decides.
 * A named address must be that address (`localhost` is either loopback).
 */
export function hostMatches(host: string | undefined, bound: string | undefined): boolean {
  if (host === undefined || WILDCARDS.has(host)) return true;
  if (bound === undefined) return true; // not known before listening: checked once listening
  const h = host.startsWith('[') ? host.slice(1, -1) : host;
  if (h === 'localhost') return LOOPBACKS.has(bound);
  return h === bound || `::ffff:${h}` === bound || h === `::ffff:${bound}`;
}

/** A socket taken for one listen() call. */
export interface Adoption {
  fd: number;
  source: AdoptionSource;
  /** The inherited socket as seen before adopting, for the error if the bound address turns out different. */
  info: InheritedSocketInfo;
}

/**
 * The inherited socket for a listen() on `host`:`port`, marked as taken; `undefined` when this
 * process was handed none that is free, or the call is not for a fixed TCP port. Throws
 * InheritedSocketMismatchError when sockets were handed over but none is for this address.
 */
export function claimInherited(requested: { host?: string | undefined; port?: number | string | undefined }, fn: string): Adoption | undefined {
  const port = Number(requested.port ?? 0);
  if (!(port > 0)) return undefined; // an ephemeral port is a new socket by definition
  const free = inheritedSockets().filter((s) => !claimed.has(s.fd));
  if (lost && lost.port === port) {
    throw new HandoffUnsupportedError(
      `this process runs under exclusive-bind run (pid ${supervisorPid ?? '?'}) for port ${port}, but fd ${lost.fd} is not its socket: ` +
        'a program between them (npm start, yarn, a process manager) did not pass it on. Run the app directly: exclusive-bind run --port … -- node server.js',
    );
  }
  if (free.length === 0) return undefined;
  const known = free.find((s) => s.port === port && hostMatches(requested.host, s.address));
  // systemd without a readable /proc: one socket of unknown address is taken, and checked once listening.
  const unknown = free.length === 1 && free[0]?.port === undefined ? free[0] : undefined;
  const info = known ?? unknown;
  if (!info) throw new InheritedSocketMismatchError({ host: requested.host, port }, free, fn);
  claimed.add(info.fd);
  return { fd: info.fd, source: info.source, info };
}
