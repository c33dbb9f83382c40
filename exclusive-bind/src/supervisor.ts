/**
 * `exclusive-bind run`: restarts without sharing a port. The supervisor binds the port once,
 * exclusively, and hands that one socket to each generation of the app (fd 3, described in
 * EXCLUSIVE_BIND_INHERITED), where listenExclusive() adopts it. A reload starts the next generation,
 * waits for its listening report, and only then asks the old one to drain (SIGTERM) and kills it
 * after a grace period. Connections wait in the socket's one accept queue the whole time, so a
 * restart refuses none; no second socket is ever bound, so nothing else can co-bind either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ChildNotListeningError, ExclusiveBindError } from './errors.js';
import { DRAINED_MESSAGE } from './handoff.js';
import { holdSocket, type HeldSocket } from './hold.js';
import { INHERITED_ENV, type SupervisorHandoff } from './inherited.js';
import { DEFAULT_REPORT_TIMEOUT_MS, waitForListening } from './spawn-listening.js';

/** Default time a draining generation gets before it is killed, in ms. */
export const DEFAULT_GRACE_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 5_000;

export interface SupervisorOptions {
  port: number;
  /** Address to bind (default: Node's default, `::` dual-stack, else `0.0.0.0`). */
  host?: string | undefined;
  /** The app's command and arguments, e.g. `['node', 'server.js']`. */
  command: readonly string[];
  /** Also give each generation the bound port in this environment variable (e.g. `PORT`, with port 0). */
  portEnv?: string | undefined;
  /** How long a draining generation may take before it is killed (default 10 000 ms). */
  graceMs?: number | undefined;
  /** How long a new generation may take to report itself listening (default 30 000 ms). */
  readyTimeoutMs?: number | undefined;
  /** How long to retry EADDRINUSE when binding, for a departing owner (default 250 ms). */
  retryFor?: number | undefined;
  backlog?: number | undefined;
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** One line per event (default: to stderr). */
  log?: ((line: string) => void) | undefined;
  /** Copy each generation's stdout and stderr to this process's (default true). */
  echo?: boolean | undefined;
}

export interface GenerationInfo {
  generation: number;
  pid: number;
  /** ms from start to the listening report. */
  readyAfterMs: number;
  /** Whether the app reported listening on the handed-over socket (listenExclusive adopted it). */
  adopted: boolean;
}

export interface Supervisor {
  /** The bound address and port (the port the OS chose, when `port` was 0). */
  readonly address: string;
  readonly port: number;
  /** The generation now serving. */
  current(): GenerationInfo | undefined;
  /**
   * Starts the next generation; once it reports listening, the old one is asked to drain. Rejects
   * (ChildNotListeningError) when the new one fails before its report: the old one keeps serving.
   */
  reload(): Promise<GenerationInfo>;
  /** Drains every generation (SIGTERM, then SIGKILL after the grace period) and releases the port. */
  stop(): Promise<void>;
}

interface Generation extends GenerationInfo {
  child: ChildProcess;
  startedAt: number;
  state: 'starting' | 'serving' | 'draining' | 'exited';
  exited: Promise<void>;
}

/**
 * Holds the port and starts the first generation; resolves once it reports listening. Rejects with
 * PortInUseError (the port is taken), HandoffUnsupportedError, or ChildNotListeningError (the
 * first generation failed; the port is released).
 */
