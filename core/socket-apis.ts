/**
 * The one table of "which runtime API binds a port, which options it takes, and what each option
 * does per platform and version". Rules build their messages from it, the codemods decide from it
 * and the platform matrix in the docs is generated from it. Every row cites its evidence, as in
 * ../shared/platform-facts.md: `run` = observed on Linux with strace / two real processes,
 * `src` = read in the runtime's source, `doc` = vendor documentation, `report` = a public issue,
 * `inferred` = not in the fact sheet; follows from the socket layer the API shares with a row
 * that is (the docs say so).
 */

export const PLATFORMS = ['linux', 'darwin', 'freebsd', 'win32'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_NAMES: Record<Platform, string> = {
  linux: 'Linux',
  darwin: 'macOS',
  freebsd: 'FreeBSD',
  win32: 'Windows',
};

export type Runtime = 'node' | 'bun' | 'deno' | 'uws';
export type Evidence = 'run' | 'src' | 'doc' | 'report' | 'inferred';

/** What an option (or its absence) does on one platform. */
export interface Effect {
  /** Short phrase used in lint messages: "<platforms>: <phrase>". */
  readonly phrase: string;
  /** The socket options the runtime really sets, for the docs matrix. */
  readonly sockopts: string;
  /** Whether a second process can end up on the same live port (the harm this project is about). */
  readonly sharesLivePort: boolean;
  readonly evidence: readonly Evidence[];
}

/** How the runtime reads the option's value. */
export type ValueCheck =
  /** Applied only when the value is exactly `true`; anything else is silently ignored. */
  | 'strict-true'
  /** Applied when the value is truthy, so the string 'false' turns it on. */
  | 'truthy'
  /** Not known from the fact sheet: value rules stay quiet. */
  | 'unknown';

export interface VersionGate {
  /** semver range of runtime versions that honour the option. */
  readonly supported: string;
  /** What older versions do with it, when it is not an error. */
  readonly unsupported: Effect;
}

export interface OptionFacts {
  readonly valueCheck: ValueCheck;
  readonly effects: Readonly<Record<Platform, Effect>>;
  readonly since?: VersionGate;
  /** Extra one-line fact that belongs in the message (e.g. Deno's --unstable-net). */
  readonly note?: string;
}

export type OptionName = 'reusePort' | 'reuseAddr' | 'reuseAddress' | 'exclusive' | 'ipv6Only';

export type SocketApiId =
  | 'node:server.listen'
  | 'node:net.BoundSocket'
  | 'node:dgram.createSocket'
  | 'bun:serve'
  | 'bun:listen'
  | 'deno:listen'
  | 'deno:listenTls'
  | 'deno:serve'
  | 'deno:listenDatagram'
  | 'uws:listen';

export interface SocketApi {
  readonly id: SocketApiId;
  readonly runtime: Runtime;
  /** How messages and docs name the call. */
  readonly display: string;
  readonly protocol: 'tcp' | 'udp';
  /** What the API does when no reuse option is given. */
  readonly defaults: Readonly<Record<Platform, Effect>>;
  readonly options: Readonly<Partial<Record<OptionName, OptionFacts>>>;
}

const run: readonly Evidence[] = ['run'];
const src: readonly Evidence[] = ['src'];

function effect(
  phrase: string,
  sockopts: string,
  sharesLivePort: boolean,
  evidence: readonly Evidence[],
): Effect {
  return { phrase, sockopts, sharesLivePort, evidence };
}

const CO_BIND = 'a second instance co-binds the live port and silently takes a share of its traffic';
const NODE_REUSE_PORT_SINCE = '>=22.12.0 <23.0.0 || >=23.1.0';

const ignored = (evidence: readonly Evidence[]) => effect('ignored', 'none', false, evidence);

/** Whether an option does nothing at all where this effect applies (Deno's reusePort off Linux). */
export function isIgnored(e: Effect): boolean {
  return e.phrase === 'ignored' || e.sockopts === 'n/a';
}

const nodeListenDefaults: Record<Platform, Effect> = {
  linux: effect('exclusive', 'SO_REUSEADDR', false, run),
  darwin: effect(
    'a more specific address can bind beside a wildcard listener',
    'SO_REUSEADDR',
    false,
    ['src', 'report'],
  ),
  freebsd: effect(
    'a more specific address can bind beside a wildcard listener',
    'SO_REUSEADDR',
    false,
    src,
  ),
  win32: effect('a specific address can bind beside a wildcard listener', 'none', false, src),
};

const nodeReusePort: OptionFacts = {
  valueCheck: 'strict-true',
  since: { supported: NODE_REUSE_PORT_SINCE, unsupported: ignored(run) },
  effects: {
    linux: effect(CO_BIND, 'SO_REUSEADDR + SO_REUSEPORT', true, run),
    darwin: effect('fails with listen ENOTSUP', 'none (error)', false, ['src', 'report']),
    freebsd: effect(CO_BIND, 'SO_REUSEADDR + SO_REUSEPORT_LB', true, src),
    win32: effect('fails with listen ENOTSUP', 'none (error)', false, src),
  },
};

/** `elsewhere`: evidence added to the macOS and Windows rows (Bun.listen's follow from Bun.serve's source). */
const bunReusePort = (evidence: readonly Evidence[], elsewhere: readonly Evidence[] = []): OptionFacts => ({
  valueCheck: 'unknown',
  effects: {
    linux: effect(CO_BIND, 'SO_REUSEADDR + SO_REUSEPORT', true, evidence),
    darwin: effect(
      'a second instance co-binds the live port (last bind wins)',
      'SO_REUSEADDR + SO_REUSEPORT',
      true,
      ['src', ...elsewhere],
    ),
    freebsd: effect('Bun does not run on FreeBSD', 'n/a', false, ['doc']),
    win32: effect(
      'Bun sets SO_REUSEADDR, which lets another process take over the port',
      'SO_REUSEADDR',
      true,
      ['src', ...elsewhere],
    ),
  },
});

const denoReusePort: OptionFacts = {
  valueCheck: 'unknown',
  note: 'the process exits unless run with --unstable-net',
  effects: {
    linux: effect(CO_BIND, 'SO_REUSEADDR + SO_REUSEPORT', true, run),
    darwin: effect('ignored', 'SO_REUSEADDR', false, ['src', 'doc']),
    freebsd: effect('ignored', 'SO_REUSEADDR', false, ['src', 'doc']),
    win32: effect('ignored', 'none', false, ['src', 'doc']),
  },
};

const denoDefaults: Record<Platform, Effect> = {
  linux: effect('exclusive', 'SO_REUSEADDR', false, run),
  darwin: effect('exclusive', 'SO_REUSEADDR', false, src),
  freebsd: effect('exclusive', 'SO_REUSEADDR', false, src),
  win32: effect('a specific address can bind beside a wildcard listener', 'none', false, src),
};

const bunDefaults: Record<Platform, Effect> = {
  linux: effect('exclusive', 'SO_REUSEADDR', false, run),
  darwin: effect('exclusive', 'SO_REUSEADDR', false, src),
  freebsd: effect('Bun does not run on FreeBSD', 'n/a', false, ['doc']),
  win32: effect('exclusive', 'SO_EXCLUSIVEADDRUSE', false, src),
};

/** Node's `listen` reads `exclusive` and `ipv6Only` by truthiness. */
const nodeTruthyFlag: OptionFacts = {
  valueCheck: 'truthy',
  effects: {
    linux: effect('no reuse effect', 'none', false, src),
    darwin: effect('no reuse effect', 'none', false, src),
    freebsd: effect('no reuse effect', 'none', false, src),
    win32: effect('no reuse effect', 'none', false, src),
  },
};

/**
 * Node's `listen({ exclusive })`: no socket option at all; it only decides whether a `node:cluster`
 * worker shares the primary's handle (facts §2). It does not keep other processes off the port.
 */
const NODE_EXCLUSIVE_PHRASE =
  "sets no socket option and does not keep other processes off the port; it only stops a node:cluster worker from sharing the primary's handle";
const nodeExclusive: OptionFacts = {
  valueCheck: 'truthy',
  effects: {
    linux: effect(NODE_EXCLUSIVE_PHRASE, 'none', false, ['src', 'run']),
    darwin: effect(NODE_EXCLUSIVE_PHRASE, 'none', false, src),
    freebsd: effect(NODE_EXCLUSIVE_PHRASE, 'none', false, src),
    win32: effect(NODE_EXCLUSIVE_PHRASE, 'none', false, src),
  },
};

export const SOCKET_APIS: Readonly<Record<SocketApiId, SocketApi>> = {
  'node:server.listen': {
    id: 'node:server.listen',
    runtime: 'node',
    display: 'server.listen()',
    protocol: 'tcp',
    defaults: nodeListenDefaults,
    options: { reusePort: nodeReusePort, exclusive: nodeExclusive, ipv6Only: nodeTruthyFlag },
  },
  'node:net.BoundSocket': {
    id: 'node:net.BoundSocket',
    runtime: 'node',
    display: 'new net.BoundSocket()',
    protocol: 'tcp',
    defaults: nodeListenDefaults,
    options: {
      reusePort: {
        valueCheck: 'unknown',
        since: { supported: '>=24.19.0 <25.0.0 || >=26.4.0', unsupported: ignored(['inferred']) },
        effects: {
          linux: effect(CO_BIND, 'SO_REUSEADDR + SO_REUSEPORT', true, run),
          darwin: effect('throws ENOTSUP', 'none (error)', false, src),
          freebsd: effect(CO_BIND, 'SO_REUSEADDR + SO_REUSEPORT_LB', true, ['inferred']),
          win32: effect('throws ENOTSUP', 'none (error)', false, src),
        },
      },
    },
  },
  'node:dgram.createSocket': {
    id: 'node:dgram.createSocket',
    runtime: 'node',
    display: 'dgram.createSocket()',
    protocol: 'udp',
    defaults: {
      linux: effect('exclusive', 'none', false, run),
      darwin: effect('exclusive', 'none', false, src),
      freebsd: effect('exclusive', 'none', false, src),
      win32: effect('exclusive', 'none', false, src),
    },
    options: {
      reuseAddr: {
        valueCheck: 'truthy',
        effects: {
          linux: effect(
            'the last process to bind takes every unicast datagram',
            'SO_REUSEADDR',
            true,
            run,
          ),
          darwin: effect(
            'a second process co-binds the port (libuv sets SO_REUSEPORT)',
            'SO_REUSEPORT',
            true,
            src,
          ),
          freebsd: effect(
            'a second process co-binds the port (libuv sets SO_REUSEPORT)',
            'SO_REUSEPORT',
            true,
            src,
          ),
          win32: effect(
            'the last process to bind takes every unicast datagram',
            'SO_REUSEADDR',
            true,
            src,
          ),
        },
      },
      reusePort: {
        valueCheck: 'truthy',
        since: { supported: NODE_REUSE_PORT_SINCE, unsupported: ignored(run) },
        effects: {
          linux: effect(
            'a second instance co-binds the port and takes a share of the datagrams',
            'SO_REUSEPORT',
            true,
            run,
          ),
          darwin: effect('fails with ENOTSUP', 'none (error)', false, src),
          freebsd: effect(
            'a second instance co-binds the port and takes a share of the datagrams',
            'SO_REUSEPORT_LB',
            true,
            src,
          ),
          win32: effect('fails with ENOTSUP', 'none (error)', false, src),
        },
      },
    },
  },
  'bun:serve': {
    id: 'bun:serve',
    runtime: 'bun',
    display: 'Bun.serve()',
    protocol: 'tcp',
    defaults: bunDefaults,
    options: { reusePort: bunReusePort(run) },
  },
  'bun:listen': {
    id: 'bun:listen',
    runtime: 'bun',
    display: 'Bun.listen()',
    protocol: 'tcp',
    defaults: bunDefaults,
    options: {
      reusePort: bunReusePort(run, ['inferred']),
      exclusive: {
        valueCheck: 'unknown',
        effects: {
          // Observed with Bun 1.4.5: `exclusive: true` wins over `reusePort: true` (no SO_REUSEPORT).
          linux: effect('keeps the port exclusive, even beside reusePort: true', 'SO_REUSEADDR', false, run),
          // Same POSIX code path in Bun's uSockets as on Linux.
          darwin: effect('keeps the port exclusive, even beside reusePort: true', 'SO_REUSEADDR', false, ['inferred']),
          freebsd: effect('Bun does not run on FreeBSD', 'n/a', false, ['doc']),
          win32: effect('keeps every other socket off the port', 'SO_EXCLUSIVEADDRUSE', false, src),
        },
      },
    },
  },
  'deno:listen': {
    id: 'deno:listen',
    runtime: 'deno',
    display: 'Deno.listen()',
    protocol: 'tcp',
    defaults: denoDefaults,
    options: { reusePort: denoReusePort },
  },
  'deno:listenTls': {
    id: 'deno:listenTls',
    runtime: 'deno',
    display: 'Deno.listenTls()',
    protocol: 'tcp',
    defaults: denoDefaults,
    options: { reusePort: denoReusePort },
  },
  'deno:serve': {
    id: 'deno:serve',
    runtime: 'deno',
    display: 'Deno.serve()',
    protocol: 'tcp',
    defaults: denoDefaults,
    options: { reusePort: denoReusePort },
  },
  'deno:listenDatagram': {
    id: 'deno:listenDatagram',
    runtime: 'deno',
    display: 'Deno.listenDatagram()',
    protocol: 'udp',
    // Observed with Deno 2.9.6: no reuse option at all (only SO_BROADCAST), unlike Deno's TCP listeners.
    defaults: {
      linux: effect('exclusive', 'none', false, run),
      darwin: effect('exclusive', 'none', false, ['inferred']),
      freebsd: effect('exclusive', 'none', false, ['inferred']),
      win32: effect('a specific address can bind beside a wildcard listener', 'none', false, src),
    },
    options: {
      reuseAddress: {
        valueCheck: 'unknown',
        effects: {
          linux: effect(
            'the last process to bind takes every unicast datagram',
            'SO_REUSEADDR',
            true,
            run,
          ),
          darwin: effect('a second process co-binds the port', 'SO_REUSEPORT', true, src),
          freebsd: effect('a second process co-binds the port', 'SO_REUSEPORT', true, src),
          win32: effect(
            'the last process to bind takes every unicast datagram',
            'SO_REUSEADDR',
            true,
            src,
          ),
        },
      },
    },
  },
  'uws:listen': {
    id: 'uws:listen',
    runtime: 'uws',
    display: 'uWebSockets.js listen()',
    protocol: 'tcp',
    // uSockets turns port sharing on by itself for any non-zero port.
    defaults: {
      linux: effect(CO_BIND, 'SO_REUSEPORT + SO_REUSEADDR', true, src),
      darwin: effect(
        'a second instance co-binds the live port (last bind wins)',
        'SO_REUSEPORT + SO_REUSEADDR',
        true,
        src,
      ),
      freebsd: effect(CO_BIND, 'SO_REUSEPORT + SO_REUSEADDR', true, src),
      win32: effect(
        'uSockets sets SO_REUSEADDR, which lets another process take over the port',
        'SO_REUSEADDR',
        true,
        src,
      ),
    },
    options: {},
  },
};

/**
 * Port sharing that Bun.serve turns on by itself when a `development` key is present and falsy
 * (facts §3: implicit SO_REUSEPORT). Same effects as an explicit `reusePort: true`.
 */
export const BUN_SERVE_IMPLICIT_REUSE_PORT = SOCKET_APIS['bun:serve'].options.reusePort!;

/** uWebSockets.js listen option that turns the implicit sharing off (facts §5). */
export const UWS_EXCLUSIVE_FLAG = 'LIBUS_LISTEN_EXCLUSIVE_PORT';
export const UWS_EXCLUSIVE_EFFECTS: Readonly<Record<Platform, Effect>> = {
  linux: effect('exclusive', 'SO_REUSEADDR', false, src),
  darwin: effect('exclusive', 'SO_REUSEADDR', false, src),
  freebsd: effect('exclusive', 'SO_REUSEADDR', false, src),
  win32: effect('exclusive', 'SO_EXCLUSIVEADDRUSE', false, src),
};

/** Platforms on which SO_REUSEPORT load-balances between processes (a capability guard's target). */
export const LOAD_BALANCING_PLATFORMS: readonly Platform[] = ['linux', 'freebsd'];

// ---------------------------------------------------------------------------------------------
// Raw setsockopt through FFI or native packages (facts §6).

/** ABIs whose socket constants differ. `linux-legacy` = Linux on mips, sparc, alpha and parisc. */
export const SOCKOPT_ABIS = ['linux', 'linux-legacy', 'darwin', 'freebsd', 'win32'] as const;
export type SockoptAbi = (typeof SOCKOPT_ABIS)[number];

export const SOCKOPT_ABI_NAMES: Record<SockoptAbi, string> = {
  linux: 'Linux',
  'linux-legacy': 'Linux mips/sparc/alpha/parisc',
  darwin: 'macOS',
  freebsd: 'FreeBSD',
  win32: 'Windows',
};

/** The platform a `process.platform` guard names for each ABI. */
export const SOCKOPT_ABI_PLATFORM: Record<SockoptAbi, Platform> = {
  linux: 'linux',
  'linux-legacy': 'linux',
  darwin: 'darwin',
  freebsd: 'freebsd',
  win32: 'win32',
};

export type SockoptName = 'SOL_SOCKET' | 'SO_REUSEADDR' | 'SO_REUSEPORT' | 'SO_REUSEPORT_LB' | 'SO_EXCLUSIVEADDRUSE';

/** Values per ABI; absent = the constant does not exist there. */
export const SOCKOPT_CONSTANTS: Readonly<Record<SockoptName, Readonly<Partial<Record<SockoptAbi, number>>>>> = {
  SOL_SOCKET: { linux: 1, 'linux-legacy': 0xffff, darwin: 0xffff, freebsd: 0xffff, win32: 0xffff },
  SO_REUSEADDR: { linux: 2, 'linux-legacy': 4, darwin: 4, freebsd: 4, win32: 4 },
  SO_REUSEPORT: { linux: 15, 'linux-legacy': 0x200, darwin: 0x200, freebsd: 0x200 },
  SO_REUSEPORT_LB: { freebsd: 0x10000 },
  // Winsock defines it as ~SO_REUSEADDR.
  SO_EXCLUSIVEADDRUSE: { win32: -5 },
};

/** The options that let another socket onto the port (what no-raw-reuse-sockopt is about). */
export const REUSE_SOCKOPTS: readonly SockoptName[] = ['SO_REUSEADDR', 'SO_REUSEPORT', 'SO_REUSEPORT_LB'];

/** Where a constant's numeric value means that constant: the ABIs that define it so. */
export function abisWithValue(name: SockoptName, value: number): SockoptAbi[] {
  return SOCKOPT_ABIS.filter((abi) => SOCKOPT_CONSTANTS[name][abi] === value);
}

/**
 * What a `setsockopt(fd, level, optname)` pair of numbers means: the reuse option (or
 * SO_EXCLUSIVEADDRUSE) and the ABIs on which it means that. Undefined for anything else
 * (keep-alive, TOS, SO_BINDTODEVICE…).
 */
export function sockoptOfNumbers(level: number, optname: number): { name: SockoptName; abis: SockoptAbi[] } | undefined {
  for (const name of [...REUSE_SOCKOPTS, 'SO_EXCLUSIVEADDRUSE'] as const) {
    const abis = abisWithValue(name, optname).filter((abi) => SOCKOPT_CONSTANTS.SOL_SOCKET[abi] === level);
    if (abis.length > 0) return { name, abis };
  }
  return undefined;
}

/** Hex for the BSD-style values, decimal otherwise: the way headers write them. */
export function formatSockoptValue(value: number): string {
  return value >= 0x100 ? `0x${value.toString(16)}` : String(value);
}

/** Packages and runtime modules through which JS code reaches the C `setsockopt`. */
export const FFI_MODULES: readonly string[] = ['koffi', 'ffi-napi', '@napi-ffi/ffi-napi', 'ffi', 'ffi-rs', 'bun:ffi', 'sockopt'];
/** node-unix-socket: returns a socket with SO_REUSEADDR + SO_REUSEPORT set (facts §6). */
export const REUSEPORT_FD_FACTORY = { module: 'node-unix-socket', name: 'createReuseportFd' } as const;

/**
 * What a raw reuse option does once set before bind, per platform (facts §1). Messages about
 * setsockopt through FFI describe these rows.
 */
export const RAW_SOCKOPT_EFFECTS: Readonly<Record<'SO_REUSEADDR' | 'SO_REUSEPORT' | 'SO_REUSEPORT_LB', Readonly<Record<Platform, Effect>>>> = {
  SO_REUSEADDR: {
    linux: effect('only rebinds over TIME_WAIT leftovers, never beside a live TCP listener; UDP: the last binder takes all unicast', 'SO_REUSEADDR', false, run),
    darwin: effect('a specific address can bind beside a wildcard listener', 'SO_REUSEADDR', false, ['doc']),
    freebsd: effect('a specific address can bind beside a wildcard listener', 'SO_REUSEADDR', false, ['doc']),
    win32: effect('another process can forcibly bind the port while it is in use', 'SO_REUSEADDR', true, ['doc']),
  },
  SO_REUSEPORT: {
    linux: effect(CO_BIND, 'SO_REUSEPORT', true, run),
    darwin: effect('a second instance co-binds the live port (last bind wins)', 'SO_REUSEPORT', true, ['doc']),
    freebsd: effect('a second instance co-binds the live port without load balancing (that needs SO_REUSEPORT_LB)', 'SO_REUSEPORT', true, ['doc']),
    win32: effect('the option does not exist and setsockopt fails', 'none (error)', false, ['doc']),
  },
  SO_REUSEPORT_LB: {
    linux: effect('the option does not exist and setsockopt fails', 'none (error)', false, ['doc']),
    darwin: effect('the option does not exist and setsockopt fails', 'none (error)', false, ['doc']),
    freebsd: effect(CO_BIND, 'SO_REUSEPORT_LB', true, ['doc']),
    win32: effect('the option does not exist and setsockopt fails', 'none (error)', false, ['doc']),
  },
};

/**
 * Where the `src` (and `doc`) rows come from, per runtime: the files read for the fact sheet
 * (../shared/platform-facts.md, checked 2026-12-06 against each project's main branch). The docs
 * name them beside every cell that is not observed.
 */
export const EVIDENCE_SOURCES: Readonly<Record<Runtime, string>> = {
  node: 'nodejs/node lib/net.js, lib/dgram.js, deps/uv/src/unix/tcp.c, deps/uv/src/unix/udp.c, deps/uv/src/win/tcp.c, deps/uv/src/win/udp.c',
  bun: 'oven-sh/bun src/bun.js/api/server/ServerConfig.zig, packages/bun-usockets/src/bsd.c; bun.sh docs for platforms',
  deno: 'denoland/deno ext/net/ops.rs, ext/net/ops_tls.rs, ext/net/01_net.js; the Deno API docs',
  uws: 'uNetworking/uSockets src/bsd.c (uWebSockets.js is published on GitHub, not on the npm registry, so it is not run here)',
};

// ---------------------------------------------------------------------------------------------
// Server libraries that hand reuse options (or their own defaults) on to a runtime API above.
// Each row was read in the library's own source; `source` names the file and lines at the version
// read, `versions` the releases the row is about (a project whose package.json declares a range
// outside it is not told about the row).

export type LibraryBindId =
  | 'srvx:serve:node'
  | 'srvx:serve:bun'
  | 'srvx:serve:deno'
  | 'elysia:listen:bun'
  | 'elysia:listen:node'
  | 'hyper-express:listen'
  | 'fastify:listen'
  | 'express:listen'
  | 'koa:listen';

export interface LibraryBind {
  readonly id: LibraryBindId;
  /** npm package the row is about (`crossws/server` serves through srvx and shares its rows). */
  readonly module: string;
  /** How messages name the call, with the version range when the behaviour depends on it. */
  readonly display: string;
  /** The runtime API the library calls. */
  readonly forwardsTo: SocketApiId;
  /** Releases of `module` this row describes (semver range). */
  readonly versions: string;
  /**
   * `reusePort` from the caller's options: passed on unchanged (`forwarded`), or turned on by the
   * library unless the caller says otherwise (`default-on`).
   */
  readonly reusePort: 'forwarded' | 'default-on';
  /** For uWebSockets.js-based libraries: the library option that adds LIBUS_LISTEN_EXCLUSIVE_PORT. */
  readonly exclusiveOption?: string;
  readonly source: string;
  readonly evidence: readonly Evidence[];
}

const SRVX_ON_NODE: LibraryBind = {
  id: 'srvx:serve:node',
  module: 'srvx',
  display: 'srvx serve() on Node (srvx >= 0.12, server.listen())',
  forwardsTo: 'node:server.listen',
  // Before 0.12.0 the node adapter only set `exclusive: !reusePort`, which sets no socket option.
  versions: '>=0.12.0',
  reusePort: 'forwarded',
  source: 'h3js/srvx v0.12.7 src/adapters/node.ts:132-135 (`exclusive: !this.options.reusePort`, `reusePort: this.options.reusePort`; added in 7411a0f, first released in 0.12.0; 0.8.0-0.11.x: only `exclusive`)',
  evidence: src,
};

export const LIBRARY_BINDS: Readonly<Record<LibraryBindId, LibraryBind>> = {
  'srvx:serve:node': SRVX_ON_NODE,
  'srvx:serve:bun': {
    id: 'srvx:serve:bun',
    module: 'srvx',
    display: 'srvx serve() on Bun (Bun.serve())',
    forwardsTo: 'bun:serve',
    versions: '*',
    reusePort: 'forwarded',
    source: 'h3js/srvx v0.12.7 src/adapters/bun.ts:80-82 (`reusePort: this.options.reusePort`, present since the first commit)',
    evidence: src,
  },
  'srvx:serve:deno': {
    id: 'srvx:serve:deno',
    module: 'srvx',
    display: 'srvx serve() on Deno (Deno.serve())',
    forwardsTo: 'deno:serve',
    versions: '*',
    reusePort: 'forwarded',
    source: 'h3js/srvx v0.12.7 src/adapters/deno.ts:93 (`reusePort: this.options.reusePort`)',
    evidence: src,
  },
  'elysia:listen:bun': {
    id: 'elysia:listen:bun',
    module: 'elysia',
    display: 'Elysia listen() on Bun (Bun.serve())',
    forwardsTo: 'bun:serve',
    // `reusePort: true` before the caller's `serve` config and listen options since 0.8.0.
    versions: '>=0.8.0',
    reusePort: 'default-on',
    source: 'elysiajs/elysia 1.4.29 src/adapter/bun/index.ts:349-376 (`reusePort: true, …app.config.serve, …options`; since 77807f5b, released in 0.8)',
    evidence: src,
  },
  // Elysia's Node adapter serves through srvx on Node: srvx's row (reaches, versions), with the
  // adapter's own default in front of the caller's options.
  'elysia:listen:node': {
    ...SRVX_ON_NODE,
    id: 'elysia:listen:node',
    display: `Elysia listen() with @elysiajs/node, which runs ${SRVX_ON_NODE.display}`,
    reusePort: 'default-on',
    source: "elysiajs/node 1.4.6 src/index.ts (`serve()` from crossws/server, srvx's, with `reusePort: true, …options` since 1.4.4, bcf51db; 1.4.1-1.4.3 pass the options as given); its package.json depends on srvx ^0.11.5 (1.4.5 on npm: ^0.11.2), so as published the option stops at srvx's `exclusive: false`",
  },
  'hyper-express:listen': {
    id: 'hyper-express:listen',
    module: 'hyper-express',
    display: 'hyper-express Server.listen() (uWebSockets.js listen())',
    forwardsTo: 'uws:listen',
    versions: '*',
    reusePort: 'default-on',
    exclusiveOption: 'exclusive_port',
    source: 'kartikk221/hyper-express 7.0.2 src/components/Server.js:394-409 (`listen(port, LIBUS_LISTEN_EXCLUSIVE_PORT, cb)` only when `exclusive_port`, else `listen(host, port, cb)`; the option exists since 6.18.0)',
    evidence: src,
  },
  'fastify:listen': {
    id: 'fastify:listen',
    module: 'fastify',
    display: 'fastify listen() (server.listen())',
    forwardsTo: 'node:server.listen',
    versions: '>=4.0.0',
    reusePort: 'forwarded',
    source: 'fastify/fastify 6.0.0-alpha.2 lib/server.js:261 (`server.listen(listenOptions)` with the caller\'s object; v4.0.0 lib/server.js:174; secondary bindings copy it, lib/server.js:172)',
    evidence: src,
  },
  'express:listen': {
    id: 'express:listen',
    module: 'express',
    display: 'Express app.listen() (server.listen())',
    forwardsTo: 'node:server.listen',
    versions: '*',
    reusePort: 'forwarded',
    source: 'expressjs/express lib/application.js `app.listen`: `server.listen.apply(server, args)` (4.x and 5.x)',
    evidence: src,
  },
  'koa:listen': {
    id: 'koa:listen',
    module: 'koa',
    display: 'Koa app.listen() (server.listen())',
    forwardsTo: 'node:server.listen',
    versions: '*',
    reusePort: 'forwarded',
    source: 'koajs/koa lib/application.js `listen(...args)`: `server.listen(...args)`',
    evidence: src,
  },
};
