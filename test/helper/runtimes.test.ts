// The runtime matrix: the same scenarios, through the built package, as child processes under
// Node 20 (this machine), Node 24, Bun and Deno. Holders use each runtime's plain API.
// Expectations come from the facts sheet (docs/helper/README.md, "Platform notes"), not from output.
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { existsSync } from 'node:fs';
import { DEFAULT_RETRY_MS } from '../../exclusive-bind/src/listen.js';
import { distEntry, firstLine, killAll, runtimeBinary, start, run, type Holder, type RuntimeId } from './support.js';

interface Facts {
  runtime: 'node' | 'bun' | 'deno';
  /** listenShared() on a node:net server balances here (Linux). */
  sharesNet: boolean;
  /** ...and on a node:http server. Bun's node:http ignores reusePort outside cluster. */
  sharesHttp: boolean;
  /** A plain node:http listen({ reusePort: true }) co-binds with a second one. */
  plainHttpReusePortCoBinds: boolean;
  /** The failure names the owner from /proc. Deno guards /proc behind --allow-all, not granted here. */
  ownerLookup: boolean;
}

const MATRIX: Record<RuntimeId, Facts> = {
  node20: { runtime: 'node', sharesNet: false, sharesHttp: false, plainHttpReusePortCoBinds: false, ownerLookup: true }, // < 22.12: ignored
  node24: { runtime: 'node', sharesNet: true, sharesHttp: true, plainHttpReusePortCoBinds: true, ownerLookup: true },
  bun: { runtime: 'bun', sharesNet: true, sharesHttp: false, plainHttpReusePortCoBinds: false, ownerLookup: true },
  deno: { runtime: 'deno', sharesNet: true, sharesHttp: true, plainHttpReusePortCoBinds: true, ownerLookup: false },
};

afterEach(killAll);

/** Fails under CI when the runtime is missing, skips visibly otherwise. */
function needs(id: RuntimeId, ctx: TestContext): void {
  if (!existsSync(distEntry)) throw new Error('exclusive-bind is not built: npm run build -w exclusive-bind');
  if (runtimeBinary(id)) return;
  if (process.env.CI === 'true') throw new Error(`CI: runtime ${id} is missing; run node scripts/install-runtimes.mjs`);
  ctx.skip(`runtime ${id} not installed; run node scripts/install-runtimes.mjs`);
}

async function holdTcp(id: RuntimeId, kind: 'net' | 'http', host: string, port: number, reuse = false) {
  const child = start(id, 'plain.mjs', ['tcp', kind, host, port, reuse ? 1 : 0]);
  return { child, info: await child.next<Holder>() };
}