export async function supervise(options: SupervisorOptions): Promise<Supervisor> {
  const [command, ...args] = options.command;
  if (!command) throw new TypeError('supervise(): command must name the app to run, e.g. ["node", "server.js"]');
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_REPORT_TIMEOUT_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = (line: string) => log(`exclusive-bind: ${line}`);
  const socket: HeldSocket = await holdSocket(options);
  const where = `${socket.address.includes(':') ? `[${socket.address}]` : socket.address}:${socket.port}`;
  say(`supervisor pid ${process.pid} holds ${where}`);

  const handoff: SupervisorHandoff = { fd: 3, address: socket.address, port: socket.port, supervisor: process.pid };
  const generations = new Set<Generation>();
  let count = 0;
  let current: Generation | undefined;
  let stopping: Promise<void> | undefined;
  let reloading: Promise<GenerationInfo> | undefined;
  let restartDelay = FIRST_RESTART_DELAY_MS;
  const name = (g: Generation) => `generation ${g.generation} pid ${g.pid}`;

  // A supervisor that ends for any reason takes its generations with it.
  const killAll = () => {
    for (const g of generations) if (g.state !== 'exited') signalGeneration(g.child, 'SIGKILL');
  };
  process.on('exit', killAll);

  async function startGeneration(): Promise<Generation> {
    const generation = ++count;
    const child = spawn(command as string, args, {
      cwd: options.cwd,
      env: {
        ...(options.env ?? process.env),
        ...(options.portEnv ? { [options.portEnv]: String(socket.port) } : {}),
        [INHERITED_ENV]: JSON.stringify(handoff),
      },
      // fd 3: the socket; fd 4: the IPC channel the app reports and drains on.
      stdio: ['inherit', 'pipe', 'pipe', socket.fd, 'ipc'],
      // Its own process group: a terminal's Ctrl-C or hang-up reaches the supervisor alone, which
      // then drains the generations instead of their dying mid-request.
      detached: true,
    });
    if (options.echo !== false) {
      child.stdout?.on('data', (d: Buffer) => process.stdout.write(d));
      child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    }
    const startedAt = Date.now();
    const g: Generation = {
      generation,
      pid: child.pid ?? 0,
      child,
      startedAt,
      readyAfterMs: 0,
      adopted: false,
      state: 'starting',
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    generations.add(g);
    if (child.pid !== undefined) say(`${name(g)} started`);
    child.on('message', (m: { type?: unknown; ms?: unknown } | null) => {
      if (m?.type === DRAINED_MESSAGE) say(`${name(g)} drained after ${Date.now() - drainStartedAt(g)} ms`);
    });
    child.once('exit', (code, signal) => {
      const was = g.state;
      g.state = 'exited';
      generations.delete(g);
      if (was !== 'starting') say(`${name(g)} exited (code ${code}, signal ${signal})`);
      if (g === current && was === 'serving' && !stopping) onCrash(g);
    });
    try {
      const report = await waitForListening(child, { timeoutMs: readyTimeoutMs, description: options.command.join(' ') });
      if (report.port !== socket.port) {
        child.kill('SIGKILL');
        throw new ExclusiveBindError(
          'ERR_NOT_ON_HANDED_SOCKET',
          `generation ${generation} reported listening on port ${report.port}, not on the handed-over socket ${where}: ` +
            'bind with listenExclusive(server, { port }) for that port (it adopts the socket), or listen({ fd: 3 })',
        );
      }
      g.readyAfterMs = Date.now() - startedAt;
      g.adopted = report.adopted === 'supervisor';
      g.state = 'serving';
      say(`${name(g)} ready after ${g.readyAfterMs} ms (${g.adopted ? 'adopted' : 'reported listening without adopting'})`);
      return g;
    } catch (error) {
      // waitForListening killed the child; what it started (behind `npm start`, say) goes too.
      signalGeneration(child, 'SIGKILL');
      generations.delete(g);
      g.state = 'exited';
      const first = String((error as Error).message).split('\n')[0];
      say(`${name(g)} failed before ready: ${first}`);
      throw error;
    }
  }

  const drainStarts = new WeakMap<Generation, number>();
  const drainStartedAt = (g: Generation) => drainStarts.get(g) ?? Date.now();

  function drain(g: Generation): Promise<void> {
    if (g.state === 'exited') return Promise.resolve();
    g.state = 'draining';
    drainStarts.set(g, Date.now());
    say(`${name(g)} draining`);
    signalGeneration(g.child, 'SIGTERM');
    const timer = setTimeout(() => {
      if (g.child.exitCode !== null || g.child.signalCode !== null) return;
      say(`${name(g)} killed after ${graceMs} ms grace`);
      signalGeneration(g.child, 'SIGKILL');
    }, graceMs);
    return g.exited.then(() => clearTimeout(timer));
  }

  function onCrash(g: Generation): void {
    say(`${name(g)} ended while serving`);
    scheduleReplacement(g);
  }

  /** The socket stays held and listening meanwhile: connections wait in its queue for the next generation. */
  function scheduleReplacement(ended: Generation): void {
    const delay = restartDelay;
    restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
    say(`starting the next generation in ${delay} ms`);
    setTimeout(() => {
      if (stopping || current !== ended) return;
      startGeneration().then(
        (next) => {
          if (current === ended) current = next;
          restartDelay = FIRST_RESTART_DELAY_MS;
        },
        () => scheduleReplacement(ended),
      );
    }, delay);
  }

  async function reloadOnce(): Promise<GenerationInfo> {
    const old = current;
    const next = await startGeneration();
    if (stopping) {
      void drain(next);
      throw new ExclusiveBindError('ERR_SUPERVISOR_STOPPING', 'the supervisor is stopping');
    }
    current = next;
    if (old) void drain(old);
    return info(next);
  }

  const supervisor: Supervisor = {
    address: socket.address,
    port: socket.port,
    current: () => (current ? info(current) : undefined),
    reload() {
      if (stopping) return Promise.reject(new ExclusiveBindError('ERR_SUPERVISOR_STOPPING', 'the supervisor is stopping'));
      // One reload at a time; a request during one starts another after it, from its result.
      const run = (reloading ?? Promise.resolve()).catch(() => undefined).then(reloadOnce);
      reloading = run;
      void run.finally(() => {
        if (reloading === run) reloading = undefined;
      }).catch(() => undefined);
      return run;
    },
    stop() {
      stopping ??= (async () => {
        say('stopping');
        await Promise.all([...generations].map(drain));
        socket.close();
        process.removeListener('exit', killAll);
        say('stopped');
      })();
      return stopping;
    },
  };

  try {
    current = await startGeneration();
  } catch (error) {
    socket.close();
    process.removeListener('exit', killAll);
    throw error instanceof ChildNotListeningError || error instanceof ExclusiveBindError ? error : new ExclusiveBindError('ERR_SUPERVISOR', String(error));
  }
  return supervisor;
}

/**
 * Signals a generation's whole process group (it was started detached, as its group's leader): a
 * wrapper such as `npm start` and the app behind it get the same signal, and nothing it started
 * keeps the socket as an orphan.
 */
function signalGeneration(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) return void process.kill(-child.pid, signal);
  } catch {
    // the group is gone already, or was never made: signal the child itself
  }
  child.kill(signal);
}

function info(g: Generation): GenerationInfo {
  return { generation: g.generation, pid: g.pid, readyAfterMs: g.readyAfterMs, adopted: g.adopted };
}
