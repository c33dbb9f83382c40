// The facts suite: each scenario of test/facts/scenarios.mjs, in real processes, on every runtime
// it names. A first process binds; a second binds the same port; the test asserts what the second
// gets (co-binds, EADDRINUSE, the process exits) and, when both hold the port, who receives the
// traffic. Then it checks the matrix cell the scenario stands for (core/socket-apis.ts): a cell that
// says "exclusive" where the port was shared, or names socket options strace did not see, fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { SOCKET_APIS, type Effect, type OptionName, type SocketApiId } from '../../core/socket-apis.js';
import { linuxEffect } from './cells.js';
import { repoRoot, runtimeBinary, type RuntimeId } from '../helper/support.js';
import { RUNTIME_VERSIONS, SCENARIOS, type BindSpec, type Scenario } from './scenarios.mjs';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const BIND = path.join(fixtures, 'bind.mjs');
const RUNTIMES: RuntimeId[] = ['node20', 'node24', 'bun', 'deno'];
const hasStrace = spawnSync('strace', ['-V']).status === 0;
const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-facts-'));
afterAll(() => fs.rmSync(traceDir, { recursive: true, force: true }));

interface Proc {
  proc: ChildProcess;
  next(ms?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stderr(): string;
}

const live = new Set<ChildProcess>();
afterAll(() => {
  for (const proc of live) proc.kill('SIGKILL');
});

function launch(runtime: RuntimeId, scenario: Scenario, spec: BindSpec & { port: number | 'auto' }, trace?: string): Proc {
  const bin = runtimeBinary(runtime)!;
  const full =
    spec.api === 'deno:listenTls'
      ? { ...spec, cert: path.join(fixtures, 'localhost.crt'), key: path.join(fixtures, 'localhost.key') }
      : spec;
  let argv =
    runtime === 'deno'
      ? ['run', '--quiet', '--allow-net', '--allow-read', '--allow-env', ...(scenario.denoFlags ?? []), BIND, JSON.stringify(full)]
      : [BIND, JSON.stringify(full)];
  let file = bin;
  if (trace) {
    argv = ['-f', '-qq', '-e', 'trace=setsockopt', '-o', trace, bin, ...argv];
    file = 'strace';
  }
  const proc = spawn(file, argv, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...scenario.env } });
  live.add(proc);
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => (live.delete(proc), resolve(code))));
  return {
    proc,
    exited,
    stderr: () => stderr,
    next(ms = 10_000) {
      return new Promise((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(JSON.parse(line));
        const timer = setTimeout(() => reject(new Error(`${runtime}: no output after ${ms} ms; stderr: ${stderr}`)), ms);
        void exited.then((code) => reject(new Error(`${runtime} exited (${code}) before output; stderr: ${stderr}`)));
        waiters.push((l) => (clearTimeout(timer), resolve(JSON.parse(l))));
      });
    },
  };
}

async function stop(p: Proc): Promise<void> {
  p.proc.stdin!.end();
  const timer = setTimeout(() => p.proc.kill('SIGKILL'), 3000);
  await p.exited;
  clearTimeout(timer);
}

const HTTP_APIS = new Set(['bun:serve', 'deno:serve']);

/** The pid that answers one new TCP connection (HTTP servers get a request first). */
function answeringPid(port: number, http: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    socket.on('connect', () => {
      if (http) socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (d) => (data += String(d)));
    socket.on('end', () => {
      const match = /(\d+)\s*$/.exec(data);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`no pid in ${JSON.stringify(data)}`));
    });
    socket.on('error', reject);
    socket.setTimeout(5000, () => (socket.destroy(), reject(new Error('no answer'))));
  });
}

