// UDP in this process (Node 20): socket-form refusals, success, abort. Cross-process cases: runtimes.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { bindExclusive, bindMulticast, PortInUseError, ReuseAddrRefusedError, ReusePortRefusedError } from '../../exclusive-bind/src/index.js';
import { expectEmitRestored, killAll, start, type Holder } from './support.js';

const sockets: dgram.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) try { s.close(); } catch { /* already closed */ }
  await killAll();
});

describe('bindExclusive', () => {
  it('refuses a socket created with reuseAddr, before binding it', async () => {
    // eslint-disable-next-line exclusive-bind/no-unicast-reuse-addr -- the misuse under test: it must be refused
    const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    sockets.push(s);
    await expect(bindExclusive(s, { port: 0 })).rejects.toBeInstanceOf(ReuseAddrRefusedError);
    expect(() => s.address()).toThrow(); // still unbound
  });

  it('refuses reusePort in options', async () => {
    await expect(bindExclusive({ type: 'udp4', reusePort: true } as never)).rejects.toBeInstanceOf(ReusePortRefusedError);
  });

  it('binds a given socket, keeps the caller listeners, returns the same socket', async () => {
    const s = dgram.createSocket('udp4');
    sockets.push(s);
    let listening = 0;
    s.on('listening', () => listening++);
    expect(await bindExclusive(s, { address: '127.0.0.1' })).toBe(s);
    expect(listening).toBe(1);
    expectEmitRestored(s);
  });

  it('a holder in another process: PortInUseError, and the given socket gets no error event', async () => {
    const holder = start('node20', 'plain.mjs', ['udp', '127.0.0.1', 0]);
    const h = await holder.next<Holder>();
    const s = dgram.createSocket('udp4');
    sockets.push(s);
    const errors: unknown[] = [];
    s.on('error', (e) => errors.push(e));
    const err = await bindExclusive(s, { address: '127.0.0.1', port: h.port, retryFor: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortInUseError);
    expect(err).toMatchObject({ code: 'EADDRINUSE', protocol: 'udp', port: h.port, owners: [expect.objectContaining({ pid: h.pid })] });
    expect(errors).toEqual([]);
  });

  it('abort cancels the retry', async () => {
    const holder = start('node20', 'plain.mjs', ['udp', '127.0.0.1', 0]);
    const h = await holder.next<Holder>();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const t = performance.now();
    await expect(bindExclusive({ type: 'udp4', address: '127.0.0.1', port: h.port, retryFor: 5000, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('bindMulticast', () => {
  it('refuses reusePort and an empty group list', async () => {
    await expect(bindMulticast({ port: 0, groups: '239.1.2.3', reusePort: true } as never)).rejects.toBeInstanceOf(ReusePortRefusedError);
    await expect(bindMulticast({ port: 0, groups: [] })).rejects.toBeInstanceOf(TypeError);
  });

  it('a group the kernel cannot join closes the socket and says which group', async () => {
    // 127.0.0.1 is unicast, not a group: every kernel refuses the join.
    const err = await bindMulticast({ port: 0, groups: '127.0.0.1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_MULTICAST_JOIN', group: '127.0.0.1' });
    expect((err as Error).cause).toMatchObject({ code: 'EINVAL' });
  });
});
