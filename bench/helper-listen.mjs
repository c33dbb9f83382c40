#!/usr/bin/env node
// Benchmark of the exclusive-bind helper (build it first: npm run build -w exclusive-bind).
//  1. Cost: listen+close through listenExclusiveAsync vs plain server.listen, interleaved rounds in
//     one run, reported as a ratio (machine noise hits both sides alike).
//  2. Reaction: how soon the helper binds after a departing owner closes its listener (graceful
//     close and SIGKILL), measured on one clock shared by both processes (epoch + hi-res).
// Usage: node bench/helper-listen.mjs [rounds=21] [listensPerRound=1000] [reactionTrials=20]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import readline from 'node:readline';
import { listenExclusiveAsync } from 'exclusive-bind';

const [rounds = 21, perRound = 1000, trials = 20] = process.argv.slice(2).map(Number);
const now = () => performance.timeOrigin + performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => x.toFixed(3);

async function plainOnce() {
  const s = net.createServer();
  s.listen({ host: '127.0.0.1', port: 0 });
  await once(s, 'listening');
  await new Promise((r) => s.close(r));
}
async function helperOnce() {
  const s = net.createServer();
  await listenExclusiveAsync(s, { host: '127.0.0.1', port: 0 });
  await new Promise((r) => s.close(r));
}
async function timeBatch(fn) {
  const t = performance.now();
  for (let i = 0; i < perRound; i++) await fn();
  return (performance.now() - t) / perRound;
}

// 1. cost
// warm-up
for (let i = 0; i < 20; i++) {
  await plainOnce();
  await helperOnce();
}
const ratios = [];
const plainMs = [];
const helperMs = [];
for (let r = 0; r < rounds; r++) {
  // Alternate which side goes first so drift within a round does not favour one.
  const [a, b] = r % 2 ? [await timeBatch(helperOnce), await timeBatch(plainOnce)].reverse() : [await timeBatch(plainOnce), await timeBatch(helperOnce)];
  plainMs.push(a);
  helperMs.push(b);
  ratios.push(b / a);
}
console.log(`listen+close, ${rounds} interleaved rounds x ${perRound}:`);
console.log(`  plain server.listen   median ${fmt(median(plainMs))} ms/op`);
console.log(`  listenExclusiveAsync  median ${fmt(median(helperMs))} ms/op`);
console.log(`  ratio of medians      ${fmt(median(helperMs) / median(plainMs))}`);
console.log(`  ratio helper/plain    median ${fmt(median(ratios))}  (min ${fmt(Math.min(...ratios))}, max ${fmt(Math.max(...ratios))})`);

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
for (const mode of ['close', 'SIGKILL']) {
  const xs = [];
  for (let i = 0; i < trials; i++) xs.push(await reaction(mode));
  console.log(`reaction after owner ${mode === 'close' ? 'closes its listener' : 'gets SIGKILL'} (${trials} trials): median ${fmt(median(xs))} ms, max ${fmt(Math.max(...xs))} ms`);
}