/** Sends one datagram from each of `flows` fresh sockets (each a flow of its own), `each` times. */
async function sendDatagrams(port: number, flows: number, each: number, group?: string): Promise<void> {
  for (let i = 0; i < flows; i++) {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    if (group) socket.setMulticastInterface('127.0.0.1');
    for (let j = 0; j < each; j++) {
      await new Promise<void>((resolve, reject) => socket.send('x', port, group ?? '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
    socket.close();
  }
}

async function counts(first: Proc, second: Proc, total: number, perReceiver: boolean): Promise<[number, number]> {
  const deadline = Date.now() + 3000;
  for (;;) {
    first.proc.stdin!.write('count\n');
    second.proc.stdin!.write('count\n');
    const a = Number((await first.next()).received);
    const b = Number((await second.next()).received);
    const done = perReceiver ? a >= total && b >= total : a + b >= total;
    if (done || Date.now() > deadline) return [a, b];
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SOL_SOCKET reuse options that strace saw set to 1. */
function tracedSockopts(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/SOL_SOCKET, (SO_REUSE[A-Z_]*|SO_EXCLUSIVEADDRUSE), \[1\]/g)].map((m) => m[1]!))].sort();
}

const sockoptsOf = (effect: Effect) => effect.sockopts.split(/\s*\+\s*/).filter((s) => s.startsWith('SO_')).sort();

/** Whether the first process's socket options can be compared with the cell: it sets exactly that cell's option. */
function tracesCell(scenario: Scenario, cell: string): boolean {
  if (scenario.traceCells !== undefined) return scenario.traceCells;
  if (cell.startsWith('raw:')) return true;
  if (scenario.expect === 'exits' || cell.includes('@')) return false;
  const what = cell.split('#')[1];
  const keys = Object.keys(scenario.first.options ?? {});
  if (what === 'default') return keys.length === 0 || keys.every((k) => k === 'development');
  return keys.every((k) => k === what || (what === 'reusePort' && k === 'development'));
}

function needs(runtime: RuntimeId, ctx: TestContext): void {
  const missing = !runtimeBinary(runtime) ? `runtime ${runtime} (node scripts/install-runtimes.mjs)` : !hasStrace ? 'strace' : undefined;
  if (!missing) return;
  if (process.env.CI) throw new Error(`CI: ${missing} is missing; the facts suite must run`);
  ctx.skip(`${missing} not installed: the facts suite cannot run here`);
}

for (const runtime of RUNTIMES) {
  describe.concurrent(`facts on Linux, ${runtime}`, () => {
    it(`runs the version the docs name (${RUNTIME_VERSIONS[runtime]})`, (ctx) => {
      needs(runtime, ctx);
      const version = spawnSync(runtimeBinary(runtime)!, ['--version'], { encoding: 'utf8' }).stdout;
      const [, wanted] = RUNTIME_VERSIONS[runtime].split(' ') as [string, string];
      // "Node 20" names the major only: the machine's own node.
      const pattern = wanted.includes('.') ? new RegExp(`(^|[^\\d.])${wanted.replaceAll('.', '\\.')}(?![\\d.])`) : new RegExp(`^v${wanted}\\.`);
      expect(version).toMatch(pattern);
    });

    for (const scenario of SCENARIOS.filter((s) => s.runtimes.includes(runtime))) {
      it(scenario.id, async (ctx) => {
        needs(runtime, ctx);
        const trace = path.join(traceDir, `${runtime}-${SCENARIOS.indexOf(scenario)}.strace`);
        const first = launch(runtime, scenario, { ...scenario.first, port: 'auto' }, trace);
        const held = await first.next();
        expect(held, first.stderr()).toMatchObject({ bound: true });
        const port = held.port as number;
        const second = launch(runtime, scenario, { ...(scenario.second ?? scenario.first), port });
        try {
          // What the second process gets.
          if (scenario.expect === 'exits') {
            const code = await second.exited;
            expect(code, second.stderr()).not.toBe(0);
            expect(second.stderr()).toMatch(/--unstable-net/);
          } else {
            const result = await second.next();
            const outcome = result.bound ? 'co-binds' : /EADDRINUSE|AddrInUse/.test(String(result.error)) ? 'EADDRINUSE' : result.error;
            expect(outcome, JSON.stringify(result)).toBe(scenario.expect);
          }

          // Who gets the traffic.
          const api = scenario.first.api;
          if (scenario.traffic === 'shared' && SOCKET_APIS[api as SocketApiId].protocol === 'tcp') {
            const pids = new Set<number>();
            for (let i = 0; i < 40 && pids.size < 2; i++) pids.add(await answeringPid(port, HTTP_APIS.has(api)));
            expect([...pids].sort()).toEqual([held.pid as number, second.proc.pid!].sort());
          } else if (scenario.traffic === 'shared') {
            await sendDatagrams(port, 20, 1);
            const [a, b] = await counts(first, second, 20, false);
            expect({ first: a > 0, second: b > 0, total: a + b }).toEqual({ first: true, second: true, total: 20 });
          } else if (scenario.traffic === 'last-binder') {
            await sendDatagrams(port, 1, 20);
            expect(await counts(first, second, 20, false)).toEqual([0, 20]);
          } else if (scenario.traffic === 'both-receive') {
            await sendDatagrams(port, 1, 10, scenario.first.group);
            expect(await counts(first, second, 10, true)).toEqual([10, 10]);
          }
        } finally {
          await Promise.all([stop(first), stop(second)]);
        }

        // The cells this scenario stands for agree with what happened.
        const traced = tracedSockopts(trace);
        for (const cell of scenario.cells) {
          const effect = linuxEffect(cell);
          expect(effect.evidence, `${cell} is observed here: tag it 'run'`).toContain('run');
          if (cell.includes('@')) expect(effect.phrase, cell).toBe('ignored');
          if (scenario.expect === 'exits') {
            const option = SOCKET_APIS[cell.split('#')[0] as SocketApiId].options[cell.split('#')[1] as OptionName];
            expect(option?.note, cell).toMatch(/exits/);
          }
          if (!tracesCell(scenario, cell)) continue;
          if (cell.startsWith('raw:')) {
            expect(traced, cell).toEqual(expect.arrayContaining(sockoptsOf(effect)));
          } else {
            expect({ cell, sharesLivePort: effect.sharesLivePort, sockopts: sockoptsOf(effect) }).toEqual({
              cell,
              sharesLivePort: scenario.expect === 'co-binds',
              sockopts: traced,
            });
          }
        }
      });
    }
  });
}
