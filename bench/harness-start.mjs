#!/usr/bin/env node
// Benchmark of the harness kit (build it first: npm run build -w exclusive-bind): time from
// starting a Node server process to "the harness may use it", the kit against the spawn-and-poll
// harness it replaces, in interleaved rounds in one run, reported as a ratio.
//   baseline: the parent picks a port (listen on 0, read it, close: what get-port does), spawns the
//             child with PORT, and polls with net.connect() every `pollMs` until a connection
//             succeeds (wait-on's tcp: check; a short interval, to favour the baseline);
//   kit:      spawnListening(); the child binds port 0 and reports over IPC (a Node child), and
//             the same over a stdout line.
// All three children are the same script (bench/fixtures/harness-server.mjs) and load the helper,
// so module loading costs the same on every side.
// Usage: node bench/harness-start.mjs [rounds=41] [pollMs=10]
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnListening } from 'exclusive-bind';

const [rounds = 41, pollMs = 10] = process.argv.slice(2).map(Number);
const server = fileURLToPath(new URL('fixtures/harness-server.mjs', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

function freePort() {
  return new Promise((resolve) => {
    // eslint-disable-next-line exclusive-bind/no-port-probe -- the baseline being measured picks its port this way
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function connects(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGKILL');
  });
}

const sides = {
  async 'spawn + connect poll'() {
    const t = performance.now();
    const port = await freePort();
    const child = spawn(process.execPath, [server], { env: { ...process.env, PORT: String(port), EXCLUSIVE_BIND_REPORT: 'stdout' }, stdio: ['ignore', 'ignore', 'inherit'] });
    while (!(await connects(port))) await new Promise((r) => setTimeout(r, pollMs));
    const took = performance.now() - t;
    await stop(child);
    return took;
  },
  async 'spawnListening (IPC)'() {
    const t = performance.now();
    const { child } = await spawnListening(process.execPath, [server]);
    const took = performance.now() - t;
    await stop(child);
    return took;
  },
  async 'spawnListening (stdout line)'() {
    const t = performance.now();
    const { child } = await spawnListening(process.execPath, [server], { channel: 'stdout' });
    const took = performance.now() - t;
    await stop(child);
    return took;
  },
};

const times = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
const ratios = Object.fromEntries(Object.keys(sides).slice(1).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order so no side always runs first (a warm disk cache, a busy core).
  const names = Object.keys(sides);
  const order = names.slice(round % names.length).concat(names.slice(0, round % names.length));
  const took = {};
  for (const name of order) took[name] = await sides[name]();
  if (round === 0) continue; // warm-up
  for (const name of names) times[name].push(took[name]);
  for (const name of Object.keys(ratios)) ratios[name].push(took[name] / took['spawn + connect poll']);
}

const base = median(times['spawn + connect poll']);
console.log(`${rounds - 1} rounds (after 1 warm-up), poll interval ${pollMs} ms, Node ${process.version}`);
console.log('| harness | median start-up | per-round ratio to spawn + poll: median (min–max) |');
console.log('|---|---|---|');
console.log(`| spawn + connect poll | ${ms(base)} | 1 |`);
for (const name of Object.keys(ratios)) {
  const r = ratios[name];
  console.log(`| ${name} | ${ms(median(times[name]))} | ${median(r).toFixed(3)} (${Math.min(...r).toFixed(3)}–${Math.max(...r).toFixed(3)}) |`);
}
