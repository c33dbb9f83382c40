/**
 * The child side of the listening report: a server tells the process that started it which address
 * it actually bound (port 0 included), so the parent waits for that report instead of polling a
 * port that any other process may be answering on.
 *
 * Two channels, chosen by the REPORT_ENV variable the parent sets:
 * - `ipc`: one message over the Node IPC channel (`process.send`);
 * - `stdout`: one line on stdout, `@exclusive-bind/listening {json}` (see docs/helper/reporting.md),
 *   which a parent in any language can read.
 * Without the variable: IPC when the process has a channel, else the stdout line.
 */
import type { AddressInfo } from 'node:net';
import type { AdoptionSource } from './errors.js';

/** Environment variable a parent sets to say how the child reports: `ipc` or `stdout`. */
export const REPORT_ENV = 'EXCLUSIVE_BIND_REPORT';
/** Prefix of the stdout line that reports the bound address; the rest of the line is JSON. */
export const LISTENING_LINE_PREFIX = '@exclusive-bind/listening ';
/** Prefix of the stdout line that reports a failed bind; the rest of the line is JSON. */
export const ERROR_LINE_PREFIX = '@exclusive-bind/error ';
/** `type` of the IPC messages. */
export const LISTENING_MESSAGE = 'exclusive-bind:listening';
export const ERROR_MESSAGE = 'exclusive-bind:error';

export type ReportChannel = 'ipc' | 'stdout';

/** What a child reports once it listens. */
export interface ListeningReport {
  /** Bound address as the socket reports it (`0.0.0.0`, `::`, `127.0.0.1`…), or the IPC path. */
  address: string;
  /** Bound port; 0 for an IPC path. */
  port: number;
  family: 'IPv4' | 'IPv6' | 'unix' | string;
  pid: number;
  /** Set when the server listens on a socket handed to the process (systemd, `exclusive-bind run`). */
  adopted?: AdoptionSource;
}

/** What a child reports when it cannot listen. */
export interface ListenErrorReport {
  code: string | undefined;
  message: string;
  pid: number;
}

/** Anything that can say where it listens: a Node server, a Bun server (`port`), a Deno listener (`addr`). */
export type Listening =
  | AddressInfo
  | string
  | { address(): AddressInfo | string | null }
  | { port: number; hostname?: string }
  | { addr: { hostname?: string; port?: number; path?: string } };

interface ProcessWithChannel {
  send?: (message: unknown, callback?: (error: Error | null) => void) => boolean;
  connected?: boolean;
}

/** The channel this process reports on: what the parent asked for, else IPC when there is one. */
export function reportChannel(): ReportChannel {
  const asked = process.env[REPORT_ENV];
  if (asked === 'stdout') return 'stdout';
  const proc = process as ProcessWithChannel;
  const hasChannel = typeof proc.send === 'function' && proc.connected !== false;
  if (asked === 'ipc' && !hasChannel) {
    throw new Error(`${REPORT_ENV}=ipc but this process has no IPC channel: start it with an 'ipc' stdio entry, or set ${REPORT_ENV}=stdout`);
  }
  return hasChannel ? 'ipc' : 'stdout';
}

/** The bound address of a Node, Bun or Deno server, or of an `address()` result. */
export function listeningReport(listening: Listening): ListeningReport {
  const pid = process.pid;
  if (typeof listening === 'string') return { address: listening, port: 0, family: 'unix', pid };
  if ('address' in listening && typeof listening.address === 'function') {
    const bound = listening.address();
    if (bound === null) throw new Error('reportListening(): the server is not listening yet');
    return listeningReport(bound);
  }
  if ('addr' in listening && typeof listening.addr === 'object' && listening.addr !== null) {
    const { hostname, port, path } = listening.addr;
    if (path !== undefined) return { address: path, port: 0, family: 'unix', pid };
    return fromHost(hostname ?? '0.0.0.0', Number(port), pid);
  }
  const info = listening as Partial<AddressInfo> & { hostname?: string; port?: number };
  if (typeof info.port !== 'number') throw new TypeError('reportListening(): expected a server, an address() result, or { port }');
  if (typeof info.address === 'string') {
    return { address: info.address, port: info.port, family: info.family ?? familyOf(info.address), pid };
  }
  return fromHost(info.hostname ?? '::', info.port, pid);
}

function fromHost(host: string, port: number, pid: number): ListeningReport {
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  return { address, port, family: familyOf(address), pid };
}

function familyOf(address: string): string {
  return address.includes(':') ? 'IPv6' : 'IPv4';
}

function deliver(channel: ReportChannel, type: string, prefix: string, body: object): Promise<void> {
  if (channel === 'ipc') {
    const send = (process as ProcessWithChannel).send as NonNullable<ProcessWithChannel['send']>;
    return new Promise((resolve, reject) => {
      send.call(process, { type, ...body }, (error) => (error ? reject(error) : resolve()));
    });
  }
  return new Promise((resolve, reject) => {
    // One write of one whole line: a parent reads it even when other output is interleaved.
    process.stdout.write(`${prefix}${JSON.stringify(body)}\n`, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Tells the parent which address this process bound: over IPC or as one stdout line (see
 * REPORT_ENV). Call it once the server listens. Resolves when the report is handed to the channel.
 */
export function reportListening(listening: Listening, channel: ReportChannel = reportChannel(), adopted?: AdoptionSource): Promise<ListeningReport> {
  const report: ListeningReport = adopted ? { ...listeningReport(listening), adopted } : listeningReport(listening);
  return deliver(channel, LISTENING_MESSAGE, LISTENING_LINE_PREFIX, report).then(() => report);
}

/**
 * Tells the parent that this process could not listen (EADDRINUSE, EACCES…), so it fails at once
 * with this error instead of waiting for the child to exit. The child still decides whether to exit.
 */
export function reportListenError(error: unknown, channel: ReportChannel = reportChannel()): Promise<ListenErrorReport> {
  const e = error as { code?: unknown; message?: unknown } | null;
  const report: ListenErrorReport = {
    code: typeof e?.code === 'string' ? e.code : undefined,
    message: typeof e?.message === 'string' ? e.message : String(error),
    pid: process.pid,
  };
  return deliver(channel, ERROR_MESSAGE, ERROR_LINE_PREFIX, report).then(() => report);
}
