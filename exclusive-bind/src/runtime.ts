/** Which runtime and OS we are on, and whether they give load-balanced port sharing. */
import os from 'node:os';

export type RuntimeName = 'node' | 'bun' | 'deno';

export interface RuntimeInfo {
  runtime: RuntimeName;
  /** The runtime's own version (Bun's or Deno's, not the Node compat version they report). */
  version: string;
  platform: string;
  /** `os.release()`, e.g. `13.2-RELEASE` on FreeBSD. */
  osRelease: string;
}

export function detectRuntime(): RuntimeInfo {
  const versions = process.versions as Record<string, string | undefined>;
  const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno;
  let runtime: RuntimeName = 'node';
  let version = versions.node ?? '0.0.0';
  if (versions.bun) {
    runtime = 'bun';
    version = versions.bun;
  } else if (deno || versions.deno) {
    runtime = 'deno';
    version = deno?.version?.deno ?? versions.deno ?? '0.0.0';
  }
  return { runtime, version, platform: process.platform, osRelease: osRelease() };
}

function osRelease(): string {
  try {
    return os.release();
  } catch {
    return ''; // Deno without --allow-sys; only FreeBSD's rule looks at it
  }
}

/** One runtime/OS pair where `reusePort: true` gives real load balancing between processes. */
export interface SharingRule {
  runtime: RuntimeName;
  platform: 'linux' | 'freebsd';
  /**
   * Lowest supported version of each release line, ascending. A line newer than the last one listed
   * is supported; an older or unlisted line is not. Empty: every version.
   */
  minVersions: readonly string[];
  /** Lowest OS major release (FreeBSD 12 added SO_REUSEPORT_LB). */
  minOsMajor?: number;
  /** The kernel option that does the balancing. */
  mechanism: 'SO_REUSEPORT' | 'SO_REUSEPORT_LB';
  /** false: the runtime's node:http servers silently ignore reusePort (only node:net servers share). */
  httpServers: boolean;
}

/**
 * The single source of the sharing thresholds (the lint rules compare their own table to this one).
 * Anything not listed falls back: macOS has SO_REUSEPORT without balancing (Node fails with ENOTSUP),
 * Windows has no SO_REUSEPORT, Node < 22.12 and 23.0 ignore the option, Deno's node:net on Windows
 * maps it to SO_REUSEADDR (hijack).
 */
export const SHARING_SUPPORT: readonly SharingRule[] = Object.freeze(
  [
    { runtime: 'node', platform: 'linux', minVersions: ['22.12.0', '23.1.0'], mechanism: 'SO_REUSEPORT', httpServers: true },
    {
      runtime: 'node',
      platform: 'freebsd',
      minVersions: ['22.12.0', '23.1.0'],
      minOsMajor: 12,
      mechanism: 'SO_REUSEPORT_LB',
      httpServers: true,
    },
    // Bun's node:http listen drops reusePort outside node:cluster; node:net honours it.
    { runtime: 'bun', platform: 'linux', minVersions: [], mechanism: 'SO_REUSEPORT', httpServers: false },
    { runtime: 'deno', platform: 'linux', minVersions: [], mechanism: 'SO_REUSEPORT', httpServers: true },
  ].map((rule) => Object.freeze({ ...rule, minVersions: Object.freeze(rule.minVersions) }) as SharingRule),
);

export interface SharingEnvironment extends RuntimeInfo {
  /** `net`: a node:net Server (or subclass); `other`: any other server object (e.g. Bun's node:http). */
  serverKind: 'net' | 'other';
}

export interface SharingVerdict {
  supported: boolean;
  /** Human-readable reason, for errors and logs. */
  reason: string;
  rule: SharingRule | undefined;
}

function parseVersion(v: string): [number, number, number] {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` meets `minVersions` (see SharingRule.minVersions). */
export function meetsMinVersions(version: string, minVersions: readonly string[]): boolean {
  if (minVersions.length === 0) return true;
  const v = parseVersion(version);
  const floors = minVersions.map(parseVersion);
  const sameLine = floors.find((f) => f[0] === v[0]);
  if (sameLine) return compare(v, sameLine) >= 0;
  return v[0] > (floors[floors.length - 1]?.[0] ?? Infinity);
}

/** Full verdict, with the reason. Every field of `env` defaults to the current process. */
export function sharingSupport(env: Partial<SharingEnvironment> = {}): SharingVerdict {
  const e: SharingEnvironment = { ...detectRuntime(), serverKind: 'net', ...env };
  const who = `${e.runtime} ${e.version} on ${e.platform}`;
  const rule = SHARING_SUPPORT.find((r) => r.runtime === e.runtime && r.platform === e.platform);
  if (!rule) {
    return { supported: false, reason: `${who} has no load-balanced SO_REUSEPORT for this runtime`, rule: undefined };
  }
  if (!meetsMinVersions(e.version, rule.minVersions)) {
    const needs = rule.minVersions.map((v, i, all) => (i === all.length - 1 ? `${v} or later` : `${v}+ on ${v.split('.')[0]}.x`));
    return { supported: false, reason: `${who} ignores reusePort (needs ${needs.join(', ')})`, rule };
  }
  if (rule.minOsMajor !== undefined && parseVersion(e.osRelease)[0] < rule.minOsMajor) {
    return { supported: false, reason: `${who} ${e.osRelease} lacks ${rule.mechanism} (needs release ${rule.minOsMajor}+)`, rule };
  }
  if (e.serverKind === 'other' && !rule.httpServers) {
    return { supported: false, reason: `${who}: this server type silently ignores reusePort (only node:net servers share)`, rule };
  }
  return { supported: true, reason: `${who} balances connections with ${rule.mechanism}`, rule };
}

/**
 * Capability check: can several processes share a port here with kernel load balancing?
 * Pure and cheap; pass `{ platform, runtime, version, osRelease, serverKind }` to ask about another environment.
 */
export function canSharePort(env: Partial<SharingEnvironment> = {}): boolean {
  return sharingSupport(env).supported;
}
