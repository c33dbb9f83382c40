/**
 * Which file of the project an import specifier stands for: relative and absolute paths (Node's
 * and TypeScript's extension and `index` rules: `./a.js` may be `./a.ts` on disk), `tsconfig` /
 * `jsconfig` `paths`, and workspace packages of the same repository (a package.json `name` under
 * the root that declares `workspaces` or holds a pnpm-workspace.yaml), resolved to the source its
 * entry points at. Undefined for anything else: packages from the registry, builtins, and every
 * path through a `node_modules` folder, which is never read.
 *
 * Files are read through FileCache (a change is seen at the next lint); results are memoized per
 * linted file only.
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { FileCache, memoPerFileLint, statOf } from '../file-cache.js';
import { manifestIn, type Manifest } from '../targets.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** What a `.js` specifier may stand for in a TypeScript project (TypeScript's own rule). */
const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

function insideNodeModules(file: string): boolean {
  return file.split(/[\\/]/).includes('node_modules');
}

function isFile(file: string): boolean {
  return statOf(file)?.isFile() === true;
}

/** The source file `target` (a path without or with an extension) stands for, Node and TypeScript alike. */
export function resolveFile(target: string): string | undefined {
  if (insideNodeModules(target)) return undefined;
  const extension = path.extname(target);
  for (const alternative of TS_FOR_JS[extension] ?? []) {
    const candidate = target.slice(0, -extension.length) + alternative;
    if (isFile(candidate)) return candidate;
  }
  if (SOURCE_EXTENSIONS.includes(extension) && isFile(target)) return target;
  for (const candidate of SOURCE_EXTENSIONS) if (isFile(target + candidate)) return target + candidate;
  if (statOf(target)?.isDirectory()) {
    for (const candidate of SOURCE_EXTENSIONS) {
      const index = path.join(target, `index${candidate}`);
      if (isFile(index)) return index;
    }
  }
  return undefined;
}

/** JSON with comments and trailing commas, as tsconfig.json is written. */
function parseJsonc(text: string): unknown {
  const stripped = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, string?: string) => string ?? '');
  return JSON.parse(stripped.replace(/,(\s*[}\]])/g, '$1'));
}

interface TsConfig {
  readonly extends?: unknown;
  readonly compilerOptions?: { readonly baseUrl?: unknown; readonly paths?: unknown };
}

const tsconfigs = new FileCache<TsConfig>((text) => parseJsonc(text) as TsConfig);

interface PathMapping {
  /** The folder `paths` targets are relative to. */
  readonly base: string;
  readonly paths: ReadonlyMap<string, readonly string[]>;
}

