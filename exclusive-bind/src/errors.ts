/** Error classes. Every error carries a stable `code`; match on `code` (or `instanceof`), not on messages. */

export type Protocol = 'tcp' | 'udp';

/** Base class of every error this package creates. */
export class ExclusiveBindError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A process that holds the port, as seen in /proc (Linux only). */
export interface PortOwner {
  pid: number;
  /** Command line, or the process name when the command line is empty. */
  command: string;
  /** Local address of the owner's socket, e.g. `0.0.0.0` or `::1`. */
  address: string;
}

export interface PortInUseDetails {
  protocol: Protocol;
  address: string;
  port: number;
  attempts: number;
  retriedForMs: number;
  /** Owners found in /proc; `[]` when none is visible to this user; `undefined` when no lookup was possible. */
  owners: PortOwner[] | undefined;
  /** A command that shows the owner on this OS. */
  hint: string;
  cause: unknown;
}

/**
 * The port stayed taken by another live socket for the whole retry window.
 * `code` stays `'EADDRINUSE'` so existing `err.code` checks keep working.
 */
export class PortInUseError extends ExclusiveBindError {
  declare readonly code: 'EADDRINUSE';
  /** Why the bind failed: a listener (TCP) or bound socket (UDP) that is alive, not a leftover. */
  readonly reason: 'live-listener' | 'bound-socket';
  readonly errno: number | undefined;
  readonly syscall: 'listen' | 'bind';
  readonly address: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly attempts: number;
  readonly retriedForMs: number;
  readonly owners: PortOwner[] | undefined;
  readonly hint: string;

  constructor(d: PortInUseDetails) {
    const tcp = d.protocol === 'tcp';
    const where = `${d.address.includes(':') ? `[${d.address}]` : d.address}:${d.port}`;
    const holder = tcp ? 'another live listener holds this port' : 'another live socket is bound to this port';
    let who: string;
    if (d.owners && d.owners.length > 0) {
      who = `held by ${d.owners.map((o) => `pid ${o.pid} (${o.command}) on ${o.address}`).join(', ')}`;
    } else if (d.owners) {
      who = `its owner is not visible to this user; as root run: ${d.hint}`;
    } else {
      who = `find the owner with: ${d.hint}`;
    }
    const waited = d.retriedForMs > 0 ? `, still taken after ${d.retriedForMs} ms and ${d.attempts} attempts` : '';
    super(
      'EADDRINUSE',
      `${tcp ? 'listen' : 'bind'} EADDRINUSE ${where}: ${holder}${waited}; ${who}. The port was not shared.`,
      { cause: d.cause },
    );
    this.reason = tcp ? 'live-listener' : 'bound-socket';
    const errno = (d.cause as { errno?: unknown } | undefined)?.errno;
    this.errno = typeof errno === 'number' ? errno : undefined;
    this.syscall = tcp ? 'listen' : 'bind';
    this.address = d.address;
    this.port = d.port;
    this.protocol = d.protocol;
    this.attempts = d.attempts;
    this.retriedForMs = d.retriedForMs;
    this.owners = d.owners;
    this.hint = d.hint;
  }
}

/** `reusePort` was passed to an exclusive bind. It would let a second live process co-bind. */
export class ReusePortRefusedError extends ExclusiveBindError {
  declare readonly code: 'ERR_REUSEPORT_REFUSED';
  constructor(value: unknown, fn: string) {
    super(
      'ERR_REUSEPORT_REFUSED',
      `${fn}() refuses reusePort (got ${JSON.stringify(value)}): it lets another live process bind the same port. ` +
        'Remove it for an exclusive bind, or use listenShared() when several processes are meant to share the port.',
    );
  }
}

/** `reuseAddr` was passed to an exclusive UDP bind. On Linux it lets a later socket steal unicast traffic. */
export class ReuseAddrRefusedError extends ExclusiveBindError {
  declare readonly code: 'ERR_REUSEADDR_REFUSED';
  constructor(value: unknown) {
    super(
      'ERR_REUSEADDR_REFUSED',
      `bindExclusive() refuses reuseAddr (got ${JSON.stringify(value)}): on UDP it lets another socket co-bind and take ` +
        'the traffic. Remove it, or use bindMulticast() for a multicast receiver that shares a group port.',
    );
  }
}

