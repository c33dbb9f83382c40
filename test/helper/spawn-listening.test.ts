// spawnListening() and waitForListening() against real children under Node 20, Node 24, Bun and
// Deno: the child binds, reports the address it got, and the parent reaches that very child there.
// A stale listener on the wanted port must come back as the child's EADDRINUSE, not as a timeout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { ChildNotListeningError, reportEnv, spawnListening, waitForListening, type ListeningChild } from '../../exclusive-bind/src/index.js';
import { command, distEntry, firstLine, fixture, killAll, repoRoot, runtimeBinary, start, type Holder, type RuntimeId } from './support.js';

const RUNTIMES: RuntimeId[] = ['node20', 'node24', 'bun', 'deno'];
const running = new Set<ListeningChild>();

afterEach(async () => {
  await Promise.all([...running].map((c) => c.stop('SIGKILL')));
  running.clear();
  await killAll();
});

function needs(id: RuntimeId, ctx: TestContext): void {
  if (!existsSync(distEntry)) throw new Error('exclusive-bind is not built: npm run build -w exclusive-bind');
  if (runtimeBinary(id)) return;
  if (process.env.CI === 'true') throw new Error(`CI: runtime ${id} is missing; run node scripts/install-runtimes.mjs`);
  ctx.skip(`runtime ${id} not installed; run node scripts/install-runtimes.mjs`);
}

async function launch(id: RuntimeId, args: Array<string | number>, timeoutMs = 20_000): Promise<ListeningChild> {
  const [bin, argv] = command(id, fixture('report-child.mjs'), args.map(String));
  const child = await spawnListening(bin, argv, { cwd: repoRoot, timeoutMs });
  running.add(child);
  return child;
}

/** The parent's failure: a ChildNotListeningError, whatever else it is. */
async function failure(promise: Promise<unknown>): Promise<ChildNotListeningError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChildNotListeningError);
  return error as ChildNotListeningError;
}

async function holder(): Promise<Holder> {
  return start('node20', 'plain.mjs', ['tcp', 'net', '127.0.0.1', 0, 0]).next<Holder>();
}

for (const id of RUNTIMES) {
  const ipc = id === 'node20' || id === 'node24';
  describe(`a ${id} child`, () => {
    for (const mode of ['option', 'function'] as const) {
      it(`binds port 0 and reports it (${mode === 'option' ? 'listenExclusive report option' : 'reportListening()'}, over ${ipc ? 'IPC' : 'stdout'})`, async (ctx) => {
        needs(id, ctx);
        const child = await launch(id, [mode, '127.0.0.1', 0]);
        expect(child).toMatchObject({ address: '127.0.0.1', family: 'IPv4', pid: child.child.pid, host: '127.0.0.1' });
        expect(child.port).toBeGreaterThan(0);
        expect(child.url).toBe(`http://127.0.0.1:${child.port}`);
        expect(child.child.channel !== undefined && child.child.channel !== null).toBe(ipc);
        const { line, socket } = await firstLine(child.host, child.port);
        socket.destroy();
        expect(Number(line)).toBe(child.child.pid); // the listener that answers is this child's
      });

      it(`a stale listener on the wanted port: the parent's error is the child's EADDRINUSE (${mode})`, async (ctx) => {
        needs(id, ctx);
        const stale = await holder();
        const error = await failure(launch(id, [mode, '127.0.0.1', stale.port]));
        // The option reports the failed bind itself; the plain listen() dies of it.
        expect(error.reason).toBe(mode === 'option' ? 'bind-failed' : 'exited');
        expect(error.childCode).toBe('EADDRINUSE');
        expect(error.message).toMatch(/EADDRINUSE/);
        if (mode === 'function') {
          expect(error.exitCode).not.toBe(0);
          expect(error.stderrTail).toMatch(/EADDRINUSE/);
        }
      });
    }

    if (id === 'bun' || id === 'deno') {
      it(`reports from the runtime's own server (${id === 'bun' ? 'Bun.serve' : 'Deno.serve'})`, async (ctx) => {
        needs(id, ctx);
        const child = await launch(id, ['native', 0]);
        expect(child).toMatchObject({ address: '127.0.0.1', pid: child.child.pid });
        const body = await fetch(`${child.url}/`).then((r) => r.text());
        expect(Number(body)).toBe(child.child.pid);
      });
    }

    it('a child that exits early rejects at once, with its exit code and stderr', async (ctx) => {
      needs(id, ctx);
      // A wait that lasted until the timeout would outlive the test's own 30 s limit.
      const error = await failure(launch(id, ['exit'], 120_000));
      expect(error).toMatchObject({ reason: 'exited', exitCode: 3, stderrTail: 'fatal: configuration file missing' });
      expect(error.message).toMatch(/^`.*report-child\.mjs exit` exited with code 3 before it reported the address it listens on: fatal: configuration file missing\n/);
    });
  });
}

describe('spawnListening()', () => {
  it('a child that never reports: the timeout names what was awaited', async () => {
    const [bin, argv] = command('node20', fixture('report-child.mjs'), ['silent']);
    const pending = spawnListening(bin, argv, { timeoutMs: 1500, channel: 'stdout' });
    const error = await failure(pending);
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain("did not report the address it listens on within 1500 ms (awaited a stdout line '@exclusive-bind/listening {…}'");
  });

  it('a command that cannot start rejects with the spawn error', async () => {
    const error = await failure(spawnListening('/nonexistent/server-binary', []));
    expect(error.reason).toBe('spawn-failed');
    expect(error.message).toMatch(/^`\/nonexistent\/server-binary` could not be started: spawn \/nonexistent\/server-binary ENOENT/);
  });

  it('an abort stops the wait and the child', async () => {
    const [bin, argv] = command('node20', fixture('report-child.mjs'), ['silent']);
    const controller = new AbortController();
    const pending = spawnListening(bin, argv, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test over')), 200);
    const error = await failure(pending);
    expect(error.reason).toBe('aborted');
    expect((error.cause as Error).message).toBe('test over');
  });

  it('waitForListening(): a child spawned by the caller, reporting on stdout', async () => {
    const [bin, argv] = command('node20', fixture('report-child.mjs'), ['option', '127.0.0.1', 0]);
    const proc = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...reportEnv('stdout') } });
    const child = await waitForListening(proc, { timeoutMs: 20_000 });
    running.add(child);
    expect(child).toMatchObject({ address: '127.0.0.1', pid: proc.pid, child: proc });
    const { line, socket } = await firstLine(child.host, child.port);
    socket.destroy();
    expect(Number(line)).toBe(proc.pid);
    expect(await child.stop()).toBe(null); // ended by SIGTERM: no exit code
    expect(proc.signalCode).toBe('SIGTERM');
  });
});
