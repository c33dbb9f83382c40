// listenExclusive in this process (Node 20) against real holder processes on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { listenExclusive, listenExclusiveAsync, PortInUseError, ShadowCheckUnavailableError } from '../../exclusive-bind/src/index.js';
import { startProbe } from '../../exclusive-bind/src/shadow.js';
import { expectEmitRestored, firstLine, killAll, start, type Holder } from './support.js';

const servers: net.Server[] = [];
const track = <T extends net.Server>(s: T) => (servers.push(s), s);
afterEach(async () => {
  for (const s of servers.splice(0)) if (s.listening) await new Promise((r) => s.close(r));
  await killAll();
});

const holdTcp = async (host: string, port = 0) => start('node20', 'plain.mjs', ['tcp', 'net', host, port, 0]);
// Process-wide count: other timers (the test runner's, a child's I/O) may end meanwhile, so the
// check is "no more than before", i.e. the helper left none of its own behind.
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nothing of the helper left on the server (http.Server keeps one 'listening' listener of its own). */
function expectClean(s: net.Server) {
  const own = s instanceof http.Server ? http.createServer().listenerCount('listening') : 0;
  expectEmitRestored(s);
  expect(s.listenerCount('listening')).toBe(own);
}

describe('listenExclusive (callback form)', () => {
  it('on success: returns what listen returns, calls back once, leaves nothing behind', async () => {
    const s = track(net.createServer());
    let calls = 0;
    const listening: number[] = [];
    s.on('listening', () => listening.push(1));
    const returned = listenExclusive(s, { host: '127.0.0.1', port: 0 }, () => calls++);
    expect(returned).toBe(s);
    await once(s, 'listening');
    await sleep(10);
    expect({ calls, listening: listening.length }).toEqual({ calls: 1, listening: 1 });
    expectEmitRestored(s);
    expect(s.listenerCount('listening')).toBe(1); // only the caller's own listener
  });

  it('a live holder: one PortInUseError naming it, no retried errors leak, no callback, nothing left', async () => {
    const holder = await holdTcp('127.0.0.1');
    const h = await holder.next<Holder>();
    const s = track(net.createServer());
    const errors: unknown[] = [];
    s.on('error', (e) => errors.push(e));
    const before = timers();
    let called = false;
    listenExclusive(s, { host: '127.0.0.1', port: h.port, retryFor: 100 }, () => (called = true));
    await once(s, 'error');
    await sleep(150); // any late retry error would show up here
    expect(errors).toHaveLength(1);
    const err = errors[0] as PortInUseError;
    expect(err).toBeInstanceOf(PortInUseError);
    expect(err).toMatchObject({ code: 'EADDRINUSE', address: '127.0.0.1', port: h.port, reason: 'live-listener' });
    expect(err.attempts).toBeGreaterThan(1);
    expect(err.retriedForMs).toBeGreaterThanOrEqual(100);
    expect(err.owners?.map((o) => o.pid)).toEqual([h.pid]);
    expect(err.message).toContain(`pid ${h.pid}`);
    expect((err.cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    expect(called).toBe(false);
    expect(s.listening).toBe(false);
    expectClean(s);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('returns the server an express-style app creates, and retries on it', async () => {
    const holder = await holdTcp('127.0.0.1');
    const h = await holder.next<Holder>();
    const created: http.Server[] = [];
    const app = { listen: (...args: unknown[]) => { const srv = track(http.createServer()); created.push(srv); return srv.listen(...(args as [net.ListenOptions])); } };
    const srv = listenExclusive(app, { host: '127.0.0.1', port: h.port, retryFor: 2000 });
    expect(srv).toBe(created[0]);
    const bound = once(srv, 'listening');
    await sleep(30);
    holder.send('exit');
    await bound;
    expect(created).toHaveLength(1); // retries re-listen on the same server, no new app.listen()
    expect((srv.address() as net.AddressInfo).port).toBe(h.port);
    expectClean(srv);
  });
});

describe('Linux refuses every overlap of a live TCP listener', () => {
  const overlaps: Array<[string, string]> = [
    ['0.0.0.0', '127.0.0.1'],
    ['127.0.0.1', '0.0.0.0'],
    ['::', '127.0.0.1'],
    ['::1', '::1'],
    ['127.0.0.1', '::'],
  ];
  for (const [held, wanted] of overlaps) {
    it(`holder on ${held}, bind ${wanted} → PortInUseError`, async () => {
      const holder = await holdTcp(held);
      const h = await holder.next<Holder>();
      const err = await listenExclusiveAsync(track(net.createServer()), { host: wanted, port: h.port, retryFor: 20 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as PortInUseError).owners).toEqual([expect.objectContaining({ pid: h.pid, address: held })]);
    });
  }
});

describe('retry rules', () => {
  it('does not retry other errors (EADDRNOTAVAIL on an address this host lacks)', async () => {
    const s = track(net.createServer());
    const t = performance.now();
    const err = (await listenExclusiveAsync(s, { host: '192.0.2.1', port: 0, retryFor: 5000 }).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err).not.toBeInstanceOf(PortInUseError);
    expect(err.code).toBe('EADDRNOTAVAIL');
    expect(performance.now() - t).toBeLessThan(1000);
    expectClean(s);
  });

  it('graceful hand-off: the old process stops listening but keeps serving; the new one binds', async () => {
    const holder = await holdTcp('127.0.0.1');
    const h = await holder.next<Holder>();
    const { line, socket: oldConn } = await firstLine('127.0.0.1', h.port);
    expect(line).toBe(String(h.pid));
    const s = track(net.createServer((c) => c.end('new\n')));
    const bound = listenExclusiveAsync(s, { host: '127.0.0.1', port: h.port, retryFor: 2000 });
    await sleep(20);
    holder.send('close-listener');
    expect(await bound).toMatchObject({ port: h.port });
    oldConn.write('still here\n'); // served by the old process after the hand-off
    const [echo] = await once(oldConn, 'data');
    expect(String(echo)).toBe('still here\n');
    oldConn.destroy();
    expect((await firstLine('127.0.0.1', h.port)).line).toBe('new');
  });
});

describe('AbortSignal', () => {
  it('cancels a pending retry: rejects with the reason, nothing left behind', async () => {
    const holder = await holdTcp('127.0.0.1');
    const h = await holder.next<Holder>();
    const s = track(net.createServer());
    const before = timers();
    const ac = new AbortController();
    const t = performance.now();
    const p = listenExclusiveAsync(s, { host: '127.0.0.1', port: h.port, retryFor: 5000, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - t).toBeLessThan(1000);
    expect(s.listening).toBe(false);
    expectClean(s);
    await sleep(60);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('callback form: abort while retrying emits no error and never calls back', async () => {
    const holder = await holdTcp('127.0.0.1');
    const h = await holder.next<Holder>();
    const s = track(net.createServer());
    const events: string[] = [];
    s.on('error', () => events.push('error'));
    const ac = new AbortController();
    listenExclusive(s, { host: '127.0.0.1', port: h.port, retryFor: 5000, signal: ac.signal }, () => events.push('callback'));
    await sleep(30);
    ac.abort();
    await sleep(100);
    expect(events).toEqual([]);
    expectClean(s);
  });

  it('after listening, abort closes the server (as listen({ signal }) does)', async () => {
    const s = track(net.createServer());
    const ac = new AbortController();
    await listenExclusiveAsync(s, { host: '127.0.0.1', port: 0, signal: ac.signal });
    const closed = once(s, 'close');
    ac.abort();
    await closed;
    expect(s.listening).toBe(false);
  });
});

describe('shadowing check', () => {
  for (const host of ['127.0.0.1', '::', '0.0.0.0']) {
    it(`passes on ${host}, hides its probe connections and then serves normally`, async () => {
      const s = track(net.createServer((c) => c.end('app\n')));
      const seen: net.Socket[] = [];
      s.on('connection', (c) => seen.push(c));
      const addr = (await listenExclusiveAsync(s, { host, port: 0, checkShadowing: true })) as net.AddressInfo;
      expect(seen).toHaveLength(0);
      expectClean(s);
      const { line, socket } = await firstLine('127.0.0.1', addr.port);
      socket.destroy();
      expect(line).toBe('app');
      expect(seen).toHaveLength(1);
    });
  }

  it('reports "shadowed" when the port answers but this server never sees the connection', async () => {
    // Linux forbids a real shadow, so stand in for it: a decoy accepts, our side is never offered it.
    const decoy = track(net.createServer());
    const decoySockets: net.Socket[] = [];
    decoy.on('connection', (c) => decoySockets.push(c));
    await listenExclusiveAsync(decoy, { host: '127.0.0.1', port: 0 });
    const port = (decoy.address() as net.AddressInfo).port;
    expect(await startProbe(port, ['127.0.0.1'], 100).result).toEqual([{ kind: 'shadowed', address: '127.0.0.1' }]);
    // Control: the same probe offered the decoy's sockets counts as reached.
    const probe = startProbe(port, ['127.0.0.1'], 1000);
    decoy.on('connection', (c) => probe.offer(c));
    expect(await probe.result).toEqual([{ kind: 'reached', address: '127.0.0.1' }]);
    for (const c of decoySockets) c.destroy();
  });

  it('refuses to run where it cannot work (IPC paths)', () => {
    expect(() => listenExclusive(net.createServer(), { path: '/tmp/x.sock', checkShadowing: true })).toThrow(ShadowCheckUnavailableError);
  });
});
