/**
 * UDP: bindExclusive() for unicast sockets (no reuse options, ever) and bindMulticast() for receivers
 * that must share a group port (reuseAddr on purpose, then addMembership).
 */
import dgram from 'node:dgram';
import { MulticastJoinError, ReuseAddrRefusedError, ReusePortRefusedError } from './errors.js';
import { interceptEmit } from './intercept-emit.js';
import { DEFAULT_RETRY_MS, portInUse } from './listen.js';

const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

export interface UdpBindOptions {
  /** Port to bind (0 or omitted: any free port). */
  port?: number;
  /** Local address (omitted: all interfaces). */
  address?: string;
  /** How long to retry EADDRINUSE, in ms (default 250; 0 = no retry). */
  retryFor?: number;
  /** Cancels a pending retry; the socket is then closed and the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
}

export interface ExclusiveUdpOptions extends UdpBindOptions, Omit<dgram.SocketOptions, 'reuseAddr' | 'reusePort' | 'signal'> {
  /** Refused: on Linux it lets a later socket take all unicast traffic. */
  reuseAddr?: never;
  /** Refused: another process could co-bind. */
  reusePort?: never;
}

export interface MulticastOptions extends Omit<UdpBindOptions, 'port'>, Omit<dgram.SocketOptions, 'type' | 'reuseAddr' | 'reusePort' | 'signal'> {
  /** Group port, shared with the other receivers. */
  port: number;
  /** One or more group addresses, e.g. `239.255.0.1` or `ff02::fb`. */
  groups: string | readonly string[];
  /** Default: `udp6` when the first group is IPv6, else `udp4`. */
  type?: 'udp4' | 'udp6';
  /** Interface to join on (IPv4: an address of it; IPv6: e.g. `::%eth0`). Default: the OS picks one. */
  interfaceAddress?: string;
  /** Receive this host's own datagrams sent to the group (IP_MULTICAST_LOOP). */
  multicastLoopback?: boolean;
  reusePort?: never;
}

/** Best effort: Node keeps creation options in an internal symbol-keyed state object. */
function reuseOptionsOf(socket: dgram.Socket): { reuseAddr?: unknown; reusePort?: unknown } {
  for (const sym of Object.getOwnPropertySymbols(socket)) {
    const v = (socket as unknown as Record<symbol, unknown>)[sym];
    if (sym.description === 'state symbol' && v && typeof v === 'object') return v as { reuseAddr?: unknown; reusePort?: unknown };
  }
  return {};
}

const isSet = (v: unknown) => v !== undefined && v !== false;

/** Binds `socket`, retrying EADDRINUSE; keeps bind errors from reaching the socket's listeners. */
function bindWithRetry(socket: dgram.Socket, o: UdpBindOptions, closeOnFailure: boolean): Promise<dgram.Socket> {
  const retryFor = o.retryFor ?? DEFAULT_RETRY_MS;
  if (!(retryFor >= 0) || !Number.isFinite(retryFor)) throw new RangeError(`retryFor must be a finite number of ms >= 0, got ${String(retryFor)}`);
  return new Promise((resolve, reject) => {
    let attempts = 0;
    let firstFailureAt = 0;
    let delay = FIRST_DELAY_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let abortRequested = false;
    let restoreEmit = () => {};
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      restoreEmit();
      restoreEmit = () => {};
      o.signal?.removeEventListener('abort', onAbort);
    };
    const failWith = (err: unknown) => {
      cleanup();
      if (closeOnFailure) socket.close();
      reject(err);
    };
    function onAbort() {
      if (inFlight) abortRequested = true;
      else failWith(o.signal?.reason);
    }
    const attempt = () => {
      attempts++;
      inFlight = true;
      try {
        socket.bind({ port: o.port ?? 0, ...(o.address === undefined ? {} : { address: o.address }) });
      } catch (err) {
        failWith(err);
      }
    };
    restoreEmit = interceptEmit(socket, (original) =>
      function intercept(this: unknown, event: string | symbol, ...args: unknown[]) {
        if (event === 'error' && inFlight) {
          inFlight = false;
          const err = args[0] as NodeJS.ErrnoException;
          if (abortRequested) return (failWith(o.signal?.reason), true);
          if (err?.code !== 'EADDRINUSE') return (failWith(err), true);
          const now = Date.now();
          if (attempts === 1) firstFailureAt = now;
          const remaining = firstFailureAt + retryFor - now;
          if (remaining <= 0) return (failWith(portInUse(err, o, attempts, now - firstFailureAt, 'udp')), true);
          timer = setTimeout(attempt, Math.min(delay, remaining));
          delay = Math.min(delay * 2, MAX_DELAY_MS);
          return true;
        }
        if (event === 'listening' && inFlight) {
          inFlight = false;
          cleanup();
          if (abortRequested) {
            socket.close();
            reject(o.signal?.reason);
            return true;
          }
          resolve(socket);
          return original.call(this, event, ...args);
        }
        return original.call(this, event, ...args);
      },
    );
    if (o.signal?.aborted) return failWith(o.signal.reason);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    attempt();
  });
}