/** The `paths` of the tsconfig.json / jsconfig.json in `directory`, following one relative `extends`. */
function mappingIn(directory: string): PathMapping | null | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = path.join(directory, name);
    const config = tsconfigs.get(file);
    if (!config) continue;
    let options = config.compilerOptions;
    let from = directory;
    if (options?.paths === undefined && typeof config.extends === 'string' && config.extends.startsWith('.')) {
      const parentFile = path.resolve(directory, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`);
      const parent = insideNodeModules(parentFile) ? undefined : tsconfigs.get(parentFile);
      if (parent?.compilerOptions?.paths !== undefined) {
        options = parent.compilerOptions;
        from = path.dirname(parentFile);
      }
    }
    const paths = options?.paths;
    if (!options || !paths || typeof paths !== 'object') return null;
    const base = typeof options.baseUrl === 'string' ? path.resolve(from, options.baseUrl) : from;
    const entries = Object.entries(paths as Record<string, unknown>).filter(
      (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].every((target) => typeof target === 'string'),
    );
    return { base, paths: new Map(entries) };
  }
  return undefined;
}

/** The nearest tsconfig/jsconfig at or above `directory` (null: none, or it has no `paths`). */
const nearestMapping: (directory: string) => PathMapping | null = memoPerFileLint((directory: string) => {
  const own = mappingIn(directory);
  if (own !== undefined) return own;
  const parent = path.dirname(directory);
  return parent === directory ? null : nearestMapping(parent);
});

function throughPaths(specifier: string, directory: string): string | undefined {
  const mapping = nearestMapping(directory);
  if (!mapping) return undefined;
  for (const [pattern, targets] of mapping.paths) {
    const star = pattern.indexOf('*');
    let rest: string | undefined;
    if (star < 0) rest = pattern === specifier ? '' : undefined;
    else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1) {
      rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
    }
    if (rest === undefined) continue;
    for (const target of targets) {
      const file = resolveFile(path.resolve(mapping.base, target.replace('*', rest)));
      if (file) return file;
    }
  }
  return undefined;
}

interface WorkspaceManifest extends Manifest {
  readonly workspaces?: unknown;
  readonly module?: unknown;
  readonly types?: unknown;
  readonly exports?: unknown;
}

/** The repository root: the nearest folder whose package.json has `workspaces`, or that holds a pnpm-workspace.yaml. */
const workspaceRoot: (directory: string) => string | null = memoPerFileLint((directory: string) => {
  if (insideNodeModules(directory)) return null;
  const manifest = manifestIn(directory) as WorkspaceManifest | undefined;
  if (manifest?.workspaces !== undefined || isFile(path.join(directory, 'pnpm-workspace.yaml'))) return directory;
  const parent = path.dirname(directory);
  return parent === directory ? null : workspaceRoot(parent);
});

const MAX_PACKAGES = 500;

/** The package folder patterns of a root: package.json `workspaces`, or pnpm-workspace.yaml's `packages`. */
function workspacePatterns(root: string): string[] {
  const manifest = manifestIn(root) as WorkspaceManifest | undefined;
  const declared = manifest?.workspaces;
  const list = Array.isArray(declared) ? declared : (declared as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(list)) return list.filter((entry): entry is string => typeof entry === 'string');
  const yaml = pnpmWorkspaces.get(path.join(root, 'pnpm-workspace.yaml'));
  return yaml ?? [];
}

/** The `packages:` list of a pnpm-workspace.yaml (`- 'packages/*'` lines). */
const pnpmWorkspaces = new FileCache<string[]>((text) => {
  const block = /^packages:\s*\n((?:[ \t]*(?:-.*|#.*)?\n?)*)/m.exec(text)?.[1] ?? '';
  return [...block.matchAll(/^[ \t]*-[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*$/gm)].map((match) => match[1]!);
});

function subfolders(directory: string): string[] {
  try {
    return fs
      .readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => path.join(directory, entry.name));
  } catch {
    return [];
  }
}

/** Folders a workspace pattern matches: `packages/*`, `packages/**`, `apps/web` (negations are skipped). */
function foldersOf(root: string, pattern: string): string[] {
  if (pattern.startsWith('!')) return [];
  const parts = pattern.replace(/\/+$/, '').split('/');
  let folders = [root];
  for (const part of parts) {
    if (part === '**') folders = folders.flatMap((folder) => [folder, ...subfolders(folder), ...subfolders(folder).flatMap(subfolders)]);
    else if (part.includes('*')) {
      const matcher = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      folders = folders.flatMap(subfolders).filter((folder) => matcher.test(path.basename(folder)));
    } else folders = folders.map((folder) => path.join(folder, part));
  }
  return folders;
}

/** Package names to their folders, for the workspace packages the root declares. */
const workspacePackages: (root: string) => ReadonlyMap<string, string> = memoPerFileLint((root: string) => {
  const found = new Map<string, string>();
  for (const pattern of workspacePatterns(root)) {
    for (const folder of foldersOf(root, pattern)) {
      if (found.size >= MAX_PACKAGES) return found;
      const manifest = manifestIn(folder);
      if (manifest && typeof manifest.name === 'string' && !found.has(manifest.name)) found.set(manifest.name, folder);
    }
  }
  return found;
});

/** The strings an `exports` entry may point at, preferring source-like conditions. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const order = ['source', 'development', 'types', 'import', 'node', 'require', 'default'];
  return [...order.filter((key) => key in record), ...Object.keys(record).filter((key) => !order.includes(key))].flatMap((key) =>
    exportTargets(record[key]),
  );
}

/** The entry file of a workspace package for `subpath` ('.' or './x'): source first, then what exists. */
function packageEntry(directory: string, subpath: string): string | undefined {
  const manifest = manifestIn(directory) as WorkspaceManifest | undefined;
  if (!manifest) return undefined;
  const candidates: string[] = [];
  const exports = manifest.exports;
  if (exports !== undefined) {
    const map = exports && typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'))
      ? (exports as Record<string, unknown>)
      : { '.': exports };
    candidates.push(...exportTargets(map[subpath]));
  } else if (subpath !== '.') {
    candidates.push(subpath);
  }
  if (subpath === '.') {
    for (const field of [manifest.types, manifest.module, manifest.main]) if (typeof field === 'string') candidates.push(field);
    candidates.push('./src/index', './index');
  }
  const resolved = candidates.map((candidate) => resolveFile(path.resolve(directory, candidate.replace(/\.d\.([cm]?)ts$/, '.$1js'))));
  // A TypeScript or plain source file beats a build output that happens to exist.
  return resolved.find((file) => file !== undefined && !/[\\/](?:dist|build|lib|out)[\\/]/.test(file)) ?? resolved.find(Boolean);
}

function throughWorkspace(specifier: string, directory: string): string | undefined {
  const root = workspaceRoot(directory);
  if (!root) return undefined;
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength) return undefined;
  const name = parts.slice(0, nameLength).join('/');
  const folder = workspacePackages(root).get(name);
  if (!folder) return undefined;
  const rest = parts.slice(nameLength).join('/');
  return packageEntry(folder, rest ? `./${rest}` : '.');
}

/**
 * The project file `specifier`, imported from a file in `directory`, stands for; undefined when it
 * is not one of the project's own modules (or cannot be found).
 */
export const resolveProjectModule: (specifier: string, directory: string) => string | undefined = (specifier, directory) =>
  resolveCached(`${directory}\0${specifier}`);

const resolveCached = memoPerFileLint((key: string): string | undefined => {
  const [directory, specifier] = key.split('\0') as [string, string];
  if (isBuiltin(specifier) || insideNodeModules(directory)) return undefined;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return resolveFile(path.resolve(directory, specifier));
  return throughPaths(specifier, directory) ?? throughWorkspace(specifier, directory);
});