/** listenShared() with `fallback: 'error'` on a runtime/OS without load-balanced port sharing. */
export class SharingUnsupportedError extends ExclusiveBindError {
  declare readonly code: 'ERR_SHARING_UNSUPPORTED';
  readonly reason: string;
  constructor(reason: string) {
    super('ERR_SHARING_UNSUPPORTED', `Port sharing with load balancing is not available: ${reason}.`);
    this.reason = reason;
  }
}

/** The shadowing check connected to the port on loopback, and the connection reached some other socket. */
export class PortShadowedError extends ExclusiveBindError {
  declare readonly code: 'ERR_PORT_SHADOWED';
  readonly address: string;
  readonly port: number;
  readonly probedAddress: string;
  constructor(address: string, port: number, probedAddress: string) {
    super(
      'ERR_PORT_SHADOWED',
      `Listening on ${address}:${port}, but a connection to ${probedAddress}:${port} did not reach this server: ` +
        'another listener (typically bound to a more specific address) takes that traffic. The server was closed.',
    );
    this.address = address;
    this.port = port;
    this.probedAddress = probedAddress;
  }
}

/** The shadowing check cannot run on this server (it does not report incoming connections). */
export class ShadowCheckUnavailableError extends ExclusiveBindError {
  declare readonly code: 'ERR_SHADOW_CHECK_UNAVAILABLE';
  constructor(reason: string) {
    super('ERR_SHADOW_CHECK_UNAVAILABLE', `The shadowing check cannot run: ${reason}.`);
  }
}

/** bindMulticast() bound the port but the kernel refused to join a group. The socket was closed. */
export class MulticastJoinError extends ExclusiveBindError {
  declare readonly code: 'ERR_MULTICAST_JOIN';
  readonly group: string;
  readonly interfaceAddress: string | undefined;
  constructor(group: string, interfaceAddress: string | undefined, cause: unknown) {
    const why = (cause as { code?: string } | undefined)?.code ?? String(cause);
    super(
      'ERR_MULTICAST_JOIN',
      `Could not join multicast group ${group}${interfaceAddress ? ` on ${interfaceAddress}` : ''}: ${why}.`,
      { cause },
    );
    this.group = group;
    this.interfaceAddress = interfaceAddress;
  }
}

export interface ChildNotListeningDetails {
  /** `exited` before reporting, `bind-failed` (it reported a listen error), `timeout`, `spawn-failed`, `aborted`. */
  reason: 'exited' | 'bind-failed' | 'timeout' | 'spawn-failed' | 'aborted';
  /** How the child is named: its command line. */
  command: string;
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
  /** The last lines of the child's stderr. */
  stderrTail: string;
  /** The error code the child reported, or the first one its stderr names (`EADDRINUSE`). */
  childCode?: string | undefined;
  /** The error message the child reported. */
  childMessage?: string | undefined;
  timeoutMs: number;
  /** What the parent waited for (an IPC message, a stdout line). */
  awaited: string;
  cause?: unknown;
}

/** Error codes as runtimes print them: `listen EADDRINUSE`, Deno's `AddrInUse`. */
const ERRNO_IN_TEXT = /\b(E(?!RROR\b)[A-Z]{3,}|ERR_[A-Z0-9_]+|AddrInUse|AddrNotAvailable|PermissionDenied)\b/;
const DENO_KINDS: Record<string, string> = { AddrInUse: 'EADDRINUSE', AddrNotAvailable: 'EADDRNOTAVAIL', PermissionDenied: 'EACCES' };

/**
 * A child started to serve never reported the address it bound: it exited, reported a failed bind,
 * could not start, or stayed silent. The message leads with the child's own error (the stderr line
 * that names an error code, e.g. its EADDRINUSE) and ends with the tail of its stderr.
 */
export class ChildNotListeningError extends ExclusiveBindError {
  declare readonly code: 'ERR_CHILD_NOT_LISTENING';
  readonly reason: ChildNotListeningDetails['reason'];
  readonly command: string;
  readonly exitCode: number | null | undefined;
  readonly signal: NodeJS.Signals | null | undefined;
  readonly stderrTail: string;
  readonly childCode: string | undefined;

