// Pure logic, including what cannot run here (macOS, Windows, FreeBSD): platform and version are injected.
import { describe, expect, it } from 'vitest';
import { PortInUseError, ReusePortRefusedError, SHARING_SUPPORT, canSharePort, ownerHint, sharingSupport } from '../../exclusive-bind/src/index.js';
import { decodeProcAddress, procSockets } from '../../exclusive-bind/src/owner.js';
import { meetsMinVersions } from '../../exclusive-bind/src/runtime.js';
import { listenExclusive } from '../../exclusive-bind/src/listen.js';
import { listenShared } from '../../exclusive-bind/src/shared.js';
import { once } from 'node:events';
import net from 'node:net';

describe('canSharePort / sharingSupport (facts sheet §2–§4)', () => {
  const cases: Array<[string, Parameters<typeof canSharePort>[0], boolean]> = [
    ['Node 20 on Linux ignores reusePort', { runtime: 'node', version: '20.19.0', platform: 'linux' }, false],
    ['Node 22.11 on Linux ignores it', { runtime: 'node', version: '22.11.0', platform: 'linux' }, false],
    ['Node 22.12 on Linux balances', { runtime: 'node', version: '22.12.0', platform: 'linux' }, true],
    ['Node 23.0 ignores it', { runtime: 'node', version: '23.0.0', platform: 'linux' }, false],
    ['Node 23.1 balances', { runtime: 'node', version: '23.1.0', platform: 'linux' }, true],
    ['Node 26 balances', { runtime: 'node', version: '26.4.0', platform: 'linux' }, true],
    ['Node 24 on macOS: ENOTSUP', { runtime: 'node', version: '24.0.0', platform: 'darwin' }, false],
    ['Node 24 on Windows: ENOTSUP', { runtime: 'node', version: '24.0.0', platform: 'win32' }, false],
    ['Node 24 on FreeBSD 13: SO_REUSEPORT_LB', { runtime: 'node', version: '24.0.0', platform: 'freebsd', osRelease: '13.2-RELEASE' }, true],
    ['Node 24 on FreeBSD 11: no LB', { runtime: 'node', version: '24.0.0', platform: 'freebsd', osRelease: '11.4-RELEASE' }, false],
    ['Node 20 on FreeBSD 13 ignores it', { runtime: 'node', version: '20.19.0', platform: 'freebsd', osRelease: '13.2-RELEASE' }, false],
    ['Bun node:net on Linux', { runtime: 'bun', version: '1.2.0', platform: 'linux', serverKind: 'net' }, true],
    ['Bun node:http on Linux ignores it', { runtime: 'bun', version: '1.2.0', platform: 'linux', serverKind: 'other' }, false],
    ['Bun on macOS: no balancing', { runtime: 'bun', version: '1.2.0', platform: 'darwin' }, false],
    ['Deno on Linux', { runtime: 'deno', version: '2.1.0', platform: 'linux' }, true],
    ['Deno on macOS: no balancing', { runtime: 'deno', version: '2.1.0', platform: 'darwin' }, false],
    ['Deno on Windows: SO_REUSEADDR hijack', { runtime: 'deno', version: '2.1.0', platform: 'win32' }, false],
  ];
  for (const [name, env, expected] of cases) {
    it(name, () => {
      expect(canSharePort(env)).toBe(expected);
      const verdict = sharingSupport(env);
      expect(verdict.supported).toBe(expected);
      expect(verdict.reason).toContain(`${env?.runtime} ${env?.version} on ${env?.platform}`);
    });
  }

  it('keeps every threshold in one frozen table', () => {
    expect(Object.isFrozen(SHARING_SUPPORT)).toBe(true);
    expect(SHARING_SUPPORT.every((r) => Object.isFrozen(r) && Object.isFrozen(r.minVersions))).toBe(true);
    expect(SHARING_SUPPORT.map((r) => `${r.runtime}/${r.platform}`).sort()).toEqual(['bun/linux', 'deno/linux', 'node/freebsd', 'node/linux']);
  });

  it('reads version lines: floor per line, newer lines pass, older and unlisted fail', () => {
    const floors = ['22.12.0', '23.1.0'];
    expect([['21.9.9'], ['22.11.9'], ['22.12.0'], ['23.0.5'], ['23.1.0'], ['v25.0.0']].map(([v]) => meetsMinVersions(v!, floors))).toEqual([
      false, false, true, false, true, true,
    ]);
    expect(meetsMinVersions('0.1.0', [])).toBe(true);
  });
});

