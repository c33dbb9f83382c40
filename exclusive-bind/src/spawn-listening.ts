/**
 * The parent side of the listening report: start a server process and wait for it to say which
 * address it bound (report.ts), never for "a port is open". A port that answers may be anybody's;
 * a report comes from the child itself, and a child that cannot bind fails the wait with its own
 * error (its exit code and the end of its stderr) instead of a generic timeout.
 */
import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { ChildNotListeningError } from './errors.js';
import {
  ERROR_LINE_PREFIX,
  ERROR_MESSAGE,
  LISTENING_LINE_PREFIX,
  LISTENING_MESSAGE,
  REPORT_ENV,
  type ListenErrorReport,
  type ListeningReport,
  type ReportChannel,
} from './report.js';

/** How long to wait for the report by default, in ms: long enough for a dev server that compiles first. */
export const DEFAULT_REPORT_TIMEOUT_MS = 30_000;
/** How much of the child's stderr an error keeps: its last lines, at most this many characters. */
const STDERR_TAIL_CHARS = 4096;
const STDERR_TAIL_LINES = 20;
/** After 'exit', how long to wait for the rest of stderr to arrive before rejecting. */
const DRAIN_MS = 200;
/** A stdout line longer than this is not a report: stop buffering it. */
const MAX_LINE_CHARS = 64 * 1024;

export interface WaitForListeningOptions {
  /** Reject after this many ms without a report (default 30 000). */
  timeoutMs?: number;
  /** Abort the wait (the child is killed too, unless `killOnFailure` is false). */
  signal?: AbortSignal;
  /** Kill the child when the wait fails (timeout, bind error, abort). Default true. */
  killOnFailure?: boolean;
  /** How errors name the child, e.g. the command line. */
  description?: string;
}

export interface SpawnListeningOptions extends Omit<SpawnOptions, 'stdio' | 'signal' | 'timeout'>, WaitForListeningOptions {
  /**
   * How the child reports: `ipc` (a Node child: `process.send`), `stdout` (one line, any runtime or
   * language), or `auto` (default): `ipc` when the command is a Node binary, else `stdout`.
   */
  channel?: ReportChannel | 'auto';
  /** The child's stdin (default `'ignore'`). Its stdout and stderr are always piped: they are read. */
  stdin?: 'ignore' | 'inherit' | 'pipe';
  /** Copy the child's stdout and stderr to this process's (default false). */
  echo?: boolean;
}

/** A child that reported its address. */
export interface ListeningChild extends ListeningReport {
  child: ChildProcess;
  /** A host to connect to: the bound address, or loopback when the child bound a wildcard address. */
  host: string;
  /** `http://host:port` (IPv6 in brackets). */
  url: string;
  /** SIGTERM (or `signal`), then SIGKILL after `graceMs` (default 5000); resolves with the exit code. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

/** The environment a child needs to report on `channel` (merge it into the child's env). */
export function reportEnv(channel: ReportChannel): Record<string, string> {
  return { [REPORT_ENV]: channel };
}

/** A Node binary (this one, or `node` on the PATH) can be given an IPC channel. */
function isNodeCommand(command: string): boolean {
  if (command === process.execPath) return true;
  const base = path.basename(command).toLowerCase();
  return base === 'node' || base === 'node.exe';
}

/**
 * Starts `command` with `args` and resolves once the child reports the address it bound. The child
 * reports with reportListening() or listenExclusive(server, { port, report: true }), or by printing
 * the documented stdout line. Rejects with ChildNotListeningError when the child exits, reports a
 * bind error, cannot be started, or stays silent for `timeoutMs`.
 */
export function spawnListening(command: string, args: readonly string[] = [], options: SpawnListeningOptions = {}): Promise<ListeningChild> {
  const { channel = 'auto', stdin = 'ignore', echo = false, timeoutMs, signal, killOnFailure, description, env, ...spawnOptions } = options;
  if (channel !== 'auto' && channel !== 'ipc' && channel !== 'stdout') {
    throw new TypeError(`spawnListening(): channel must be 'ipc', 'stdout' or 'auto', got ${String(channel)}`);
  }
  const resolved: ReportChannel = channel === 'auto' ? (isNodeCommand(command) ? 'ipc' : 'stdout') : channel;
  const stdio: StdioOptions = resolved === 'ipc' ? [stdin, 'pipe', 'pipe', 'ipc'] : [stdin, 'pipe', 'pipe'];
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio,
    env: { ...(env ?? process.env), ...reportEnv(resolved) },
  });
  if (echo) {
    child.stdout?.pipe(process.stdout, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
  }
  return waitForListening(child, {
    timeoutMs,
    signal,
    killOnFailure,
    description: description ?? [command, ...args].join(' '),
  });
}

/**
 * Waits for an already started child to report its address. Start it with `reportEnv('stdout')` in
 * its env and stdout piped (or with `reportEnv('ipc')` and an IPC channel); stderr piped too, so a
 * failure can show it. Both channels are read.
 */
