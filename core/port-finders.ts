/**
 * Check-then-bind port finders (platform-facts §7): packages whose result is a port that nobody
 * holds until the caller binds it. One table for the `no-port-probe` rule, the `port-probe`
 * codemod and the rule's docs. Export names were read from each package's published files
 * (index.d.ts / main script) at the version given.
 */

export interface PortFinderExport {
  /** Export name; `default` is the module itself (CommonJS `module.exports` or ESM default). */
  readonly name: string;
  /** How the docs and messages call it: `getPort()`. */
  readonly display: string;
  /**
   * `finder`: picks a port and returns it (reported wherever it is called).
   * `check`: tells whether one given port is free or in use (reported only when a loop over
   * candidate ports uses it to pick one; a fixed, user-chosen port checked once is fine).
   */
  readonly kind: 'finder' | 'check';
  /** What a finder yields: one port, or an array of ports. */
  readonly result?: 'port' | 'ports';
  /** Accepts a Node-style callback `(err, port)` as its last argument. */
  readonly callback?: boolean;
  /**
   * Called without arguments it still prefers a port or a range (get-port-please starts at
   * `PORT` or 3000, portfinder at 8000): binding port 0 instead changes which port is used.
   */
  readonly prefersPortByDefault?: boolean;
  /**
   * Remembers the ports it returned and never returns them again within the process for a while
   * (get-port's locked ports), so calls in a row in one process get different ports.
   */
  readonly locksReturnedPorts?: boolean;
}

export interface PortFinderPackage {
  readonly module: string;
  /** Version whose published files the export list was checked against. */
  readonly checkedVersion: string;
  readonly exports: readonly PortFinderExport[];
}

export const PORT_FINDER_PACKAGES: readonly PortFinderPackage[] = [
  {
    module: 'get-port',
    checkedVersion: '7.2.0',
    // index.js: every port it returns goes into `lockedPorts` (kept 15 to 30 s) and is skipped.
    exports: [{ name: 'default', display: 'getPort()', kind: 'finder', result: 'port', locksReturnedPorts: true }],
  },
  {
    module: 'get-port-please',
    checkedVersion: '3.2.0',
    exports: [
      { name: 'getPort', display: 'getPort()', kind: 'finder', result: 'port', prefersPortByDefault: true },
      { name: 'getRandomPort', display: 'getRandomPort()', kind: 'finder', result: 'port' },
      { name: 'checkPort', display: 'checkPort()', kind: 'check' },
    ],
  },
  {
    module: 'portfinder',
    checkedVersion: '1.0.38',
    exports: [
      { name: 'getPort', display: 'portfinder.getPort()', kind: 'finder', result: 'port', callback: true, prefersPortByDefault: true },
      { name: 'getPortPromise', display: 'portfinder.getPortPromise()', kind: 'finder', result: 'port', prefersPortByDefault: true },
      { name: 'getPorts', display: 'portfinder.getPorts()', kind: 'finder', result: 'ports', callback: true, prefersPortByDefault: true },
      { name: 'getPortsPromise', display: 'portfinder.getPortsPromise()', kind: 'finder', result: 'ports', prefersPortByDefault: true },
    ],
  },
  {
    // v1: `module.exports = detect`; v2: `export { detectPort as default, detectPort, detect }`.
    module: 'detect-port',
    checkedVersion: '2.1.0',
    exports: [
      { name: 'default', display: 'detect()', kind: 'finder', result: 'port', callback: true },
      { name: 'detect', display: 'detect()', kind: 'finder', result: 'port', callback: true },
      { name: 'detectPort', display: 'detectPort()', kind: 'finder', result: 'port', callback: true },
    ],
  },
  {
    module: 'detect-port-alt',
    checkedVersion: '1.1.6',
    exports: [{ name: 'default', display: 'detect()', kind: 'finder', result: 'port', callback: true }],
  },
  {
    // Connect probes: `check(port)` resolves to "in use?".
    module: 'tcp-port-used',
    checkedVersion: '1.0.3',
    exports: [{ name: 'check', display: 'tcpPortUsed.check()', kind: 'check' }],
  },
  {
    // `fp(beg, [end], [host], [count], cb)`; without a callback it resolves to an array of ports.
    module: 'find-free-port',
    checkedVersion: '2.0.0',
    exports: [{ name: 'default', display: 'findFreePort()', kind: 'finder', result: 'ports', callback: true, prefersPortByDefault: true }],
  },
  {
    module: 'find-free-ports',
    checkedVersion: '3.1.1',
    exports: [
      { name: 'default', display: 'findFreePorts()', kind: 'finder', result: 'ports', prefersPortByDefault: true },
      { name: 'findFreePorts', display: 'findFreePorts()', kind: 'finder', result: 'ports', prefersPortByDefault: true },
      { name: 'isFreePort', display: 'isFreePort()', kind: 'check' },
    ],
  },
  {
    module: 'freeport',
    checkedVersion: '1.0.5',
    exports: [{ name: 'default', display: 'freeport()', kind: 'finder', result: 'port', callback: true }],
  },
  {
    module: 'freeport-async',
    checkedVersion: '2.0.0',
    exports: [
      { name: 'default', display: 'freePortAsync()', kind: 'finder', result: 'port', prefersPortByDefault: true },
      { name: 'rangeAsync', display: 'rangeAsync()', kind: 'finder', result: 'ports', prefersPortByDefault: true },
      { name: 'availableAsync', display: 'availableAsync()', kind: 'check' },
    ],
  },
  {
    module: 'portscanner',
    checkedVersion: '2.2.0',
    exports: [
      { name: 'findAPortNotInUse', display: 'portscanner.findAPortNotInUse()', kind: 'finder', result: 'port', callback: true, prefersPortByDefault: true },
      { name: 'checkPortStatus', display: 'portscanner.checkPortStatus()', kind: 'check' },
    ],
  },
];

/** A package added through the rule's `packages` option. */
export interface ExtraPortFinder {
  readonly module: string;
  readonly exports: readonly string[];
}

export interface ResolvedPortFinder {
  readonly module: string;
  readonly export: PortFinderExport;
  /** Where the finder was imported from when it comes through another file of the project. */
  readonly from?: { readonly file: string; readonly line: number };
}

/** Looks finders up by `module` and export name (`default` for the module itself). */
export function portFinderIndex(extra: readonly ExtraPortFinder[] = []): Map<string, ResolvedPortFinder> {
  const index = new Map<string, ResolvedPortFinder>();
  for (const pkg of PORT_FINDER_PACKAGES) {
    for (const entry of pkg.exports) index.set(`${pkg.module}#${entry.name}`, { module: pkg.module, export: entry });
  }
  for (const pkg of extra) {
    for (const name of pkg.exports) {
      const display = name === 'default' ? `${pkg.module}()` : `${name}()`;
      index.set(`${pkg.module}#${name}`, {
        module: pkg.module,
        // Unknown packages: assume a finder of one port that may also take a callback and may
        // prefer a port (so a rewrite to port 0 is only suggested, never applied unattended).
        export: { name, display, kind: 'finder', result: 'port', callback: true, prefersPortByDefault: true },
      });
    }
  }
  return index;
}