/**
 * Binds a unicast UDP socket that no other socket may share. Pass socket options (a new socket is
 * created) or an unbound `dgram.Socket` plus bind options. Resolves to the bound socket.
 */
export function bindExclusive(options: ExclusiveUdpOptions): Promise<dgram.Socket>;
export function bindExclusive(socket: dgram.Socket, bind?: UdpBindOptions): Promise<dgram.Socket>;
export async function bindExclusive(socketOrOptions: dgram.Socket | ExclusiveUdpOptions, bind: UdpBindOptions = {}): Promise<dgram.Socket> {
  if (socketOrOptions instanceof dgram.Socket || typeof (socketOrOptions as Partial<dgram.Socket>).bind === 'function') {
    const socket = socketOrOptions as dgram.Socket;
    const state = reuseOptionsOf(socket);
    if (isSet(state.reuseAddr)) throw new ReuseAddrRefusedError(state.reuseAddr);
    if (isSet(state.reusePort)) throw new ReusePortRefusedError(state.reusePort, 'bindExclusive');
    return bindWithRetry(socket, bind, false);
  }
  const { port, address, retryFor, signal, reuseAddr, reusePort, ...socketOptions } = socketOrOptions as ExclusiveUdpOptions & Record<string, unknown>;
  // dgram turns these on for any truthy value, even the string 'false': refuse anything but false/undefined.
  if (isSet(reuseAddr)) throw new ReuseAddrRefusedError(reuseAddr);
  if (isSet(reusePort)) throw new ReusePortRefusedError(reusePort, 'bindExclusive');
  const socket = dgram.createSocket(socketOptions as dgram.SocketOptions);
  return bindWithRetry(socket, { port, address, retryFor, signal }, true);
}

/**
 * Binds a multicast receiver: sets reuseAddr (so several receivers can share the group port, as
 * mDNS/SSDP need), binds, and joins every group. A failed join closes the socket and rejects with
 * MulticastJoinError.
 */
export async function bindMulticast(options: MulticastOptions): Promise<dgram.Socket> {
  const { port, address, retryFor, signal, groups, type, interfaceAddress, multicastLoopback, reusePort, ...socketOptions } =
    options as MulticastOptions & Record<string, unknown>;
  if (isSet(reusePort)) throw new ReusePortRefusedError(reusePort, 'bindMulticast');
  const list = typeof groups === 'string' ? [groups] : [...groups];
  if (list.length === 0) throw new TypeError('bindMulticast(): groups must name at least one group');
  const family = type ?? (list[0]?.includes(':') ? 'udp6' : 'udp4');
  const socket = dgram.createSocket({ ...(socketOptions as object), type: family, reuseAddr: true });
  await bindWithRetry(socket, { port, address, retryFor, signal }, true);
  for (const group of list) {
    try {
      socket.addMembership(group, interfaceAddress);
    } catch (err) {
      socket.close();
      throw new MulticastJoinError(group, interfaceAddress, err);
    }
  }
  if (multicastLoopback !== undefined) socket.setMulticastLoopback(multicastLoopback);
  return socket;
}