  constructor(d: ChildNotListeningDetails) {
    const found = d.childCode === undefined ? ERRNO_IN_TEXT.exec(d.stderrTail) : null;
    const childCode = d.childCode ?? (found ? (DENO_KINDS[found[1]!] ?? found[1]) : undefined);
    const lines = d.stderrTail.split('\n').filter((l) => l.trim() !== '');
    const errorLine = d.childMessage ?? (found ? lines.find((l) => l.includes(found[1]!)) : lines.at(-1));
    let what: string;
    switch (d.reason) {
      case 'exited':
        what = `exited${d.signal ? ` on ${d.signal}` : ` with code ${d.exitCode}`} before it reported the address it listens on`;
        break;
      case 'bind-failed':
        what = 'could not listen';
        break;
      case 'timeout':
        what = `did not report the address it listens on within ${d.timeoutMs} ms (awaited ${d.awaited}; does it call reportListening() or listenExclusive() with report: true?)`;
        break;
      case 'spawn-failed':
        what = `could not be started: ${(d.cause as Error | undefined)?.message ?? String(d.cause)}`;
        break;
      case 'aborted':
        what = 'was stopped: the wait for its address was aborted';
        break;
    }
    const headline = `\`${d.command}\` ${what}${errorLine && d.reason !== 'spawn-failed' ? `: ${errorLine.trim()}` : ''}`;
    const stderr = d.stderrTail ? `\n--- stderr of the child (last lines) ---\n${d.stderrTail}` : '';
    super('ERR_CHILD_NOT_LISTENING', `${headline}${stderr}`, d.cause === undefined ? undefined : { cause: d.cause });
    this.reason = d.reason;
    this.command = d.command;
    this.exitCode = d.exitCode;
    this.signal = d.signal;
    this.stderrTail = d.stderrTail;
    this.childCode = childCode;
  }
}

/** Where an inherited listening socket came from. */
export type AdoptionSource = 'systemd' | 'supervisor';

/** A listening socket handed to this process, as the adoption check sees it. */
export interface InheritedSocketInfo {
  fd: number;
  source: AdoptionSource;
  /** Bound address and port, when known before adoption (supervisor: its environment; systemd: /proc). */
  address: string | undefined;
  port: number | undefined;
  /** systemd's name for it (`LISTEN_FDNAMES`), if any. */
  name?: string | undefined;
}

function describeInherited(s: InheritedSocketInfo): string {
  const where = s.port === undefined ? 'an address not known before listening' : `${s.address?.includes(':') ? `[${s.address}]` : s.address}:${s.port}`;
  return `fd ${s.fd} from ${s.source}${s.name ? ` (${s.name})` : ''} on ${where}`;
}

/**
 * This process was handed listening sockets (systemd socket activation, or `exclusive-bind run`), and
 * none of them is for the address the code asked for. The socket is never silently used for another
 * address; the bind is not attempted either, since the port was meant to come from the parent.
 */
export class InheritedSocketMismatchError extends ExclusiveBindError {
  declare readonly code: 'ERR_INHERITED_SOCKET_MISMATCH';
  readonly requested: { host: string | undefined; port: number };
  readonly inherited: readonly InheritedSocketInfo[];
  constructor(requested: { host: string | undefined; port: number }, inherited: readonly InheritedSocketInfo[], fn: string) {
    const asked = `${requested.host === undefined ? '' : `${requested.host.includes(':') ? `[${requested.host}]` : requested.host}`}:${requested.port}`;
    super(
      'ERR_INHERITED_SOCKET_MISMATCH',
      `${fn}() was asked for ${asked}, but this process was handed ${inherited.map(describeInherited).join(', ')}. ` +
        'Make the port the app asks for and the one its supervisor or socket unit binds the same, or pass adopt: false for a listener that is meant to be separate.',
    );
    this.requested = requested;
    this.inherited = inherited;
  }
}

/** `exclusive-bind run` cannot hand a socket to its app here (the OS, or the runtime it runs under). */
export class HandoffUnsupportedError extends ExclusiveBindError {
  declare readonly code: 'ERR_HANDOFF_UNSUPPORTED';
  constructor(reason: string) {
    super('ERR_HANDOFF_UNSUPPORTED', `The socket hand-off is not available: ${reason}.`);
  }
}
