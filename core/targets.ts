/**
 * What the linted project targets: platforms and Node versions. Messages leave out platforms and
 * versions the project does not target. Read from `settings['exclusive-bind']`, else from the nearest
 * package.json (`os`, `engines.node`), else everything.
 */
import path from 'node:path';
import semver from 'semver';
import { FileCache, memoPerFileLint } from './file-cache.js';
import { PLATFORMS, type Platform } from './socket-apis.js';

export interface Targets {
  readonly platforms: readonly Platform[];
  /** semver range of Node versions the project supports; undefined = any. */
  readonly node: string | undefined;
}

export interface ExclusiveBindSettings {
  platforms?: Platform[];
  node?: string;
  /** Specifiers or paths (relative to the working directory) that stand for a tracked module (core/value-flow/modules.ts). */
  modules?: Record<string, string>;
}

const ALL: Targets = { platforms: PLATFORMS, node: undefined };

/** package.json `os` uses npm's syntax: ["linux"], or ["!win32"] to exclude. */
export function platformsFromOs(os: unknown): readonly Platform[] | undefined {
  if (!Array.isArray(os) || os.length === 0) return undefined;
  const names = os.filter((entry): entry is string => typeof entry === 'string');
  const excluded = names.filter((n) => n.startsWith('!')).map((n) => n.slice(1));
  const included = names.filter((n) => !n.startsWith('!'));
  const base: readonly Platform[] =
    included.length > 0 ? PLATFORMS.filter((p) => included.includes(p)) : PLATFORMS;
  return base.filter((p) => !excluded.includes(p));
}

function validRange(range: unknown): string | undefined {
  return typeof range === 'string' && semver.validRange(range) ? range : undefined;
}

export interface Manifest {
  name?: unknown;
  main?: unknown;
  os?: unknown;
  engines?: { node?: unknown };
  type?: unknown;
}

/** Every package.json read, by path: a manifest is an object; anything else counts as no manifest. */
const manifests = new FileCache<Manifest>((text) => {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not a manifest');
  return value as Manifest;
});

/** The package.json in `directory` itself, as it is on disk now; undefined when absent or not JSON. */
export function manifestIn(directory: string): Manifest | undefined {
  return manifests.get(path.join(directory, 'package.json'));
}

/** The package.json nearest to `directory`, or null when there is none. */
export const nearestManifest: (directory: string) => Manifest | null = memoPerFileLint((directory: string) => {
  const own = manifestIn(directory);
  if (own) return own;
  const parent = path.dirname(directory);
  return parent === directory ? null : nearestManifest(parent);
});

function targetsFromManifest(directory: string): Targets {
  const manifest = nearestManifest(directory);
  if (!manifest) return ALL;
  return { platforms: platformsFromOs(manifest.os) ?? PLATFORMS, node: validRange(manifest.engines?.node) };
}

export function resolveTargets(settings: unknown, filename: string): Targets {
  const own = (settings as Record<string, unknown> | undefined)?.['exclusive-bind'] as
    | ExclusiveBindSettings
    | undefined;
  const fromManifest =
    path.isAbsolute(filename) ? targetsFromManifest(path.dirname(filename)) : ALL;
  const platforms = own?.platforms?.filter((p): p is Platform => PLATFORMS.includes(p));
  return {
    platforms: platforms && platforms.length > 0 ? platforms : fromManifest.platforms,
    node: validRange(own?.node) ?? fromManifest.node,
  };
}

/** Whether some Node version the project supports lies in `range`. */
export function targetsIntersect(targets: Targets, range: string): boolean {
  return targets.node === undefined || semver.intersects(targets.node, range);
}

/** Whether every Node version the project supports lies in `range` (unknown targets: no). */
export function targetsWithin(targets: Targets, range: string): boolean {
  return targets.node !== undefined && semver.subset(targets.node, range);
}
