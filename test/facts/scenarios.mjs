// Every Linux fact of the socket-API table (core/socket-apis.ts) that is observed on this machine,
// as a two-process scenario: a first process binds, a second binds the same port, and the test
// asserts what the second gets and, for sharing, who receives the traffic.
//
// This list is the map from matrix cell to test: test/facts/sockets.test.ts runs each entry on each
// runtime it names, test/facts/coverage.test.ts fails when a Linux cell is tagged `run` without an
// entry here (or an entry names no cell), and scripts/generate-docs.js marks a Linux cell
// "observed" only when it is listed here. Plain JS so that the docs generator can read it.

/**
 * @typedef {'node20' | 'node24' | 'bun' | 'deno'} RuntimeId
 * @typedef {{ api: string, options?: Record<string, unknown>, group?: string }} BindSpec
 * @typedef {'co-binds' | 'EADDRINUSE' | 'exits'} Second
 * @typedef {'shared' | 'last-binder' | 'both-receive'} Traffic
 * @typedef {{
 *   id: string,
 *   cells: string[],
 *   runtimes: RuntimeId[],
 *   first: BindSpec,
 *   second?: BindSpec,
 *   expect: Second,
 *   traffic?: Traffic,
 *   env?: Record<string, string>,
 *   denoFlags?: string[],
 *   traceCells?: boolean,
 * }} Scenario
 */

/**
 * A cell: `<api id>#default`, `<api id>#<option>`, `<api id>#<option>@unsupported` (the versions
 * that predate the option), or `raw:<SO_…>` for a socket option set before bind (the scenario's
 * strace shows the runtime setting it).
 */
export const cell = (api, what = 'default') => `${api}#${what}`;

/**
 * The runtimes the scenarios run on, as the docs name them. Pinned by scripts/install-runtimes.mjs;
 * Node 20 is the machine's own node. test/facts/sockets.test.ts checks each binary's version.
 */
export const RUNTIME_VERSIONS = { node20: 'Node 20', node24: 'Node 24.21.0', bun: 'Bun 1.4.5', deno: 'Deno 2.9.6' };

const MULTICAST_GROUP = '239.255.42.99';

