// Child-process plumbing for the helper's tests: spawn a fixture under a runtime, read its JSON lines,
// and make sure every child is gone after each test.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
export const fixture = (name: string) => join(here, 'fixtures', name);
export const distEntry = join(repoRoot, 'exclusive-bind/dist/index.js');

export type RuntimeId = 'node20' | 'node24' | 'bun' | 'deno';

/** Binary of a matrix runtime, from the manifest scripts/install-runtimes.mjs writes. */
export function runtimeBinary(id: RuntimeId): string | undefined {
  if (id === 'node20') return process.execPath;
  const manifest = join(repoRoot, '.cache/runtimes/manifest.json');
  if (!existsSync(manifest)) return undefined;
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { bin?: string }>)[id]?.bin;
  return bin && existsSync(bin) ? bin : undefined;
}

/** Command line to run a script under a runtime. Deno's node compat needs explicit permissions. */
export function command(id: RuntimeId, script: string, args: string[], denoAllowAll = false): [string, string[]] {
  const bin = runtimeBinary(id);
  if (!bin) throw new Error(`runtime ${id} is not installed: run node scripts/install-runtimes.mjs`);
  if (id === 'deno') {
    // --allow-read: /proc lookups; --allow-sys: os.release(); --allow-run: process.kill() of a holder.
    // No --unstable-net: node:net's reusePort works without it (Deno.listen's does not).
    // Deno guards /proc behind --allow-all, so the owner lookup needs it.
    const perms = denoAllowAll ? ['--allow-all'] : ['--allow-net', '--allow-read', '--allow-env', '--allow-sys', '--allow-run'];
    return [bin, ['run', '--quiet', ...perms, script, ...args]];
  }
  return [bin, [script, ...args]];
}

export interface Child {
  proc: ChildProcess;
  /** Next JSON line from stdout (rejects on exit or after `ms`). */
  next<T = Record<string, unknown>>(ms?: number): Promise<T>;
  send(line: string): void;
  exited: Promise<number | null>;
}

const live = new Set<ChildProcess>();

export function start(id: RuntimeId, script: string, args: Array<string | number>, denoAllowAll = false): Child {
  const [bin, argv] = command(id, fixture(script), args.map(String), denoAllowAll);
  const proc = spawn(bin, argv, { stdio: ['pipe', 'pipe', 'pipe'], cwd: repoRoot });
  live.add(proc);
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  const lines: string[] = [];
  const waiters: Array<(l: string) => void> = [];
  readline.createInterface({ input: proc.stdout! }).on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else lines.push(l);
  });
  // 'close' (not 'exit'): fires after stdout has been read to the end.
  const exited = new Promise<number | null>((r) => proc.on('close', (code) => (live.delete(proc), r(code))));
  return {
    proc,
    exited,
    send: (line) => proc.stdin?.write(`${line}\n`),
    next<T>(ms = 15_000) {
      return new Promise<T>((res, rej) => {
        const line = lines.shift();
        if (line !== undefined) return res(JSON.parse(line) as T);
        const timer = setTimeout(() => rej(new Error(`${id} ${script}: no output after ${ms} ms; stderr: ${stderr}`)), ms);
        void exited.then((code) => rej(new Error(`${id} ${script} exited (${code}) before output; stderr: ${stderr}`)));
        waiters.push((l) => (clearTimeout(timer), res(JSON.parse(l) as T)));
      });
    },
  };
}

/** Runs a fixture to completion and returns its first JSON line. */
export async function run<T = Record<string, unknown>>(id: RuntimeId, script: string, args: Array<string | number>, ms?: number, denoAllowAll = false): Promise<T> {
  const child = start(id, script, args, denoAllowAll);
  const out = await child.next<T>(ms);
  await child.exited;
  return out;
}

export interface Holder {
  ready: boolean;
  port: number;
  pid: number;
  code?: string;
}

/** Kills every child still running (call from afterEach). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...live].map(
      (p) =>
        new Promise<void>((r) => {
          if (p.exitCode !== null || p.signalCode !== null) return (live.delete(p), r());
          p.once('exit', () => r());
          p.kill('SIGKILL');
        }),
    ),
  );
}

/** Opens a TCP connection and resolves to the first line the server sends (the fixtures send their pid). */
export function firstLine(host: string, port: number): Promise<{ line: string; socket: net.Socket }> {
  return new Promise((res, rej) => {
    const socket = net.connect({ host, port });
    let buf = '';
    socket.on('data', (d) => {
      buf += String(d);
      const i = buf.indexOf('\n');
      if (i >= 0) res({ line: buf.slice(0, i), socket });
    });
    socket.on('error', rej);
    socket.setTimeout(5000, () => (socket.destroy(), rej(new Error('no answer'))));
  });
}

/**
 * The helper's emit interception is gone: `emit` is the inherited function again (an own property
 * that holds it may stay: deleting it would slow the object down).
 */
export function expectEmitRestored(emitter: object): void {
  expect((emitter as { emit: unknown }).emit).toBe(Object.getPrototypeOf(emitter).emit);
}
