#!/usr/bin/env node
// Benchmark of the exclusive-bind helper (build it first: npm run build -w exclusive-bind).
//  1. Cost: listen+close through the helper vs the plain call it replaces, each pair in
//     interleaved rounds in one run, reported as a ratio (machine noise hits both sides alike):
//       listenExclusive(server, options, cb)   vs  server.listen(options, cb)        (drop-in form)
//       await listenExclusiveAsync(server, o)  vs  listen, await 'listening', address()  (promise form:
//                                                  it resolves to the address, so the plain side reads it too)
//  2. Reaction: how soon the helper binds after a departing owner closes its listener (graceful
//     close and SIGKILL), measured on one clock shared by both processes (epoch + hi-res).
// Usage: node bench/helper-listen.mjs [rounds=41] [listensPerRound=2000] [reactionTrials=20]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import readline from 'node:readline';
import { listenExclusive, listenExclusiveAsync } from 'exclusive-bind';

const [rounds = 41, perRound = 2000, trials = 20] = process.argv.slice(2).map(Number);
const now = () => performance.timeOrigin + performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => x.toFixed(3);
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;

const OPTIONS = { host: '127.0.0.1', port: 0 };
const close = (s) => new Promise((r) => s.close(r));
const pairs = {
  'callback form': {
    plain: 'server.listen(options, cb)',
    helper: 'listenExclusive(server, options, cb)',
    async plainOnce() {
      const s = net.createServer();
      await new Promise((r) => s.listen(OPTIONS, r));
      await close(s);
    },
    async helperOnce() {
      const s = net.createServer();
      await new Promise((r) => listenExclusive(s, OPTIONS, r));
      await close(s);
    },
  },
  'promise form': {
    plain: "listen, once('listening'), address()",
    helper: 'await listenExclusiveAsync(server, options)',
    async plainOnce() {
      const s = net.createServer();
      s.listen(OPTIONS);
      await once(s, 'listening');
      s.address();
      await close(s);
    },
    async helperOnce() {
      const s = net.createServer();
      await listenExclusiveAsync(s, OPTIONS);
      await close(s);
    },
  },
};
async function timeBatch(fn) {
  const t = performance.now();
  for (let i = 0; i < perRound; i++) await fn();
  return (performance.now() - t) / perRound;
}

// 1. cost
for (const [form, pair] of Object.entries(pairs)) {
  for (let i = 0; i < 200; i++) {
    await pair.plainOnce();
    await pair.helperOnce();
  }
  const ratios = [];
  const plainMs = [];
  const helperMs = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first so drift within a round does not favour one.
    if (r % 2) {
      helperMs.push(await timeBatch(pair.helperOnce));
      plainMs.push(await timeBatch(pair.plainOnce));
    } else {
      plainMs.push(await timeBatch(pair.plainOnce));
      helperMs.push(await timeBatch(pair.helperOnce));
    }
    ratios.push(helperMs.at(-1) / plainMs.at(-1));
  }
  console.log(`${form}: listen+close, ${rounds} interleaved rounds x ${perRound}:`);
  console.log(`  ${pair.plain.padEnd(44)} median ${us(median(plainMs))}`);
  console.log(`  ${pair.helper.padEnd(44)} median ${us(median(helperMs))}`);
  // The paired statistic: both sides of a round ran back to back, under the same machine load.
  console.log(`  helper / plain, median of the per-round ratios: ${fmt(median(ratios))} (min ${fmt(Math.min(...ratios))}, max ${fmt(Math.max(...ratios))}); ratio of the medians ${fmt(median(helperMs) / median(plainMs))}`);
}

// 2. reaction after a departing owner
const HOLDER = `
const net = require('node:net');
const s = net.createServer().listen({ host: '127.0.0.1', port: 0 }, () => console.log(s.address().port));
process.stdin.on('data', () => {
  // Stamp just before close(): libuv closes the listening fd synchronously inside it.
  console.log(performance.timeOrigin + performance.now());
  s.close();
});
`;
async function reaction(mode) {
  const child = spawn(process.execPath, ['-e', HOLDER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const port = Number((await lines.next()).value);
  const s = net.createServer();
  const bound = listenExclusiveAsync(s, { host: '127.0.0.1', port, retryFor: 2000 }).then(now);
  await new Promise((r) => setTimeout(r, 5)); // let the helper hit EADDRINUSE and start retrying
  let released;
  if (mode === 'close') {
    child.stdin.write('close\n');
    released = Number((await lines.next()).value); // the holder's own clock reading at close()
  } else {
    released = now();
    child.kill('SIGKILL');
  }
  const t = await bound;
  await new Promise((r) => s.close(r));
  child.kill('SIGKILL');
  return t - released;
}
for (const mode of trials > 0 ? ['close', 'SIGKILL'] : []) {
  const xs = [];
  for (let i = 0; i < trials; i++) xs.push(await reaction(mode));
  console.log(`reaction after owner ${mode === 'close' ? 'closes its listener' : 'gets SIGKILL'} (${trials} trials): median ${fmt(median(xs))} ms, max ${fmt(Math.max(...xs))} ms`);
}
