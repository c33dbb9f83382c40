// The restart hand-off with real processes: listenExclusive() adopting a socket from a parent that
// plays systemd, and exclusive-bind run (the built bin) reloading an app under load, on Node 20 and
// Node 24; Deno adopts too, Bun says it cannot.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readline from 'node:readline';
import { holdSocket, type HeldSocket } from '../../exclusive-bind/src/hold.js';
import { procSockets } from '../../exclusive-bind/src/owner.js';
import { fixture, repoRoot, runtimeBinary, type RuntimeId } from './support.js';

const cli = join(repoRoot, 'exclusive-bind/dist/cli.js');
const live = new Set<ChildProcess>();
const held: HeldSocket[] = [];
afterEach(() => {
  for (const p of live) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  live.clear();
  for (const h of held.splice(0)) h.close();
});

function binary(id: RuntimeId): string {
  const bin = runtimeBinary(id);
  if (!bin) throw new Error(`runtime ${id} is not installed: run npm run runtimes`);
  return bin;
}

/** A process whose stdout or stderr lines can be awaited by pattern. */
function watch(proc: ChildProcess, stream: 'stdout' | 'stderr') {
  live.add(proc);
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  readline.createInterface({ input: proc[stream]! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return {
    proc,
    lines,
    exited,
    /** The first line from index `from` on that matches. */
    waitFor(re: RegExp, from = 0, ms = 15_000): Promise<RegExpExecArray> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${ms} ms; got:\n${lines.join('\n')}`)), ms);
        const check = () => {
          for (let i = from; i < lines.length; i++) {
            const m = re.exec(lines[i]!);
            if (m) return (clearTimeout(timer), resolve(m));
          }
          waiters.push(check);
        };
        check();
      });
    },
  };
}

function get(port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += String(d))).on('end', () => resolve(body)).on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** What adopt-child.mjs prints. */
interface Outcome {
  bound?: { port: number } & Record<string, unknown>;
  error?: { message: string } & Record<string, unknown>;
  pid?: number;
  [key: string]: unknown;
}

/** LISTEN sockets on the port, from /proc: the hand-off keeps exactly one. */
const listeners = (port: number) => procSockets(port, 'tcp')?.size;

describe('adoption from systemd (the test plays systemd: it binds, then starts the service with fd 3)', () => {
  function activate(node: string, host: string, port: number, socket: HeldSocket, listenPid = '$$') {
    const proc = spawn('/bin/sh', ['-c', `LISTEN_PID=${listenPid} LISTEN_FDS=1 LISTEN_FDNAMES=web exec "$0" "$@"`, node, fixture('adopt-child.mjs'), host, String(port)], {
      stdio: ['pipe', 'pipe', 'pipe', socket.fd],
    });
    const w = watch(proc, 'stdout');
    return w.waitFor(/^\{/).then((m) => JSON.parse(m.input) as Outcome);
  }

  describe.each(['node20', 'node24'] as const)('%s', (id) => {
    it('matching port: adopts the socket, reports it, clears the variables, and serves on that one socket', async () => {
      const socket = await holdSocket({ host: '127.0.0.1', port: 0 });
      held.push(socket);
      const out = await activate(binary(id), '-', socket.port, socket);
      expect(out).toEqual({
        bound: { address: '127.0.0.1', family: 'IPv4', port: socket.port, adopted: 'systemd' },
        pid: out.pid,
        before: { LISTEN_FDS: '1' },
        after: { LISTEN_FDS: null, LISTEN_PID: null },
      });
      const answer = await new Promise<string>((resolve, reject) => {
        const c = net.connect(socket.port, '127.0.0.1');
        let data = '';
        c.on('data', (d) => (data += String(d))).on('end', () => resolve(data)).on('error', reject);
      });
      expect(answer).toBe(String(out.pid));
      expect(listeners(socket.port)).toBe(1);
    });

    it('another port: InheritedSocketMismatchError naming both, and nothing bound', async () => {
      const socket = await holdSocket({ host: '127.0.0.1', port: 0 });
      held.push(socket);
      const other = socket.port === 65535 ? socket.port - 1 : socket.port + 1;
      const out = await activate(binary(id), '127.0.0.1', other, socket);
      expect(out.error).toEqual({
        name: 'InheritedSocketMismatchError',
        code: 'ERR_INHERITED_SOCKET_MISMATCH',
        message:
          `listenExclusiveAsync() was asked for 127.0.0.1:${other}, but this process was handed fd 3 from systemd (web) on 127.0.0.1:${socket.port}. ` +
          'Make the port the app asks for and the one its supervisor or socket unit binds the same, or pass adopt: false for a listener that is meant to be separate.',
      });
      expect(listeners(other)).toBe(0);
    });

    it('another address on the same port: refused too', async () => {
      const socket = await holdSocket({ host: '127.0.0.1', port: 0 });
      held.push(socket);
      const out = await activate(binary(id), '::1', socket.port, socket);
      expect(out.error).toMatchObject({ code: 'ERR_INHERITED_SOCKET_MISMATCH' });
      expect(out.error?.message).toContain(`asked for [::1]:${socket.port}, but this process was handed fd 3 from systemd (web) on 127.0.0.1:${socket.port}`);
    });

    it('variables meant for another process (LISTEN_PID): not adopted; the bind is exclusive and the holder is refused', async () => {
      const socket = await holdSocket({ host: '127.0.0.1', port: 0 });
      held.push(socket);
      const out = await activate(binary(id), '127.0.0.1', socket.port, socket, '1');
      expect(out.error).toMatchObject({ name: 'PortInUseError', code: 'EADDRINUSE' });
      expect(listeners(socket.port)).toBe(1);
    });
  });

  it('nothing handed over: a plain exclusive bind, no adopted field', async () => {
    const proc = spawn(process.execPath, [fixture('adopt-child.mjs'), '127.0.0.1', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = JSON.parse((await watch(proc, 'stdout').waitFor(/^\{/)).input) as Outcome;
    expect(out.bound).toEqual({ address: '127.0.0.1', family: 'IPv4', port: out.bound?.port });
  });
});

describe('exclusive-bind run', () => {
  function supervise(node: string, app: string[], args: string[] = [], env: NodeJS.ProcessEnv = {}) {
    const proc = spawn(node, [cli, 'run', '--port', '0', '--host', '127.0.0.1', ...args, '--', ...app], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    return watch(proc, 'stderr');
  }
  async function started(w: ReturnType<typeof supervise>) {
    const port = Number((await w.waitFor(/^exclusive-bind: supervisor pid \d+ holds 127\.0\.0\.1:(\d+)$/))[1]);
    const gen1 = Number((await w.waitFor(/^exclusive-bind: generation 1 pid (\d+) ready after \d+ ms \(adopted\)$/))[1]);
    return { port, gen1 };
  }

  describe.each(['node20', 'node24'] as const)('%s', (id) => {
    const app = () => [binary(id), fixture('handoff-app.mjs')];

    it('reloads under load with no failed request: each generation serves from the one socket', async () => {
      const w = supervise(binary(id), app());
      const { port } = await started(w);
      const tally = { ok: 0, failed: [] as string[], pids: new Set<string>() };
      let loading = true;
      const cap = 3000; // bounded in count, whatever the timing
      const client = async () => {
        while (loading && tally.ok + tally.failed.length < cap) {
          try {
            tally.pids.add(await get(port));
            tally.ok++;
          } catch (e) {
            tally.failed.push(String((e as NodeJS.ErrnoException).code ?? e));
          }
        }
      };
      const clients = Array.from({ length: 4 }, client);
      for (let n = 2; n <= 4; n++) {
        const from = w.lines.length;
        w.proc.kill('SIGHUP');
        await w.waitFor(new RegExp(`^exclusive-bind: generation ${n} pid \\d+ ready after \\d+ ms \\(adopted\\)$`), from);
        await w.waitFor(new RegExp(`^exclusive-bind: generation ${n - 1} pid \\d+ drained after \\d+ ms$`), from);
        await w.waitFor(new RegExp(`^exclusive-bind: generation ${n - 1} pid \\d+ exited \\(code 0, signal null\\)$`), from);
      }
      loading = false;
      await Promise.all(clients);
      expect(tally.failed).toEqual([]);
      expect(tally.ok).toBeGreaterThan(0);
      expect(tally.pids.size).toBeGreaterThanOrEqual(2);
      expect(listeners(port)).toBe(1);
      w.proc.kill('SIGTERM');
      expect(await w.exited).toEqual({ code: 0, signal: null });
      expect(w.lines.at(-1)).toBe('exclusive-bind: stopped');
      expect(listeners(port)).toBe(0);
    });

    it('a new generation that fails before its report: exit code and stderr logged, the old one keeps serving', async () => {
      const flag = join(mkdtempSync(join(tmpdir(), 'eb-handoff-')), 'fail');
      const w = supervise(binary(id), app(), [], { FAIL_IF_EXISTS: flag });
      const { port, gen1 } = await started(w);
      writeFileSync(flag, '');
      const from = w.lines.length;
      w.proc.kill('SIGHUP');
      const failed = await w.waitFor(/^exclusive-bind: generation 2 pid \d+ failed before ready: (.*)$/, from);
      expect(failed[1]).toBe(`\`${app().join(' ')}\` exited with code 3 before it reported the address it listens on: boom: this generation refuses to start`);
      expect(await get(port)).toBe(String(gen1));
      expect(w.lines.slice(from).some((l) => / generation 1 .*(draining|exited)/.test(l))).toBe(false);
    });

    it('an old generation that does not drain is killed after the grace period; the new one serves meanwhile', async () => {
      const w = supervise(binary(id), app(), ['--grace', '300']);
      const { port, gen1 } = await started(w);
      const hanging = get(port, '/hang').catch((e: NodeJS.ErrnoException) => e.code);
      await new Promise((r) => setTimeout(r, 100)); // the request has reached generation 1
      const from = w.lines.length;
      w.proc.kill('SIGHUP');
      const gen2 = Number((await w.waitFor(/^exclusive-bind: generation 2 pid (\d+) ready/, from))[1]);
      await w.waitFor(new RegExp(`^exclusive-bind: generation 1 pid ${gen1} draining$`), from);
      // Generation 1 stops accepting once its SIGTERM is handled; from then on only generation 2 answers.
      await expect.poll(() => get(port), { timeout: 2000 }).toBe(String(gen2));
      await w.waitFor(new RegExp(`^exclusive-bind: generation 1 pid ${gen1} killed after 300 ms grace$`), from);
      await w.waitFor(new RegExp(`^exclusive-bind: generation 1 pid ${gen1} exited \\(code null, signal SIGKILL\\)$`), from);
      expect(await hanging).toBe('ECONNRESET');
    });

    it('a generation that ends while serving is replaced; a request sent meanwhile waits in the queue and is served', async () => {
      const w = supervise(binary(id), app());
      const { port, gen1 } = await started(w);
      expect(await get(port, '/crash')).toBe(String(gen1));
      await w.waitFor(new RegExp(`^exclusive-bind: generation 1 pid ${gen1} exited \\(code 7, signal null\\)$`));
      const served = await get(port); // sent before generation 2 exists
      const gen2 = Number((await w.waitFor(/^exclusive-bind: generation 2 pid (\d+) ready after \d+ ms \(adopted\)$/))[1]);
      expect(served).toBe(String(gen2));
      expect(w.lines).toContain(`exclusive-bind: generation 1 pid ${gen1} ended while serving`);
      expect(w.lines).toContain('exclusive-bind: starting the next generation in 100 ms');
    });

    it('a supervisor killed with SIGKILL: its generation stops and the port is free, no orphan', async () => {
      const w = supervise(binary(id), app());
      const { port, gen1 } = await started(w);
      w.proc.kill('SIGKILL');
      await w.exited;
      const deadline = Date.now() + 5000;
      while (alive(gen1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(alive(gen1)).toBe(false);
      expect(listeners(port)).toBe(0);
      const s = net.createServer();
      await new Promise<void>((resolve, reject) => s.once('error', reject).listen(port, '127.0.0.1', resolve));
      s.close();
    });

    it("Ctrl-C in a terminal (SIGINT to the whole process group) drains the generation and exits 0", async () => {
      const proc = spawn(binary(id), [cli, 'run', '--port', '0', '--host', '127.0.0.1', '--', ...app()], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const w = watch(proc, 'stderr');
      const { port, gen1 } = await started(w);
      process.kill(-proc.pid!, 'SIGINT');
      expect(await w.exited).toEqual({ code: 0, signal: null });
      expect(w.lines).toContain(`exclusive-bind: generation 1 pid ${gen1} exited (code 0, signal null)`);
      expect(w.lines.some((l) => new RegExp(`^exclusive-bind: generation 1 pid ${gen1} drained after \\d+ ms$`).test(l))).toBe(true);
      expect(listeners(port)).toBe(0);
    });

    it('a second supervisor on the port fails with PortInUseError naming the first', async () => {
      const first = supervise(binary(id), app());
      const { port } = await started(first);
      const second = watch(spawn(binary(id), [cli, 'run', '--port', String(port), '--host', '127.0.0.1', '--', ...app()], { stdio: ['ignore', 'pipe', 'pipe'] }), 'stderr');
      expect((await second.exited).code).toBe(1);
      const message = second.lines.join('\n');
      expect(message).toMatch(new RegExp(`^exclusive-bind: listen EADDRINUSE 127\\.0\\.0\\.1:${port}: another live listener holds this port, still taken after \\d+ ms and \\d+ attempts; held by `));
      expect(message).toContain(`pid ${first.proc.pid} (${binary(id)} ${cli} run --port 0`);
      expect(message).toContain('The port was not shared.');
    });
  });

  it('a wrapper that does not pass fd 3 on (as npm start does not): HandoffUnsupportedError saying so, and run exits', async () => {
    const w = supervise(process.execPath, ['/bin/sh', '-c', 'exec 3<&-; exec "$0" "$@"', process.execPath, fixture('handoff-app.mjs')]);
    await w.waitFor(/^exclusive-bind: generation 1 pid \d+ failed before ready: /);
    expect((await w.exited).code).toBe(1);
    expect(w.lines.join('\n')).toMatch(
      /HandoffUnsupportedError: The socket hand-off is not available: this process runs under exclusive-bind run \(pid \d+\) for port \d+, but fd 3 is not its socket: a program between them \(npm start, yarn, a process manager\) did not pass it on\. Run the app directly: exclusive-bind run --port … -- node server\.js\./,
    );
  });

  it('Deno adopts the socket through node:net listen({ fd })', async () => {
    const w = supervise(process.execPath, [binary('deno'), 'run', '--quiet', '--allow-all', fixture('handoff-app.mjs')]);
    const { port, gen1 } = await started(w);
    expect(await get(port)).toBe(String(gen1));
    expect(listeners(port)).toBe(1);
  });

  it('Bun: the generation fails with HandoffUnsupportedError (its listen({ fd }) binds a new socket), and run exits', async () => {
    const w = supervise(process.execPath, [binary('bun'), fixture('handoff-app.mjs')]);
    const failed = await w.waitFor(/^exclusive-bind: generation 1 pid \d+ failed before ready: (.*)$/);
    expect(failed[1]).toMatch(/could not listen: The socket hand-off is not available: bun \d+\.\d+\.\d+ did not listen on the inherited socket \(fd 3\): listen\(\{ fd \}\) bound .* instead\.$/);
    expect((await w.exited).code).toBe(1);
  });
});
