/**
 * listenExclusive(): server.listen() that never shares a port, waits briefly for a departing owner,
 * and explains a genuine conflict. One state machine serves the callback form, the promise form and
 * listenShared().
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  HandoffUnsupportedError,
  InheritedSocketMismatchError,
  PortInUseError,
  PortShadowedError,
  ReusePortRefusedError,
  ShadowCheckUnavailableError,
  type AdoptionSource,
} from './errors.js';
import { drainOnSupervisorRequest } from './handoff.js';
import { claimInherited, hostMatches, type Adoption } from './inherited.js';
import { interceptEmit } from './intercept-emit.js';
import { findPortOwners, ownerHint } from './owner.js';
import { reportChannel, reportListenError, reportListening, type ReportChannel } from './report.js';
import { detectRuntime } from './runtime.js';
import { DEFAULT_SHADOW_TIMEOUT_MS, probeTargets, startProbe, type ProbeSession } from './shadow.js';

/** Default retry window. A departing Node listener closes 2–5 ms after SIGTERM/SIGKILL on Linux. */
export const DEFAULT_RETRY_MS = 250;
const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

export interface ExclusiveListenOptions extends net.ListenOptions {
  /** How long to retry EADDRINUSE, in ms (default 250; 0 = no retry). Other errors are never retried. */
  retryFor?: number;
  /** After listening, confirm over loopback that connections to the port reach this server. */
  checkShadowing?: boolean | { timeoutMs?: number };
  /** Refused with ReusePortRefusedError (any value but false/undefined): use listenShared() to share. */
  reusePort?: boolean;
  /**
   * Once listening, report the bound address to the parent process (reportListening(): IPC or a
   * stdout line, see REPORT_ENV); a failed bind is reported too (reportListenError()).
   */
  report?: boolean;
  /**
   * Use the listening socket handed to this process for this port, by systemd socket activation or
   * by `exclusive-bind run`, instead of binding a new one (default true). Under the supervisor the
   * server also reports itself listening and drains when the next generation is ready.
   */
  adopt?: boolean;
}

/** What the promise form resolves to: the bound address, and where the socket came from if it was handed over. */
export type ExclusiveAddress = (AddressInfo & { adopted?: AdoptionSource }) | string;

/** Servers that listen on a socket handed to this process, and who handed it. */
const adoptedServers = new WeakMap<object, AdoptionSource>();

/** `'systemd'` or `'supervisor'` when `server` listens on a socket handed to this process; else undefined. */
export function adoptedFrom(server: object): AdoptionSource | undefined {
  return adoptedServers.get(server);
}

/** Anything with Node's `listen(options)`: a server, or an app whose `listen()` returns a server. */
export interface Listenable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors each server's own listen signature
  listen(...args: any[]): unknown;
}

/** What the state machine needs from a server (net.Server and the runtimes' compat servers have it). */
export interface ServerLike {
  listen(options: net.ListenOptions): unknown;
  address(): AddressInfo | string | null;
  close(callback?: (err?: Error) => void): unknown;
  emit(event: string | symbol, ...args: unknown[]): boolean;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  listening?: boolean;
}

export function isServerLike(x: unknown): x is ServerLike {
  const o = x as Partial<ServerLike> | null;
  return typeof o === 'object' && o !== null && typeof o.address === 'function' && typeof o.close === 'function' && typeof o.emit === 'function';
}

export type Settlement = { kind: 'listening'; server: ServerLike } | { kind: 'error'; error: unknown } | { kind: 'aborted'; reason: unknown };

export interface RunConfig {
  fn: string;
  /**
   * What becomes of `reusePort`: `refuse` a caller's (the exclusive forms); `share`: set it
   * (listenShared where sharing works); `drop` a caller's (listenShared's exclusive fallback).
   */
  reusePort: 'refuse' | 'share' | 'drop';
  /** Callback form: a final error is emitted on the server, like listen(). Promise form: only rejected. */
  emitErrors: boolean;
  onSettle(s: Settlement): void;
}