/** @type {Scenario[]} */
export const SCENARIOS = [
  // --- Node server.listen (net, http, ...) ----------------------------------------------------
  {
    id: 'node listen default: exclusive',
    cells: [cell('node:server.listen'), 'raw:SO_REUSEADDR'],
    runtimes: ['node20', 'node24'],
    first: { api: 'node:server.listen' },
    expect: 'EADDRINUSE',
  },
  {
    id: 'node listen reusePort: true co-binds',
    cells: [cell('node:server.listen', 'reusePort'), 'raw:SO_REUSEPORT'],
    runtimes: ['node24'],
    first: { api: 'node:server.listen', options: { reusePort: true } },
    expect: 'co-binds',
    traffic: 'shared',
  },
  {
    id: 'node listen reusePort: true is ignored before 22.12',
    cells: [cell('node:server.listen', 'reusePort@unsupported')],
    runtimes: ['node20'],
    first: { api: 'node:server.listen', options: { reusePort: true } },
    expect: 'EADDRINUSE',
  },
  {
    id: 'node listen exclusive: true keeps nobody off (a reusePort peer co-binds)',
    cells: [cell('node:server.listen', 'exclusive')],
    runtimes: ['node24'],
    // The cell's "none" is what `exclusive` itself sets; the SO_REUSEPORT here is reusePort's.
    traceCells: false,
    first: { api: 'node:server.listen', options: { exclusive: true, reusePort: true } },
    second: { api: 'node:server.listen', options: { reusePort: true } },
    expect: 'co-binds',
    traffic: 'shared',
  },
  // --- Node net.BoundSocket (24.19+) -----------------------------------------------------------
  {
    id: 'node BoundSocket default: exclusive',
    cells: [cell('node:net.BoundSocket')],
    runtimes: ['node24'],
    first: { api: 'node:net.BoundSocket' },
    second: { api: 'node:server.listen' },
    expect: 'EADDRINUSE',
  },
  {
    id: 'node BoundSocket reusePort: true co-binds',
    cells: [cell('node:net.BoundSocket', 'reusePort')],
    runtimes: ['node24'],
    first: { api: 'node:net.BoundSocket', options: { reusePort: true } },
    expect: 'co-binds',
    traffic: 'shared',
  },
  // --- Node dgram -------------------------------------------------------------------------------
  {
    id: 'node dgram default: exclusive',
    cells: [cell('node:dgram.createSocket')],
    runtimes: ['node20', 'node24'],
    first: { api: 'node:dgram.createSocket' },
    expect: 'EADDRINUSE',
  },
  {
    id: 'node dgram reuseAddr: the last binder takes every unicast datagram',
    cells: [cell('node:dgram.createSocket', 'reuseAddr'), 'raw:SO_REUSEADDR'],
    runtimes: ['node20', 'node24'],
    first: { api: 'node:dgram.createSocket', options: { reuseAddr: true } },
    expect: 'co-binds',
    traffic: 'last-binder',
  },
  {
    id: 'node dgram reuseAddr multicast receivers: both receive every datagram',
    cells: [cell('node:dgram.createSocket', 'reuseAddr')],
    runtimes: ['node20', 'node24'],
    first: { api: 'node:dgram.createSocket', options: { reuseAddr: true }, group: MULTICAST_GROUP },
    expect: 'co-binds',
    traffic: 'both-receive',
  },
  {
    id: 'node dgram reusePort: true co-binds and splits datagrams by flow',
    cells: [cell('node:dgram.createSocket', 'reusePort')],
    runtimes: ['node24'],
    first: { api: 'node:dgram.createSocket', options: { reusePort: true } },
    expect: 'co-binds',
    traffic: 'shared',
  },
  {
    id: 'node dgram reusePort: true is ignored before 22.12',
    cells: [cell('node:dgram.createSocket', 'reusePort@unsupported')],
    runtimes: ['node20'],
    first: { api: 'node:dgram.createSocket', options: { reusePort: true } },
    expect: 'EADDRINUSE',
  },
  // --- Bun.serve -------------------------------------------------------------------------------
  {
    id: 'Bun.serve without development, NODE_ENV=production: exclusive',
    cells: [cell('bun:serve')],
    runtimes: ['bun'],
    env: { NODE_ENV: 'production' },
    first: { api: 'bun:serve' },
    expect: 'EADDRINUSE',
  },
  {
    id: 'Bun.serve development: { hmr: false } (object form): exclusive',
    cells: [cell('bun:serve')],
    runtimes: ['bun'],
    first: { api: 'bun:serve', options: { development: { hmr: false } } },
    expect: 'EADDRINUSE',
  },
  {
    id: 'Bun.serve reusePort: true co-binds',
    cells: [cell('bun:serve', 'reusePort')],
    runtimes: ['bun'],
    first: { api: 'bun:serve', options: { reusePort: true } },
    expect: 'co-binds',
    traffic: 'shared',
  },
  ...[false, null, 0, ''].map((value) => ({
    id: `Bun.serve development: ${JSON.stringify(value)} co-binds (implicit SO_REUSEPORT)`,
    cells: [cell('bun:serve', 'reusePort')],
    runtimes: /** @type {RuntimeId[]} */ (['bun']),
    first: { api: 'bun:serve', options: { development: value } },
    expect: /** @type {Second} */ ('co-binds'),
    traffic: /** @type {Traffic} */ ('shared'),
  })),
  {
    id: 'Bun.serve in a node:cluster child (NODE_UNIQUE_ID set) co-binds on purpose',
    cells: [cell('bun:serve', 'reusePort')],
    runtimes: ['bun'],
    env: { NODE_UNIQUE_ID: '1' },
    first: { api: 'bun:serve' },
    expect: 'co-binds',
    traffic: 'shared',
  },
  // --- Bun.listen ------------------------------------------------------------------------------
  {
    id: 'Bun.listen default: exclusive',
    cells: [cell('bun:listen')],
    runtimes: ['bun'],
    first: { api: 'bun:listen' },
    expect: 'EADDRINUSE',
  },
  {
    id: 'Bun.listen reusePort: true co-binds',
    cells: [cell('bun:listen', 'reusePort')],
    runtimes: ['bun'],
    first: { api: 'bun:listen', options: { reusePort: true } },
    expect: 'co-binds',
    traffic: 'shared',
  },
  {
    id: 'Bun.listen exclusive: true wins over reusePort: true (a reusePort peer gets EADDRINUSE)',
    cells: [cell('bun:listen', 'exclusive')],
    runtimes: ['bun'],
    first: { api: 'bun:listen', options: { exclusive: true, reusePort: true } },
    second: { api: 'bun:listen', options: { reusePort: true } },
    expect: 'EADDRINUSE',
    traceCells: true,
  },
  // --- Deno ------------------------------------------------------------------------------------
  ...['deno:listen', 'deno:serve', 'deno:listenTls'].flatMap((api) => [
    {
      id: `${api} default: exclusive`,
      cells: [cell(api)],
      runtimes: /** @type {RuntimeId[]} */ (['deno']),
      first: { api },
      expect: /** @type {Second} */ ('EADDRINUSE'),
    },
    {
      id: `${api} reusePort: true with --unstable-net co-binds`,
      cells: [cell(api, 'reusePort')],
      runtimes: /** @type {RuntimeId[]} */ (['deno']),
      denoFlags: ['--unstable-net'],
      first: { api, options: { reusePort: true } },
      expect: /** @type {Second} */ ('co-binds'),
      // TLS: the bind is what matters; no handshake from the test.
      ...(api === 'deno:listenTls' ? {} : { traffic: /** @type {Traffic} */ ('shared') }),
    },
    {
      id: `${api} reusePort: true without --unstable-net: the process exits`,
      cells: [cell(api, 'reusePort')],
      runtimes: /** @type {RuntimeId[]} */ (['deno']),
      first: { api },
      second: { api, options: { reusePort: true } },
      expect: /** @type {Second} */ ('exits'),
    },
  ]),
  {
    id: 'Deno.listenDatagram default: exclusive',
    cells: [cell('deno:listenDatagram')],
    runtimes: ['deno'],
    denoFlags: ['--unstable-net'],
    first: { api: 'deno:listenDatagram' },
    expect: 'EADDRINUSE',
  },
  {
    id: 'Deno.listenDatagram reuseAddress: the last binder takes every unicast datagram',
    cells: [cell('deno:listenDatagram', 'reuseAddress')],
    runtimes: ['deno'],
    denoFlags: ['--unstable-net'],
    first: { api: 'deno:listenDatagram', options: { reuseAddress: true } },
    expect: 'co-binds',
    traffic: 'last-binder',
  },
];
