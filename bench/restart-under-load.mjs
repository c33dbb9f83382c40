#!/usr/bin/env node
// Restarts under load: how many requests each way of restarting a Node HTTP server loses (issue
// 21). Build first (npm run build). Loopback only; bounded in restarts, requests and seconds.
//
// Load: K clients in a closed loop, a new connection per request (http.request, agent: false),
// each request with a timeout. During the load, N restarts with each strategy:
//   a  kill then start: SIGTERM the old process, wait for it to exit, start the new one
//      (plain server.listen);
//   b  start the new process first, SIGTERM the old one 50 ms later (listenExclusive());
//   c  both with reusePort: true, overlapping: start the new one, wait until it listens, then
//      SIGTERM the old one;
//   d  exclusive-bind's hand-off: `exclusive-bind run --port P -- node app P`, whose app is
//      `listenExclusive(server, { port })` and nothing else, reloaded with SIGHUP; the next
//      restart waits for the supervisor's lines: the new generation ready, the old one gone.
//   b-ready (not run unless named) listenExclusive(), but the old process is stopped only once
//      the new one listens: the new one waits out the retry window and fails with PortInUseError.
// Apps (a)–(c): bench/fixtures/restart-app.mjs, which closes its server on SIGTERM and exits when
// closed; (d): bench/fixtures/restart-handoff-app.mjs. A restart whose new process never listens
// is counted as failed; the old one keeps serving when it is still there.
// A request counts as ok on a complete 200 response; p99 is over the ok requests.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const APP = path.join(root, 'bench/fixtures/restart-app.mjs');
const HANDOFF_APP = path.join(root, 'bench/fixtures/restart-handoff-app.mjs');
const CLI = path.join(root, 'exclusive-bind/dist/cli.js');
const HOST = '127.0.0.1';

const USAGE = `Usage: node bench/restart-under-load.mjs [options]
  --restarts N        restarts per strategy (default 20)
  --strategies LIST   comma-separated, from a, b, c, d, b-ready (default a,b,c,d)
  --node PATH|NAME    runtime for the apps and the supervisor: a path, or a name in
                      .cache/runtimes/manifest.json (npm run runtimes), e.g. node24 (default: this node)
  --clients K         concurrent clients, each one request at a time (default 4)
  --interval MS       load between two restarts (default 250)
  --timeout MS        per-request timeout (default 2000)
  --max-seconds S     hard cap per strategy (default 120)
  --max-requests R    cap on requests per strategy (default 200000)
  --json FILE         also write the summary as JSON
  --help`;

