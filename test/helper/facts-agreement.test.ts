// The helper decides at run time where sharing a port load-balances; the plugin's socket table
// says the same thing for the rules and the docs. They must agree.
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { LOAD_BALANCING_PLATFORMS, SOCKET_APIS, type SocketApiId } from '../../core/socket-apis.js';
import { meetsMinVersions, SHARING_SUPPORT } from '../../exclusive-bind/src/runtime.js';

const API_OF_RUNTIME: Record<string, SocketApiId> = {
  node: 'node:server.listen',
  bun: 'bun:serve',
  deno: 'deno:listen',
};

describe('helper SHARING_SUPPORT vs the socket table', () => {
  it('shares only on the platforms the rules treat as load-balancing guards', () => {
    for (const rule of SHARING_SUPPORT) expect(LOAD_BALANCING_PLATFORMS).toContain(rule.platform);
  });

  it('shares only where the table says reusePort really puts a second socket on the port', () => {
    for (const rule of SHARING_SUPPORT) {
      const facts = SOCKET_APIS[API_OF_RUNTIME[rule.runtime]!].options.reusePort!;
      expect(facts.effects[rule.platform].sharesLivePort, `${rule.runtime} on ${rule.platform}`).toBe(true);
    }
  });

  it("uses the same Node versions as the table's reusePort gate", () => {
    const gate = SOCKET_APIS['node:server.listen'].options.reusePort!.since!.supported;
    const versions = ['20.19.0', '22.11.0', '22.12.0', '22.20.1', '23.0.0', '23.0.9', '23.1.0', '24.0.0', '26.4.0'];
    for (const rule of SHARING_SUPPORT.filter((r) => r.runtime === 'node')) {
      for (const version of versions) {
        expect(meetsMinVersions(version, rule.minVersions), `${rule.platform} ${version}`).toBe(semver.satisfies(version, gate));
      }
    }
  });
});
