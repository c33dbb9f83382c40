#!/usr/bin/env node
/**
 * exclusive-bind run --port 3000 -- node server.js   hold the port, run the app, reload on SIGHUP
 * exclusive-bind reload --pid-file run.pid            ask a running supervisor to reload
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { supervise, type Supervisor } from './supervisor.js';

const USAGE = `Usage:
  exclusive-bind run --port <port> [--host <address>] [--port-env <NAME>] [--grace <ms>] [--ready-timeout <ms>] [--pid-file <file>] -- <command> [args...]
      Binds the port once, exclusively, and runs the app with that socket. The app adopts it with
      listenExclusive(server, { port }). SIGHUP starts the next generation and drains the old one
      once the new one listens; SIGTERM or SIGINT stops everything. --port-env PORT also gives
      each generation the bound port in $PORT (useful with --port 0).
  exclusive-bind reload --pid-file <file>
      Sends SIGHUP to the supervisor whose pid is in <file> (written by run --pid-file).`;

function fail(message: string, code = 2): never {
  process.stderr.write(`exclusive-bind: ${message}\n`);
  process.exit(code);
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`${flag} must be a whole number, got ${value}\n${USAGE}`);
  return n;
}

async function run(argv: string[]): Promise<void> {
  const dashes = argv.indexOf('--');
  if (dashes < 0 || dashes === argv.length - 1) fail(`run needs the app's command after --\n${USAGE}`);
  const { values } = parseArgs({
    args: argv.slice(0, dashes),
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'port-env': { type: 'string' },
      grace: { type: 'string' },
      'ready-timeout': { type: 'string' },
      'pid-file': { type: 'string' },
    },
  });
  const port = number(values.port, '--port');
  if (port === undefined) fail(`run needs --port\n${USAGE}`);
  const pidFile = values['pid-file'];
  // Signals are taken from the start: SIGHUP's default would end the supervisor while the first
  // generation is still starting. A reload asked for then runs once that generation is ready.
  let supervisor: Supervisor | undefined;
  let reloadAsked = false;
  const reload = () => {
    process.stderr.write('exclusive-bind: reload requested (SIGHUP)\n');
    if (!supervisor) return void (reloadAsked = true);
    supervisor.reload().catch(() => undefined); // logged by the supervisor; the old generation keeps serving
  };
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    // Before the first generation is ready, or at a second Ctrl-C: the exit handler kills the generations.
    if (!supervisor || ++signals > 1) process.exit(130);
    process.stderr.write(`exclusive-bind: stop requested (${signal})\n`);
    void supervisor.stop().then(() => {
      if (pidFile) rmSync(pidFile, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGHUP', reload);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    supervisor = await supervise({
      port,
      host: values.host,
      portEnv: values['port-env'],
      graceMs: number(values.grace, '--grace'),
      readyTimeoutMs: number(values['ready-timeout'], '--ready-timeout'),
      command: argv.slice(dashes + 1),
    });
  } catch (error) {
    fail((error as Error).message, 1);
  }
  if (pidFile) {
    // Written whole or not at all: a reload script never reads half a pid.
    writeFileSync(`${pidFile}.tmp`, `${process.pid}\n`);
    renameSync(`${pidFile}.tmp`, pidFile);
  }
  if (reloadAsked) reload();
}

function sendReload(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { 'pid-file': { type: 'string' } } });
  const file = values['pid-file'];
  if (!file) fail(`reload needs --pid-file\n${USAGE}`);
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`, 1);
  }
  if (!Number.isInteger(pid) || pid <= 0) fail(`${file} does not hold a pid`, 1);
  try {
    process.kill(pid, 'SIGHUP');
  } catch (error) {
    fail(`no supervisor with pid ${pid} (from ${file}): ${(error as NodeJS.ErrnoException).code}`, 1);
  }
}

const [sub, ...rest] = process.argv.slice(2);
if (sub === 'run') await run(rest);
else if (sub === 'reload') sendReload(rest);
else if (sub === '--help' || sub === '-h' || sub === 'help') process.stdout.write(`${USAGE}\n`);
else fail(`unknown command ${sub ?? '(none)'}\n${USAGE}`);