const { values } = parseArgs({
  options: {
    restarts: { type: 'string', default: '20' },
    strategies: { type: 'string', default: 'a,b,c,d' },
    node: { type: 'string' },
    clients: { type: 'string', default: '4' },
    interval: { type: 'string', default: '250' },
    timeout: { type: 'string', default: '2000' },
    'max-seconds': { type: 'string', default: '120' },
    'max-requests': { type: 'string', default: '200000' },
    json: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const restarts = Number(values.restarts);
const clients = Number(values.clients);
const interval = Number(values.interval);
const requestTimeout = Number(values.timeout);
const maxSeconds = Number(values['max-seconds']);
const maxRequests = Number(values['max-requests']);
const node = runtimeOf(values.node);
const nodeVersion = execFileSync(node, ['-v'], { encoding: 'utf8' }).trim();

function runtimeOf(value) {
  if (!value) return process.execPath;
  const manifest = path.join(root, '.cache/runtimes/manifest.json');
  const known = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')) : {};
  return known[value]?.bin ?? value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The promise's value, or `fallback` after `ms`. */
const within = (promise, ms, fallback) => Promise.race([promise, sleep(ms).then(() => fallback)]);

// ---------------------------------------------------------------------------------------------
// Processes

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * A child process with its stdout and stderr read line by line: `lines` gets every stdout line,
 * `onStderr` every stderr line; `stderrTail` keeps the last ones for failure notes.
 */
function start(args, { onStderr } = {}) {
  const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const proc = { child, pid: child.pid, stderrTail: [], listeners: [] };
  proc.exited = new Promise((resolve) => child.once('exit', (code, signal) => (children.delete(child), resolve({ code, signal }))));
  readline.createInterface({ input: child.stdout }).on('line', (line) => proc.listeners.forEach((listener) => listener(line)));
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    proc.stderrTail = [...proc.stderrTail.slice(-99), line];
    onStderr?.(line);
  });
  /** The port from the app's `listening <port>` line; null when it exits first. */
  proc.ready = new Promise((resolve) => {
    proc.listeners.push((line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    proc.exited.then(() => resolve(null));
  });
  return proc;
}

/** SIGTERM, then SIGKILL if it has not exited after `grace` ms. */
async function stop(proc, grace = 10_000) {
  if (!proc || !children.has(proc.child)) return;
  proc.child.kill('SIGTERM');
  if ((await within(proc.exited, grace, 'late')) === 'late') {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

/** Why a new process did not listen: its error line, else its exit. */
async function whyNotReady(proc) {
  const exit = await within(proc.exited, 1000, undefined);
  const error = proc.stderrTail.find((line) => /PortInUseError/.test(line)) ?? proc.stderrTail.find((line) => /Error\b|EADDRINUSE/.test(line));
  return error?.trim() ?? (exit ? `exited (code ${exit.code}, signal ${exit.signal})` : 'did not report listening');
}

// ---------------------------------------------------------------------------------------------
// Strategies: begin() starts the first generation and gives its port, restart() gives
// { ok, note? }, end() stops everything.

const READY_TIMEOUT = 15_000;

/** (a), (b), (b-ready), (c): the bench itself starts and stops each generation of restart-app.mjs. */
function appStrategy(mode, restartOnce) {
  let current;
  let port;
  return {
    async begin() {
      current = start([APP, mode, '0']);
      port = await within(current.ready, READY_TIMEOUT, null);
      if (!port) throw new Error(`the first generation did not listen: ${await whyNotReady(current)}`);
      return port;
    },
    async restart() {
      const next = start([APP, mode, String(port)]);
      const outcome = await restartOnce(current, next);
      if (outcome.ok) current = next;
      else if (outcome.oldStopped) current = undefined;
      return outcome;
    },
    async end() {
      await stop(current);
    },
  };
}

/** Waits for the new process to listen; a failure note names why not. */
async function readiness(next) {
  const port = await within(next.ready, READY_TIMEOUT, null);
  return port ? { ok: true } : { ok: false, note: await whyNotReady(next) };
}

const STRATEGIES = {
  a: {
    label: 'kill then start, plain listen()',
    make: killThenStart,
  },
  b: {
    label: 'listenExclusive(), new first, SIGTERM old 50 ms later',
    make: () =>
      appStrategy('exclusive', async (old, next) => {
        await sleep(50);
        const [outcome] = await Promise.all([readiness(next), stop(old)]);
        return { ...outcome, oldStopped: true };
      }),
  },
  'b-ready': {
    label: 'listenExclusive(), new first, SIGTERM old once the new one listens',
    make: () =>
      appStrategy('exclusive', async (old, next) => {
        const outcome = await readiness(next);
        if (outcome.ok) await stop(old);
        return outcome;
      }),
  },
  c: {
    label: 'reusePort: true, new first, SIGTERM old once the new one listens',
    make: () =>
      appStrategy('reuse-port', async (old, next) => {
        const outcome = await readiness(next);
        if (outcome.ok) await stop(old);
        return outcome;
      }),
  },
  d: {
    label: 'exclusive-bind run hand-off, kill -HUP',
    make: handOff,
  },
};

/** (a): the new process starts only once the old one has exited. */
function killThenStart() {
  let current;
  let port;
  return {
    async begin() {
      current = start([APP, 'plain', '0']);
      port = await within(current.ready, READY_TIMEOUT, null);
      if (!port) throw new Error(`the first generation did not listen: ${await whyNotReady(current)}`);
      return port;
    },
    async restart() {
      await stop(current);
      current = start([APP, 'plain', String(port)]);
      return readiness(current);
    },
    async end() {
      await stop(current);
    },
  };
}

const EVENT = /generation (\d+) pid (\d+) (ready|drained|exited|killed|failed)/;
const HOLDS = /supervisor pid (\d+) holds (\S+):(\d+)/;

/**
 * (d): one supervisor for the whole run. Its stderr lines are the only signal used: the bench
 * never polls the port.
 */
function handOff() {
  let supervisor;
  let generation = 0;
  const events = [];
  const waiters = new Set();
  let holds;
  const onStderr = (line) => {
    const held = HOLDS.exec(line);
    if (held) holds = `${held[2]}:${held[3]}`;
    const match = EVENT.exec(line);
    if (!match) return;
    const event = { generation: Number(match[1]), pid: Number(match[2]), what: match[3], line };
    events.push(event);
    for (const waiter of waiters) waiter(event);
  };
  /** The first event (already seen, or to come) that `test` accepts; null after the timeout. */
  const next = (test, ms = READY_TIMEOUT) => {
    const seen = events.find(test);
    if (seen) return Promise.resolve(seen);
    let waiter;
    const found = new Promise((resolve) => {
      waiter = (event) => test(event) && resolve(event);
      waiters.add(waiter);
    });
    return within(found, ms, null).finally(() => waiters.delete(waiter));
  };
  const readyOrFailed = (n) => next((e) => e.generation === n && (e.what === 'ready' || e.what === 'failed'));
  return {
    holds: () => holds,
    readyLines: () => events.filter((e) => e.what === 'ready').map((e) => e.line.replace(/^.*?exclusive-bind: /, '')),
    async begin() {
      if (!fs.existsSync(CLI)) throw new Error(`${path.relative(root, CLI)} is missing: build the helper (npm run build) with the supervisor in it`);
      // The supervisor takes the port as a number and binds it exclusively: a port another
      // process took since it was picked fails loudly (PortInUseError) and is picked again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const port = await pickPort();
        supervisor = start([CLI, 'run', '--port', String(port), '--host', HOST, '--', node, HANDOFF_APP, String(port)], { onStderr });
        const first = await readyOrFailed(1);
        if (first?.what === 'ready') {
          generation = 1;
          return port;
        }
        await stop(supervisor);
        if (!supervisor.stderrTail.some((line) => /PortInUseError|EADDRINUSE/.test(line))) {
          throw new Error(`the supervisor did not start generation 1:\n${supervisor.stderrTail.join('\n')}`);
        }
      }
      throw new Error('three picked ports were taken before the supervisor bound them');
    },
    async restart() {
      const old = generation;
      process.kill(supervisor.pid, 'SIGHUP');
      const ready = await readyOrFailed(old + 1);
      if (!ready) return { ok: false, note: `no ready line for generation ${old + 1}: ${supervisor.stderrTail.at(-1) ?? ''}` };
      generation = old + 1;
      if (ready.what === 'failed') return { ok: false, note: ready.line };
      const gone = await next((e) => e.generation === old && ['drained', 'exited', 'killed'].includes(e.what));
      return gone ? { ok: true } : { ok: true, note: `generation ${old}: no drained/exited line` };
    },
    async end() {
      await stop(supervisor);
    },
  };
}

function pickPort() {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line exclusive-bind/no-port-probe -- the supervisor needs the number up front; begin() picks again if it was taken
    const probe = net.createServer().listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Load

function classify(error) {
  if (error.code === 'BENCH_TIMEOUT') return 'timedOut';
  if (error.code === 'ECONNREFUSED') return 'refused';
  if (error.code === 'ECONNRESET') return 'reset';
  return 'other';
}

/** K clients, one request at a time each, until stop() or a cap. */
function load(port, deadline) {
  const stats = { sent: 0, ok: 0, refused: 0, reset: 0, timedOut: 0, other: 0, otherCodes: {}, latencies: [] };
  let running = true;
  const request = () =>
    new Promise((resolve) => {
      stats.sent++;
      const began = performance.now();
      let settled = false;
      const settle = (kind, code) => {
        if (settled) return;
        settled = true;
        stats[kind]++;
        if (kind === 'ok') stats.latencies.push(performance.now() - began);
        if (kind === 'other') stats.otherCodes[code] = (stats.otherCodes[code] ?? 0) + 1;
        resolve();
      };
      const req = http.request({ host: HOST, port, path: '/', agent: false, timeout: requestTimeout }, (res) => {
        res.resume();
        res.once('end', () => settle(res.statusCode === 200 ? 'ok' : 'other', `HTTP ${res.statusCode}`));
        res.once('error', (error) => settle(classify(error), error.code));
        res.once('close', () => settle(res.complete ? 'ok' : 'reset', 'ECONNRESET'));
      });
      req.once('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'BENCH_TIMEOUT' })));
      req.once('error', (error) => settle(classify(error), error.code ?? error.message));
      req.end();
    });
  const client = async () => {
    while (running && stats.sent < maxRequests && Date.now() < deadline) await request();
  };
  const all = Promise.all(Array.from({ length: clients }, client));
  return {
    stats,
    async stop() {
      running = false;
      await all;
    },
  };
}

function p99(latencies) {
  if (latencies.length === 0) return null;
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
}

// ---------------------------------------------------------------------------------------------
// Run

async function run(name) {
  const strategy = STRATEGIES[name].make();
  const began = Date.now();
  const deadline = began + maxSeconds * 1000;
  const port = await strategy.begin();
  const traffic = load(port, deadline);
  const outcome = { done: 0, failed: 0, notes: [] };
  await sleep(interval);
  for (let i = 0; i < restarts && Date.now() < deadline; i++) {
    const result = await strategy.restart();
    if (result.ok) outcome.done++;
    else outcome.failed++;
    if (result.note && !outcome.notes.includes(result.note)) outcome.notes.push(result.note);
    await sleep(interval);
  }
  await traffic.stop();
  await strategy.end();
  const { stats } = traffic;
  const failed = stats.refused + stats.reset + stats.timedOut + stats.other;
  return {
    strategy: name,
    label: STRATEGIES[name].label,
    restarts: { asked: restarts, done: outcome.done, failed: outcome.failed },
    sent: stats.sent,
    ok: stats.ok,
    failed,
    refused: stats.refused,
    reset: stats.reset,
    timedOut: stats.timedOut,
    other: stats.other,
    otherCodes: stats.otherCodes,
    p99ms: p99(stats.latencies),
    seconds: (Date.now() - began) / 1000,
    cappedAt: Date.now() >= deadline ? 'max-seconds' : stats.sent >= maxRequests ? 'max-requests' : null,
    notes: outcome.notes,
    ...(strategy.readyLines ? { supervisorHolds: strategy.holds(), supervisorReady: strategy.readyLines().slice(0, 2) } : {}),
  };
}

const names = values.strategies.split(',').map((s) => s.trim()).filter(Boolean);
for (const name of names) if (!STRATEGIES[name]) throw new Error(`unknown strategy ${name}; known: ${Object.keys(STRATEGIES).join(', ')}`);

const results = [];
for (const name of names) {
  try {
    results.push(await run(name));
  } catch (error) {
    results.push({ strategy: name, label: STRATEGIES[name].label, error: error.message });
  }
  const last = results.at(-1);
  process.stderr.write(`\n${name}: ${last.error ? `error: ${last.error}` : `${last.sent} sent, ${last.failed} failed, restarts ${last.restarts.done}/${last.restarts.asked}`}\n`);
}

console.log(`Node ${nodeVersion} (${node}), ${restarts} restarts, ${clients} clients, new connection per request, ${interval} ms between restarts, request timeout ${requestTimeout} ms`);
console.log('| strategy | restarts done / failed | sent | ok | failed | refused | reset | timed out | other | p99 ms |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  if (r.error) {
    console.log(`| (${r.strategy}) ${r.label} | error: ${r.error} | | | | | | | | |`);
    continue;
  }
  const other = r.other ? `${r.other} (${Object.entries(r.otherCodes).map(([code, n]) => `${code}: ${n}`).join(', ')})` : '0';
  console.log(
    `| (${r.strategy}) ${r.label} | ${r.restarts.done} / ${r.restarts.failed} | ${r.sent} | ${r.ok} | **${r.failed}** | ${r.refused} | ${r.reset} | ${r.timedOut} | ${other} | ${r.p99ms?.toFixed(1) ?? '-'} |`,
  );
}
for (const r of results) {
  const notes = r.notes ?? [];
  for (const note of notes.slice(0, 2)) console.log(`(${r.strategy}) ${note}`);
  if (notes.length > 2) console.log(`(${r.strategy}) … and ${notes.length - 2} more (--json lists them)`);
}
for (const r of results) for (const line of r.supervisorReady ?? []) console.log(`(${r.strategy}) supervisor: ${line}`);

if (values.json) {
  const summary = { node: nodeVersion, runtime: node, benchNode: process.version, restarts, clients, interval, requestTimeout, strategies: names, results, date: new Date().toISOString() };
  fs.writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
}