describe('diagnosis', () => {
  it('names the right command per OS', () => {
    expect(ownerHint(8080, 'tcp', 'darwin')).toBe('lsof -nP -iTCP:8080 -sTCP:LISTEN');
    expect(ownerHint(8080, 'tcp', 'win32')).toBe('netstat -ano | findstr :8080');
    expect(ownerHint(8080, 'tcp', 'freebsd')).toBe('sockstat -46l -p 8080');
    expect(ownerHint(8080, 'tcp', 'linux')).toBe("ss -ltnp 'sport = :8080'");
    expect(ownerHint(5353, 'udp', 'darwin')).toBe('lsof -nP -iUDP:5353');
  });

  it('decodes /proc/net addresses (little-endian words)', () => {
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000')).toBe('0.0.0.0');
    expect(decodeProcAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
  });

  it('keeps TCP listeners only, matches the port, and reports unreadable tables as no lookup', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0',
      '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 20 4 30 10 -1',
      '   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1 0 100 0 0 10 0',
    ].join('\n');
    const reader = (f: string) => {
      if (f === '/proc/net/tcp') return tcp;
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect([...(procSockets(8080, 'tcp', reader) ?? [])]).toEqual([['111', '127.0.0.1']]);
    expect(procSockets(8080, 'tcp', () => { throw new Error('EACCES'); })).toBeUndefined();
  });

  it('PortInUseError keeps EADDRINUSE and explains owner, invisibility or the command', () => {
    const base = { protocol: 'tcp' as const, address: '::1', port: 4000, attempts: 7, retriedForMs: 250, hint: 'lsof -nP -iTCP:4000 -sTCP:LISTEN', cause: undefined };
    const named = new PortInUseError({ ...base, owners: [{ pid: 42, command: 'node server.js', address: '::1' }] });
    expect(named).toBeInstanceOf(Error);
    expect(named).toMatchObject({ name: 'PortInUseError', code: 'EADDRINUSE', reason: 'live-listener', syscall: 'listen', port: 4000 });
    expect(named.message).toContain('[::1]:4000');
    expect(named.message).toContain('another live listener');
    expect(named.message).toContain('pid 42 (node server.js)');
    expect(new PortInUseError({ ...base, owners: [] }).message).toContain(`not visible to this user; as root run: ${base.hint}`);
    expect(new PortInUseError({ ...base, owners: undefined }).message).toContain(`find the owner with: ${base.hint}`);
  });
});

describe('option validation', () => {
  // Node honours only `=== true` for net, dgram any truthy value: any value but false/undefined signals intent to share.
  for (const value of [true, 1, 'yes', 'false']) {
    it(`refuses reusePort: ${JSON.stringify(value)} before touching the server`, () => {
      const s = net.createServer();
      expect(() => listenExclusive(s, { port: 0, reusePort: value as boolean })).toThrow(ReusePortRefusedError);
      expect(s.listening).toBe(false);
    });
  }

  it('rejects options that are neither an object nor a port number', () => {
    for (const options of [undefined, null, '8080']) {
      expect(() => listenExclusive(net.createServer(), options as unknown as number)).toThrow(
        new TypeError(`listenExclusive(): options must be an object or a port number, got ${String(options)}`),
      );
    }
  });

  it("leaves the caller's options object as it was", async () => {
    const options = { host: '127.0.0.1', port: 0, reusePort: false, retryFor: 10, checkShadowing: false };
    const before = structuredClone(options);
    const s = net.createServer();
    listenExclusive(s, options);
    await once(s, 'listening');
    await new Promise((resolve) => s.close(resolve));
    expect(options).toEqual(before);
  });

  it("listenShared's exclusive fallback drops a reusePort the caller passed instead of refusing it", async () => {
    const s = net.createServer();
    const unsupported = { runtime: 'node', version: '20.19.0', platform: 'darwin' } as const;
    const result = await listenShared(s, { host: '127.0.0.1', port: 0, reusePort: true }, { fallback: 'exclusive', env: unsupported });
    await new Promise((resolve) => s.close(resolve));
    expect(result.shared).toBe(false);
  });

  it('rejects a nonsensical retry window', () => {
    expect(() => listenExclusive(net.createServer(), { port: 0, retryFor: -1 })).toThrow(RangeError);
    expect(() => listenExclusive(net.createServer(), { port: 0, retryFor: Number.NaN })).toThrow(RangeError);
  });
});