export function waitForListening(child: ChildProcess, options: WaitForListeningOptions = {}): Promise<ListeningChild> {
  const { timeoutMs = DEFAULT_REPORT_TIMEOUT_MS, signal, killOnFailure = true } = options;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw new RangeError(`waitForListening(): timeoutMs must be a number of ms > 0, got ${String(timeoutMs)}`);
  }
  const what = options.description ?? (child.spawnargs.length > 0 ? child.spawnargs.join(' ') : `process ${child.pid}`);
  const awaited = [
    child.channel ? `an IPC message { type: '${LISTENING_MESSAGE}' }` : undefined,
    child.stdout ? `a stdout line '${LISTENING_LINE_PREFIX}{…}'` : undefined,
  ].filter(Boolean);
  if (awaited.length === 0) {
    return Promise.reject(new TypeError(`waitForListening(): ${what} has neither piped stdout nor an IPC channel to report on`));
  }

  return new Promise<ListeningChild>((resolve, reject) => {
    let stderr = '';
    let stdoutLine = '';
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;

    const onStderr = (chunk: Buffer | string) => {
      stderr = (stderr + String(chunk)).slice(-STDERR_TAIL_CHARS * 2);
    };
    const onStdout = (chunk: Buffer | string) => {
      const parts = (stdoutLine + String(chunk)).split('\n');
      stdoutLine = (parts.pop() ?? '').slice(-MAX_LINE_CHARS);
      for (const line of parts) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    };
    const onLine = (line: string) => {
      if (line.startsWith(LISTENING_LINE_PREFIX)) onReport(parseReport(line.slice(LISTENING_LINE_PREFIX.length)));
      else if (line.startsWith(ERROR_LINE_PREFIX)) onBindError(parseReport(line.slice(ERROR_LINE_PREFIX.length)));
    };
    const onMessage = (message: unknown) => {
      const m = message as { type?: unknown } | null;
      if (m?.type === LISTENING_MESSAGE) onReport(message);
      else if (m?.type === ERROR_MESSAGE) onBindError(message);
    };
    const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
      // stderr may still be in the pipe: give it a moment, but not the grandchildren that hold it open.
      const drained = [child.stderr, child.stdout].filter((s) => s && !s.readableEnded).map((s) => new Promise((r) => s!.once('end', r)));
      const wait = setTimeout(() => finishExit(code, exitSignal), DRAIN_MS);
      void Promise.all(drained).then(() => (clearTimeout(wait), finishExit(code, exitSignal)));
    };
    const finishExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
      failWith({ reason: 'exited', exitCode: code, signal: exitSignal });
    };
    const onSpawnError = (error: Error) => failWith({ reason: 'spawn-failed', cause: error });
    const onAbort = () => failWith({ reason: 'aborted', cause: signal?.reason });

    const detach = () => {
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      child.stdout?.removeListener('data', onStdout);
      child.stderr?.removeListener('data', onStderr);
      child.removeListener('message', onMessage);
      child.removeListener('exit', onExit);
      child.removeListener('error', onSpawnError);
      signal?.removeEventListener('abort', onAbort);
    };

    function failWith(details: Omit<ConstructorParameters<typeof ChildNotListeningError>[0], 'command' | 'stderrTail' | 'timeoutMs' | 'awaited'>) {
      if (settled) return;
      detach();
      if (killOnFailure && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(new ChildNotListeningError({ ...details, command: what, stderrTail: tail(stderr), timeoutMs, awaited: awaited.join(' or ') }));
    }

    function onReport(raw: unknown) {
      if (settled) return;
      const report = raw as Partial<ListeningReport> | undefined;
      if (typeof report?.port !== 'number' || typeof report.address !== 'string') return;
      detach();
      resolve(listeningChild(child, report as ListeningReport));
    }

    function onBindError(raw: unknown) {
      const report = raw as Partial<ListenErrorReport> | undefined;
      if (typeof report?.message !== 'string') return;
      failWith({ reason: 'bind-failed', childCode: report.code ?? undefined, childMessage: report.message });
    }

    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
    child.on('message', onMessage);
    child.on('error', onSpawnError);
    if (child.exitCode !== null || child.signalCode !== null) return onExit(child.exitCode, child.signalCode);
    child.once('exit', onExit);
    timer = setTimeout(() => failWith({ reason: 'timeout' }), timeoutMs);
  });
}

function parseReport(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined; // not a report after all: an unrelated line that happens to start the same way
  }
}

/** The last lines of stderr, at most STDERR_TAIL_CHARS. */
function tail(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  return lines.slice(-STDERR_TAIL_LINES).join('\n').slice(-STDERR_TAIL_CHARS);
}

function connectHost(address: string, family: string): string {
  if (family === 'unix') return address;
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '::1';
  return address;
}

function listeningChild(child: ChildProcess, report: ListeningReport): ListeningChild {
  const family = report.family ?? (report.address.includes(':') ? 'IPv6' : 'IPv4');
  const host = connectHost(report.address, family);
  return {
    address: report.address,
    port: report.port,
    family,
    pid: typeof report.pid === 'number' ? report.pid : (child.pid ?? 0),
    ...(report.adopted === 'systemd' || report.adopted === 'supervisor' ? { adopted: report.adopted } : {}),
    child,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${report.port}`,
    stop: (stopSignal = 'SIGTERM', graceMs = 5000) => stopChild(child, stopSignal, graceMs),
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(force);
      resolve(code);
    });
    child.kill(signal);
  });
}