for (const [id, facts] of Object.entries(MATRIX) as Array<[RuntimeId, Facts]>) {
  describe(`under ${id}`, () => {
    it('detects the runtime', async (ctx) => {
      needs(id, ctx);
      const env = await run<{ runtime: { runtime: string } }>(id, 'helper.mjs', ['env']);
      expect(env.runtime.runtime).toBe(facts.runtime);
    });

    it('a live holder: 100 exclusive attempts all fail with PortInUseError, none co-binds', async (ctx) => {
      needs(id, ctx);
      const { info } = await holdTcp(id, 'net', '127.0.0.1', 0);
      const tally = await run<{ inUse: number; bound: number; other: unknown[]; ownerPids: number[]; noLookup: number; hinted: number }>(
        id, 'helper.mjs', ['stress', '127.0.0.1', info.port, 100, 10], 60_000,
      );
      expect(tally).toMatchObject({ inUse: 100, bound: 0, other: [] });
      if (facts.ownerLookup) {
        expect(tally.ownerPids).toEqual([info.pid]);
      } else {
        // No lookup possible: every message must carry the command that finds the owner instead.
        expect(tally).toMatchObject({ ownerPids: [], noLookup: 100, hinted: 100 });
      }
    });

    if (!facts.ownerLookup) {
      it('with full permissions the owner is named', async (ctx) => {
        needs(id, ctx);
        const { info } = await holdTcp(id, 'net', '127.0.0.1', 0);
        const tally = await run<{ inUse: number; ownerPids: number[] }>(id, 'helper.mjs', ['stress', '127.0.0.1', info.port, 3, 10], 60_000, true);
        expect(tally).toMatchObject({ inUse: 3, ownerPids: [info.pid] });
      });
    }

    for (const signal of ['SIGTERM', 'SIGKILL']) {
      it(`a departing holder (${signal}) is replaced within the default retry window`, async (ctx) => {
        needs(id, ctx);
        const { info } = await holdTcp(id, 'net', '127.0.0.1', 0);
        const r = await run<{ first: string; bound?: number; ms: number; error?: unknown }>(id, 'helper.mjs', ['departing', '127.0.0.1', info.port, info.pid, signal, 'default']);
        expect(r.first).toBe('EADDRINUSE'); // the holder really was live when the helper started
        expect(r).toMatchObject({ bound: info.port });
        expect(r.ms).toBeLessThan(DEFAULT_RETRY_MS);
      });
    }

    it('plain node:http listen({ reusePort: true }) twice: co-binds only where the facts say', async (ctx) => {
      needs(id, ctx);
      const a = await holdTcp(id, 'http', '127.0.0.1', 0, true);
      const b = await holdTcp(id, 'http', '127.0.0.1', a.info.port, true);
      expect(b.info.ready).toBe(facts.plainHttpReusePortCoBinds);
      if (!b.info.ready) expect(b.info.code).toBe('EADDRINUSE');
    });

    for (const kind of ['net', 'http'] as const) {
      const shares = kind === 'net' ? facts.sharesNet : facts.sharesHttp;
      it(`listenShared (${kind}): ${shares ? 'two processes share and both get connections' : 'falls back to exclusive, or fails as chosen'}`, async (ctx) => {
        needs(id, ctx);
        const a = start(id, 'helper.mjs', ['share', kind, '127.0.0.1', 0, 'exclusive']);
        const ra = await a.next<{ ready: boolean; shared: boolean; port: number; pid: number }>();
        expect(ra).toMatchObject({ ready: true, shared: shares });
        const b = start(id, 'helper.mjs', ['share', kind, '127.0.0.1', ra.port, 'exclusive']);
        const rb = await b.next<{ ready: boolean; shared?: boolean; pid?: number; error?: { code: string; name: string } }>();
        if (!shares) {
          expect(rb).toMatchObject({ ready: false, error: { name: 'PortInUseError', code: 'EADDRINUSE' } });
          const strict = await run<{ ready: boolean; error?: { code: string } }>(id, 'helper.mjs', ['share', kind, '127.0.0.1', 0, 'error']);
          expect(strict).toMatchObject({ ready: false, error: { code: 'ERR_SHARING_UNSUPPORTED' } });
          return;
        }
        expect(rb).toMatchObject({ ready: true, shared: true });
        // SO_REUSEPORT hashes each flow; 40 connections from distinct source ports reach both.
        const pids = new Set<string>();
        for (let i = 0; i < 40; i++) {
          if (kind === 'net') {
            const { line, socket } = await firstLine('127.0.0.1', ra.port);
            socket.destroy();
            pids.add(line);
          } else {
            const res = await fetch(`http://127.0.0.1:${ra.port}/`, { headers: { connection: 'close' } });
            pids.add(await res.text());
          }
        }
        expect([...pids].sort()).toEqual([String(ra.pid), String(rb.pid)].sort());
      });
    }

    it('listenShared never joins a holder that did not opt in to sharing', async (ctx) => {
      needs(id, ctx);
      const { info } = await holdTcp(id, 'net', '127.0.0.1', 0);
      const r = await run<{ ready: boolean; error?: { code: string; owners?: Array<{ pid: number }> } }>(id, 'helper.mjs', ['share', 'net', '127.0.0.1', info.port, 'exclusive']);
      expect(r.ready).toBe(false);
      expect(r.error?.code).toBe('EADDRINUSE');
      if (facts.ownerLookup) expect(r.error?.owners?.map((o) => o.pid)).toEqual([info.pid]);
    });

    it('UDP: bindExclusive refuses a second binder and refuses reuseAddr (even the string "false")', async (ctx) => {
      needs(id, ctx);
      const holder = start(id, 'plain.mjs', ['udp', '127.0.0.1', 0]);
      const h = await holder.next<Holder>();
      const r = await run<Record<string, unknown> & { error?: { name: string; code: string; reason: string; owners: Array<{ pid: number }> } }>(
        id, 'helper.mjs', ['udp', '127.0.0.1', h.port],
      );
      expect(r.bound).toBeUndefined();
      expect(r.error).toMatchObject({ name: 'PortInUseError', code: 'EADDRINUSE', reason: 'bound-socket' });
      if (facts.ownerLookup) expect(r.error?.owners.map((o) => o.pid)).toEqual([h.pid]);
      expect(r['reuseAddr=true']).toBe('ERR_REUSEADDR_REFUSED');
      expect(r['reuseAddr=false']).toBe('ERR_REUSEADDR_REFUSED');
    });

    it('multicast: two receivers share a group port on loopback, or the documented join error', async (ctx) => {
      needs(id, ctx);
      const r = await run<{ plainJoin: string; received?: unknown; error?: { code: string }; causeCode?: string }>(id, 'helper.mjs', ['multicast', '239.255.42.99']);
      if (r.plainJoin === 'ok') {
        expect(r.error).toBeUndefined();
        expect(r.received).toEqual(['hello', 'hello']);
      } else {
        // The kernel refuses the join for plain dgram too: the helper must say so, not hang.
        expect(r.error?.code).toBe('ERR_MULTICAST_JOIN');
        expect(r.causeCode).toBe(r.plainJoin);
      }
    });
  });
}
