/**
 * Shadowing check: after listening, connect to the port over loopback and confirm that this server
 * accepts the connection. On macOS/BSD (SO_REUSEADDR) and Windows (default rules) another process can
 * bind a more specific address (127.0.0.1:P) beside a wildcard listener (0.0.0.0:P) and take the local
 * traffic; Linux refuses such a bind, so there the check mostly confirms what the kernel guarantees.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const DEFAULT_SHADOW_TIMEOUT_MS = 250;

export type ProbeOutcome =
  | { kind: 'reached'; address: string }
  | { kind: 'shadowed'; address: string }
  /** Could not connect at all (e.g. no IPv6 loopback): nothing learned about this address. */
  | { kind: 'unreachable'; address: string; code: string | undefined };

export interface ProbeSession {
  /** Feed every connection the server reports while the probe runs; returns true for probe connections. */
  offer(socket: net.Socket): boolean;
  /** True for a connection that belongs to this probe (to drop it instead of handing it to the app). */
  isProbe(socket: net.Socket): boolean;
  result: Promise<ProbeOutcome[]>;
}

const unmap = (a: string | undefined) => (a ?? '').replace(/^::ffff:/, '');

/** Loopback addresses that must reach a server bound to `bound`. */
export function probeTargets(bound: AddressInfo, ipv6Only = false): string[] {
  if (bound.address === '::') return ipv6Only ? ['::1'] : ['127.0.0.1', '::1'];
  if (bound.address === '0.0.0.0') return ['127.0.0.1'];
  return [bound.address];
}

/** Connects to each target on `port`; a target counts as reached once `offer()` sees the matching socket. */
export function startProbe(port: number, targets: readonly string[], timeoutMs = DEFAULT_SHADOW_TIMEOUT_MS): ProbeSession {
  const seen: net.Socket[] = [];
  // Local ends of connected probe clients, kept after the clients are destroyed.
  const probeEnds: Array<{ port: number; address: string }> = [];
  const matchesEnd = (end: { port: number; address: string }, s: net.Socket) =>
    s.remotePort === end.port && unmap(s.remoteAddress) === end.address;
  const checks: Array<() => void> = [];

  const one = (address: string) =>
    new Promise<ProbeOutcome>((resolve) => {
      const client = net.connect({ host: address, port });
      let end: { port: number; address: string } | undefined;
      let settled = false;
      const done = (outcome: ProbeOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        checks.splice(checks.indexOf(check), 1);
        client.destroy();
        resolve(outcome);
      };
      const check = () => {
        if (end && seen.some((s) => matchesEnd(end!, s))) done({ kind: 'reached', address });
      };
      checks.push(check);
      const timer = setTimeout(() => done(end ? { kind: 'shadowed', address } : { kind: 'unreachable', address, code: 'ETIMEDOUT' }), timeoutMs);
      client.on('connect', () => {
        end = { port: client.localPort ?? -1, address: unmap(client.localAddress) };
        probeEnds.push(end);
        check();
      });
      client.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'unreachable', address, code: err.code }));
    });

  return {
    offer(socket) {
      seen.push(socket);
      for (const check of [...checks]) check();
      return this.isProbe(socket);
    },
    isProbe(socket) {
      return probeEnds.some((e) => matchesEnd(e, socket));
    },
    result: Promise.all(targets.map(one)),
  };
}