type State = 'attempting' | 'waiting' | 'checking' | 'done';

/** Starts the bind; returns what the target's listen() returned. Throws synchronously on bad options. */
export function runListen(target: Listenable, rawOptions: ExclusiveListenOptions | number, callback: (() => void) | undefined, cfg: RunConfig): unknown {
  if (typeof rawOptions !== 'number' && (typeof rawOptions !== 'object' || rawOptions === null)) {
    throw new TypeError(`${cfg.fn}(): options must be an object or a port number, got ${String(rawOptions)}`);
  }
  // One copy of the caller's options, without the helper's own keys (and no `delete`, which would
  // put the object in V8's slow dictionary mode for listen() to read).
  const opts: ExclusiveListenOptions = typeof rawOptions === 'number' ? { port: rawOptions } : rawOptions;
  const { retryFor = DEFAULT_RETRY_MS, checkShadowing, signal, reusePort, report, adopt = true, ...listenOptions } = opts;
  const byPort = listenOptions.path === undefined;
  if (cfg.reusePort === 'share') (listenOptions as ExclusiveListenOptions).reusePort = true;
  else if (cfg.reusePort === 'refuse' && reusePort !== undefined && reusePort !== false) {
    throw new ReusePortRefusedError(reusePort, cfg.fn);
  }
  if (typeof retryFor !== 'number' || !(retryFor >= 0) || !Number.isFinite(retryFor)) {
    throw new RangeError(`${cfg.fn}(): retryFor must be a finite number of ms >= 0, got ${String(retryFor)}`);
  }
  if (checkShadowing && !byPort) throw new ShadowCheckUnavailableError('it applies to TCP ports, not to IPC paths');
  // Claimed only once the options are known to be valid: a refused call leaves the socket for the next.
  // Only the exclusive forms adopt: listenShared() is for sockets meant to be bound many times.
  const adoption: Adoption | undefined =
    byPort && adopt !== false && cfg.reusePort === 'refuse' ? claimInherited(listenOptions, cfg.fn) : undefined;
  // listen({ fd }) ignores host and port: the socket is already bound (and listening).
  const bindOptions: net.ListenOptions & { fd?: number } = adoption ? { fd: adoption.fd, backlog: listenOptions.backlog } : listenOptions;
  // Resolved now, so a parent that asked for IPC without giving a channel fails the listen() call.
  // Under the supervisor the app always reports: that report is what the hand-off waits for.
  const channel: ReportChannel | undefined = report || adoption?.source === 'supervisor' ? reportChannel() : undefined;
  const shadowTimeout = typeof checkShadowing === 'object' ? (checkShadowing.timeoutMs ?? DEFAULT_SHADOW_TIMEOUT_MS) : DEFAULT_SHADOW_TIMEOUT_MS;

  let server: ServerLike | undefined = isServerLike(target) ? target : undefined;
  let state: State = 'attempting';
  let attempts = 1;
  let firstFailureAt = 0;
  let delay = FIRST_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abortRequested = false;
  let restoreEmit: (() => void) | undefined;
  let probe: ProbeSession | undefined;
  const held: unknown[][] = []; // connections that arrived during the shadowing check

  const cleanup = () => {
    state = 'done';
    if (timer !== undefined) clearTimeout(timer);
    restoreEmit?.();
    restoreEmit = undefined;
    signal?.removeEventListener('abort', onAbort);
  };
  const dropCallback = () => {
    if (callback) server?.removeListener('listening', callback);
  };
  const closeIfListening = () => {
    if (server && isListening(server)) server.close();
  };

  const fail = (error: unknown) => {
    cleanup();
    dropCallback();
    const settle = () => {
      cfg.onSettle({ kind: 'error', error });
      if (cfg.emitErrors) server?.emit('error', error);
    };
    // The report goes first: an unhandled 'error' ends the process, and an IPC message still
    // queued then would be lost, leaving the parent with an exit instead of the error.
    if (channel) void reportListenError(error, channel).then(settle, settle);
    else settle();
  };

  const finishAborted = () => {
    cleanup();
    dropCallback();
    for (const args of held.splice(0)) (args[0] as net.Socket).destroy();
    closeIfListening(); // as listen({ signal }) does: abort closes the server
    cfg.onSettle({ kind: 'aborted', reason: signal?.reason });
  };

  function onAbort() {
    if (state === 'waiting') finishAborted();
    else abortRequested = true; // settle once the attempt in flight reports back
  }

  const succeed = () => {
    const s = server as ServerLike;
    cleanup();
    if (signal) {
      // Same contract as listen({ signal }): aborting later closes the server.
      const closeOnAbort = () => s.close();
      signal.addEventListener('abort', closeOnAbort, { once: true });
      s.once('close', () => signal.removeEventListener('abort', closeOnAbort));
    }
    if (adoption) {
      adoptedServers.set(s, adoption.source);
      if (adoption.source === 'supervisor') drainOnSupervisorRequest(s);
    }
    if (channel) void reportListening(s, channel, adoption?.source).catch(ignoreClosedChannel);
    cfg.onSettle({ kind: 'listening', server: s });
    s.emit('listening');
    for (const args of held) s.emit('connection', ...args);
  };

  const onAttemptError = (err: unknown) => {
    if (abortRequested) return finishAborted();
    const code = (err as { code?: unknown } | null)?.code;
    if (!byPort || code !== 'EADDRINUSE') return fail(err);
    const now = Date.now();
    if (attempts === 1) firstFailureAt = now;
    const remaining = firstFailureAt + retryFor - now;
    if (remaining > 0) {
      state = 'waiting';
      timer = setTimeout(attempt, Math.min(delay, remaining));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      return;
    }
    fail(portInUse(err, listenOptions, attempts, now - firstFailureAt, 'tcp'));
  };

  const onListening = () => {
    if (abortRequested) return finishAborted();
    const s = server as ServerLike;
    const bound = s.address();
    // Checked before the event loop can accept a connection on it: 'listening' comes on nextTick.
    if (adoption && !servesRequest(bound)) {
      s.close();
      if (ignoredFd(bound)) {
        const { runtime, version } = detectRuntime();
        return fail(new HandoffUnsupportedError(`${runtime} ${version} did not listen on the inherited socket (fd ${adoption.fd}): listen({ fd }) bound ${formatBound(bound)} instead`));
      }
      const seen = typeof bound === 'object' && bound !== null ? { address: bound.address, port: bound.port } : {};
      return fail(new InheritedSocketMismatchError({ host: listenOptions.host, port: Number(listenOptions.port) }, [{ ...adoption.info, ...seen }], cfg.fn));
    }
    if (!checkShadowing) return succeed();
    if (detectRuntime().runtime === 'bun' && !(s instanceof net.Server)) {
      s.close();
      return fail(new ShadowCheckUnavailableError("Bun's node:http server does not report raw connections"));
    }
    if (!bound || typeof bound === 'string') return succeed();
    state = 'checking';
    probe = startProbe(bound.port, probeTargets(bound, listenOptions.ipv6Only === true), shadowTimeout);
    probe.result.then((outcomes) => {
      if (state !== 'checking') return;
      const shadowed = outcomes.find((o) => o.kind === 'shadowed');
      for (const args of held.splice(0)) {
        if (probe?.isProbe(args[0] as net.Socket)) (args[0] as net.Socket).destroy();
        else held.push(args);
      }
      if (abortRequested) return finishAborted();
      if (shadowed) {
        for (const args of held.splice(0)) (args[0] as net.Socket).destroy();
        s.close();
        return fail(new PortShadowedError(bound.address, bound.port, shadowed.address));
      }
      succeed();
    }, fail);
  };

  const patch = (s: ServerLike) => {
    restoreEmit = interceptEmit(s, (original) =>
      function intercept(this: unknown, event: string | symbol, ...args: unknown[]) {
        if (state === 'attempting' && event === 'error') return (onAttemptError(args[0]), true);
        // Held back until the shadowing check has passed.
        if (state === 'attempting' && event === 'listening') return (onListening(), true);
        if (state === 'checking' && event === 'connection') {
          probe?.offer(args[0] as net.Socket);
          held.push(args);
          return true;
        }
        return original.call(this, event, ...args);
      },
    );
  };

  function servesRequest(bound: AddressInfo | string | null): boolean {
    return typeof bound === 'object' && bound !== null && bound.port === Number(listenOptions.port) && hostMatches(listenOptions.host, bound.address);
  }

  /** The runtime bound a socket of its own: not the inherited one, whose address was known. */
  function ignoredFd(bound: AddressInfo | string | null): boolean {
    const info = adoption?.info;
    return info?.port !== undefined && typeof bound === 'object' && bound !== null && (bound.port !== info.port || bound.address !== info.address);
  }

  function attempt() {
    state = 'attempting';
    attempts++;
    try {
      (server as ServerLike).listen(bindOptions);
    } catch (err) {
      fail(err);
    }
  }

  if (signal) {
    if (signal.aborted) abortRequested = true;
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  let result: unknown;
  try {
    if (server) {
      patch(server);
      if (callback) server.once('listening', callback);
      result = server.listen(bindOptions);
    } else {
      result = target.listen(bindOptions);
      if (!isServerLike(result)) throw new TypeError(`${cfg.fn}(): listen() returned no server to watch`);
      server = result;
      patch(server);
      if (callback) server.once('listening', callback);
    }
  } catch (err) {
    cleanup();
    dropCallback();
    throw err;
  }
  return result;
}

/** The parent went away before the report reached it: nobody is left to tell. */
function ignoreClosedChannel(): void {}

function isListening(s: ServerLike): boolean {
  if (typeof s.listening === 'boolean') return s.listening;
  return s.address() !== null;
}

export function portInUse(err: unknown, o: { host?: string; port?: number; address?: string }, attempts: number, waited: number, protocol: 'tcp' | 'udp'): PortInUseError {
  const e = err as { address?: string; port?: number } | null;
  const port = Number(e?.port ?? o.port ?? 0);
  return new PortInUseError({
    protocol,
    address: e?.address ?? o.host ?? o.address ?? (protocol === 'tcp' ? '::' : '0.0.0.0'),
    port,
    attempts,
    retriedForMs: waited,
    owners: findPortOwners(port, protocol),
    hint: ownerHint(port, protocol),
    cause: err,
  });
}

/**
 * Drop-in for `server.listen(options, callback)`: same events, same callback, same return value.
 * Refuses `reusePort`; retries EADDRINUSE for `retryFor` ms, then emits a PortInUseError.
 */
export function listenExclusive<T extends Listenable>(target: T, options: ExclusiveListenOptions | number, callback?: () => void): ReturnType<T['listen']> {
  return runListen(target, options, callback, {
    fn: 'listenExclusive',
    reusePort: 'refuse',
    emitErrors: true,
    onSettle() {},
  }) as ReturnType<T['listen']>;
}

/**
 * Promise form: resolves to the bound address (`server.address()`), rejects with the error
 * (not emitted on the server), or with `signal.reason` when aborted before listening.
 */
export function listenExclusiveAsync(target: Listenable, options: ExclusiveListenOptions | number): Promise<ExclusiveAddress> {
  return new Promise((resolve, reject) => {
    runListen(target, options, undefined, {
      fn: 'listenExclusiveAsync',
      reusePort: 'refuse',
      emitErrors: false,
      onSettle(s) {
        if (s.kind === 'listening') resolve(withAdoption(s.server));
        else reject(s.kind === 'error' ? s.error : s.reason);
      },
    });
  });
}

function withAdoption(server: ServerLike): ExclusiveAddress {
  const bound = server.address() as AddressInfo | string;
  const adopted = adoptedServers.get(server);
  return adopted && typeof bound === 'object' ? { ...bound, adopted } : bound;
}

function formatBound(bound: AddressInfo | string | null): string {
  if (typeof bound !== 'object' || bound === null) return String(bound);
  return `${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`;
}
