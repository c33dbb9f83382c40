// The child side of the report: what reportListening() reads from each kind of server, which
// channel it picks, and the stdout line byte for byte (the documented format).
import { execFile, fork } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningReport, reportChannel, REPORT_ENV } from '../../exclusive-bind/src/index.js';
import { distEntry, fixture } from './support.js';

const saved = process.env[REPORT_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[REPORT_ENV];
  else process.env[REPORT_ENV] = saved;
});

describe('listeningReport()', () => {
  const pid = process.pid;
  it.each([
    ['an address() result', { address: '127.0.0.1', family: 'IPv4', port: 4100 }, { address: '127.0.0.1', port: 4100, family: 'IPv4', pid }],
    ['a server', { address: () => ({ address: '::', family: 'IPv6', port: 4101 }) }, { address: '::', port: 4101, family: 'IPv6', pid }],
    ['an IPC path', '/tmp/app.sock', { address: '/tmp/app.sock', port: 0, family: 'unix', pid }],
    ['a Bun server', { port: 4102, hostname: '127.0.0.1' }, { address: '127.0.0.1', port: 4102, family: 'IPv4', pid }],
    ['a Bun server on [::1]', { port: 4103, hostname: '[::1]' }, { address: '::1', port: 4103, family: 'IPv6', pid }],
    ['a Deno server', { addr: { hostname: '0.0.0.0', port: 4104, transport: 'tcp' } }, { address: '0.0.0.0', port: 4104, family: 'IPv4', pid }],
    ['a Deno unix listener', { addr: { path: '/tmp/deno.sock', transport: 'unix' } }, { address: '/tmp/deno.sock', port: 0, family: 'unix', pid }],
  ])('reads %s', (_, input, expected) => {
    expect(listeningReport(input as never)).toEqual(expected);
  });

  it('refuses a server that does not listen yet', () => {
    expect(() => listeningReport(net.createServer())).toThrow('reportListening(): the server is not listening yet');
  });
});

describe('reportChannel()', () => {
  it('unasked: stdout without a channel, IPC with one', async () => {
    const env = { ...process.env };
    delete env[REPORT_ENV];
    const { stdout } = await promisify(execFile)(process.execPath, [fixture('report-child.mjs'), 'line', '127.0.0.1'], { env, timeout: 20_000 });
    expect(stdout).toMatch(/^@exclusive-bind\/listening \{/);
    const child = fork(fixture('report-child.mjs'), ['line', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let printed = '';
    child.stdout!.on('data', (d: Buffer) => (printed += String(d)));
    const message = await new Promise((resolve) => child.once('message', resolve));
    await new Promise((resolve) => child.once('exit', resolve));
    expect(message).toEqual({ type: 'exclusive-bind:listening', address: '127.0.0.1', port: expect.any(Number), family: 'IPv4', pid: child.pid });
    expect(printed).toBe('');
  });

  it('stdout when asked, even with a channel', () => {
    process.env[REPORT_ENV] = 'stdout';
    expect(reportChannel()).toBe('stdout');
  });

  it('ipc asked for without a channel: listenExclusive() throws before binding', async () => {
    // In a child of its own: a test worker may have an IPC channel.
    const script = `
      import net from 'node:net';
      import { listenExclusive } from ${JSON.stringify(distEntry)};
      const server = net.createServer();
      try { listenExclusive(server, { port: 0, report: true }); console.log('bound'); }
      catch (e) { console.log(JSON.stringify({ message: e.message, listening: server.listening })); }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, [REPORT_ENV]: 'ipc' },
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      message: `${REPORT_ENV}=ipc but this process has no IPC channel: start it with an 'ipc' stdio entry, or set ${REPORT_ENV}=stdout`,
      listening: false,
    });
  });
});

describe('the stdout line', () => {
  it('is the documented prefix and JSON object, one line', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [fixture('report-child.mjs'), 'line', '127.0.0.1'], {
      env: { ...process.env, [REPORT_ENV]: 'stdout' },
      timeout: 20_000,
    });
    const match = /^@exclusive-bind\/listening \{"address":"127\.0\.0\.1","port":(\d+),"family":"IPv4","pid":(\d+)\}\n$/.exec(stdout);
    expect(match, stdout).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(0);
  });

  it('a failed bind: the error line', async () => {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => holder.once('listening', r));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [fixture('report-child.mjs'), 'line', '127.0.0.1', port], {
        env: { ...process.env, [REPORT_ENV]: 'stdout' },
        timeout: 20_000,
      });
      expect(stdout).toMatch(new RegExp(`^@exclusive-bind/error \\{"code":"EADDRINUSE","message":"listen EADDRINUSE 127\\.0\\.0\\.1:${port}: [^\\n]*","pid":\\d+\\}\\n$`));
    } finally {
      holder.close();
    }
  });
});
