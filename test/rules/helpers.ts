/**
 * Shared pieces of the rule suites: RuleTester factories (every file is parsed by
 * @typescript-eslint/parser, as a .js, .ts or .tsx file) and the settings block.
 *
 * The effect strings below are written by hand from shared/platform-facts.md, not read from
 * core/socket-apis.ts: a change to the table that changes what users are told must show up here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll } from 'vitest';

type SourceType = 'module' | 'script' | 'commonjs';

/** A tester whose cases default to `file.js` (JS parsed by @typescript-eslint/parser). */
export function jsTester(sourceType: SourceType = 'module'): RuleTester {
  return new RuleTester({
    defaultFilenames: { ts: 'file.js', tsx: 'file.jsx' },
    languageOptions: { ecmaVersion: 'latest', sourceType },
  });
}

/** A tester whose cases default to `file.ts`; JSX cases use `react.tsx`. */
export function tsTester(sourceType: SourceType = 'module'): RuleTester {
  return new RuleTester({
    languageOptions: { ecmaVersion: 'latest', sourceType },
  });
}

export interface Targets {
  platforms?: string[];
  node?: string;
}

/** `settings` for a case: `{ 'exclusive-bind': targets }`. */
export function targets(value: Targets): { 'exclusive-bind': Targets } {
  return { 'exclusive-bind': value };
}

/**
 * A temporary project folder with its own package.json; returns the absolute path of a source
 * file inside it (the file itself need not exist: targets come from the nearest manifest).
 */
export function projectFile(manifest: Record<string, unknown>, file = 'src/server.js'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exclusive-bind-rules-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', ...manifest }));
  fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, file);
}

// ---------------------------------------------------------------------------------------------
// Hand-written effect texts (platform-facts.md §2–§5).

/** Node net/http listen `reusePort: true`, every platform, every Node version (§2). */
export const CO_BIND = 'a second instance co-binds the live port and silently takes a share of its traffic';
export const NODE_LISTEN_ALL =
  `Linux and FreeBSD: ${CO_BIND}; macOS and Windows: fails with listen ENOTSUP; Node < 22.12 and 23.0: ignored`;
export const NODE_INSTEAD =
  'remove it or use listenExclusive() from exclusive-bind; share only behind a platform check';

/** dgram.createSocket `reusePort` (§2: ≥ 22.12 / 23.1; ENOTSUP on macOS and Windows). */
export const DGRAM_REUSE_PORT_ALL =
  'Linux and FreeBSD: a second instance co-binds the port and takes a share of the datagrams; macOS and Windows: fails with ENOTSUP; Node < 22.12 and 23.0: ignored';

/** Bun `reusePort: true` and Bun.serve's implicit sharing (§3). Bun does not run on FreeBSD. */
export const BUN_ALL =
  `Linux: ${CO_BIND}; macOS: a second instance co-binds the live port (last bind wins); Windows: Bun sets SO_REUSEADDR, which lets another process take over the port`;
export const BUN_INSTEAD = 'set it to false; share only behind a platform check';

/** Deno `reusePort: true` (§4). */
export const DENO_ALL =
  `Linux: ${CO_BIND}; macOS, FreeBSD and Windows: ignored; the process exits unless run with --unstable-net`;
export const DENO_INSTEAD = 'remove it; share only behind a platform check';

/** uWebSockets.js listen on a non-zero port (§5). */
export const UWS_ALL =
  `Linux and FreeBSD: ${CO_BIND}; macOS: a second instance co-binds the live port (last bind wins); Windows: uSockets sets SO_REUSEADDR, which lets another process take over the port`;
