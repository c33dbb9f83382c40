/**
 * A rewrite that imports exclusive-bind leaves a working project only if the package that owns
 * the file can resolve that import. This decides, per rewritten file, which manifest gains the
 * dependency (package.json `dependencies`, or a Deno project's deno.json `imports`), and refuses
 * the rewrite, with the reason, when nothing around the file could provide the package.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HELPER_MODULE } from '../../core/helper-rewrites.js';
// Read when the plugin is built (tsc copies it into dist/, esbuild inlines it into the runner):
// the helper released together with this plugin is the one its rewrites are written for.
import helperManifest from '../../exclusive-bind/package.json' with { type: 'json' };
import { addJsonEntry } from './json-edit.js';
import type { FileResult } from './transform-source.js';

/** The range added to `dependencies`, e.g. `^0.1.0`. */
export const HELPER_RANGE = `^${helperManifest.version}`;
/** The import-map target a Deno project gets. */
export const HELPER_NPM_SPECIFIER = `npm:${HELPER_MODULE}@${HELPER_RANGE}`;

const IMPORT_OF_HELPER = new RegExp(
  String.raw`(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"\`])(?:npm:)?${HELPER_MODULE}(?:@[^'"\`/]*)?(?:/[^'"\`]*)?\1`,
);

/** Whether `text` imports or requires the helper package. */
export function importsHelper(text: string): boolean {
  return IMPORT_OF_HELPER.test(text);
}

export type Owner =
  /** The package.json whose `dependencies` must list the helper. */
  | { readonly kind: 'package'; readonly manifest: string }
  /** A Deno project's deno.json, whose `imports` must map the helper. */
  | { readonly kind: 'deno'; readonly manifest: string }
  /** Nothing can provide the helper; `reason` says what to do. */
  | { readonly kind: 'unresolvable'; readonly reason: string };

/** `fs.existsSync` is missing from jssg's runtime (the Codemod CLI's engine); `statSync` is there. */
function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A package.json that only sets `"type"` for its folder (e.g. `dist/package.json`) installs nothing. */
function isPackageRoot(manifest: Record<string, unknown> | undefined): boolean {
  if (!manifest) return true; // a broken one is still the owner: the error is reported when it is edited
  return ['name', 'dependencies', 'devDependencies', 'workspaces', 'private'].some((key) => key in manifest);
}

const DEPENDENCY_SECTIONS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const;

/** Whether the manifest already lists the helper in any dependency section. */
export function dependsOnHelper(manifest: Record<string, unknown>): boolean {
  return DEPENDENCY_SECTIONS.some((section) => {
    const entries = manifest[section];
    return Boolean(entries && typeof entries === 'object' && HELPER_MODULE in entries);
  });
}

/** Strips comments and trailing commas from deno.jsonc text (enough to read its `imports`). */
function parseJsonc(text: string): Record<string, unknown> | undefined {
  const stripped = text.replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ''));
  try {
    return JSON.parse(stripped.replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function denoMapsHelper(config: Record<string, unknown> | undefined): boolean {
  const imports = config?.['imports'];
  return Boolean(imports && typeof imports === 'object' && HELPER_MODULE in imports);
}

/**
 * The package that owns `file`: the nearest package.json that is a package (not a `"type"`-only
 * marker; in a workspace that is the workspace package), else a Deno project's deno.json. The
 * search stops at the repository root (the folder holding .git).
 */
export function ownerOf(file: string): Owner {
  let dir = path.dirname(path.resolve(file));
  let marker: string | undefined;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (exists(manifest)) {
      if (isPackageRoot(readJson(manifest))) return { kind: 'package', manifest };
      marker ??= manifest;
    }
    for (const name of ['deno.json', 'deno.jsonc']) {
      const config = path.join(dir, name);
      if (!exists(config)) continue;
      const text = fs.readFileSync(config, 'utf8');
      const parsed = name === 'deno.json' ? readJson(config) : parseJsonc(text);
      if (denoMapsHelper(parsed)) return { kind: 'deno', manifest: config };
      // deno.json is plain JSON and can be edited like package.json; deno.jsonc may hold comments.
      if (name === 'deno.json' && parsed) return { kind: 'deno', manifest: config };
      return {
        kind: 'unresolvable',
        reason:
          `the rewrite imports ${HELPER_MODULE}, which this Deno project does not map: add ` +
          `"${HELPER_MODULE}": "${HELPER_NPM_SPECIFIER}" to "imports" in ${config}, then run again`,
      };
    }
    const parent = path.dirname(dir);
    if (exists(path.join(dir, '.git')) || parent === dir) break;
    dir = parent;
  }
  if (marker) return { kind: 'package', manifest: marker };
  return {
    kind: 'unresolvable',
    reason:
      `the rewrite imports ${HELPER_MODULE}, but no package.json or deno.json owns this file, so nothing ` +
      `would install it: add a package.json (npm init -y), then run again`,
  };
}

export interface DependencyOutcome {
  /** The result to apply: the engine's own, or the file left as it was when the helper cannot be provided. */
  readonly result: FileResult;
  /** The manifest that must provide the helper, when the result imports it for the first time. */
  readonly owner?: Extract<Owner, { manifest: string }>;
}

/**
 * Checks a changed file that gains an import of the helper. Unresolvable: the file is left as it
 * was and each rewrite is listed for review with the reason.
 */
export function checkHelperDependency(result: FileResult, source: string, file: string): DependencyOutcome {
  if (result.status !== 'changed' || !importsHelper(result.output) || importsHelper(source)) return { result };
  const owner = ownerOf(file);
  if (owner.kind !== 'unresolvable') return { result, owner };
  const review = [...result.changes.map(({ line, column }) => ({ line, column, reason: owner.reason })), ...result.review];
  review.sort((a, b) => a.line - b.line || a.column - b.column);
  return { result: { status: 'unchanged', output: source, changes: [], review } };
}

export interface ManifestEdit {
  readonly manifest: string;
  /** `added`: the text gains the entry; `present`: it already depends (or maps) and is left alone. */
  readonly status: 'added' | 'present';
  readonly before: string;
  readonly after: string;
}

/** The edit that makes `manifest` provide the helper. Throws when the file cannot be read or parsed. */
export function helperManifestEdit(owner: Extract<Owner, { manifest: string }>): ManifestEdit {
  const before = fs.readFileSync(owner.manifest, 'utf8');
  const text = before.replace(/^\uFEFF/, '');
  const parsed = (owner.manifest.endsWith('.jsonc') ? parseJsonc(text) : JSON.parse(text)) as Record<string, unknown> | undefined;
  if (parsed && (owner.kind === 'package' ? dependsOnHelper(parsed) : denoMapsHelper(parsed))) {
    return { manifest: owner.manifest, status: 'present', before, after: before };
  }
  const after =
    owner.kind === 'package'
      ? addJsonEntry(before, {
          section: 'dependencies',
          key: HELPER_MODULE,
          value: HELPER_RANGE,
          sectionBefore: ['devDependencies', 'peerDependencies', 'optionalDependencies'],
        })
      : addJsonEntry(before, { section: 'imports', key: HELPER_MODULE, value: HELPER_NPM_SPECIFIER });
  return { manifest: owner.manifest, status: 'added', before, after };
}

const LOCKFILES: readonly (readonly [string, string])[] = [
  ['pnpm-lock.yaml', 'pnpm install'],
  ['yarn.lock', 'yarn install'],
  ['bun.lock', 'bun install'],
  ['bun.lockb', 'bun install'],
  ['package-lock.json', 'npm install'],
  ['npm-shrinkwrap.json', 'npm install'],
];

/**
 * The command that installs what a changed manifest now lists, and where to run it: the folder of
 * the nearest lockfile at or above the manifest (a workspace installs from its root), else the
 * manifest's own folder with npm. A Deno project fetches `npm:` imports itself; `deno install`
 * caches them ahead of time.
 */
export function installCommandFor(manifest: string): { readonly cwd: string; readonly command: string } {
  if (/deno\.jsonc?$/.test(manifest)) return { cwd: path.dirname(manifest), command: 'deno install' };
  let dir = path.dirname(manifest);
  for (;;) {
    for (const [lockfile, command] of LOCKFILES) {
      if (exists(path.join(dir, lockfile))) return { cwd: dir, command };
    }
    const parent = path.dirname(dir);
    if (exists(path.join(dir, '.git')) || parent === dir) break;
    dir = parent;
  }
  return { cwd: path.dirname(manifest), command: 'npm install' };
}

/** Whether the owner's manifest already provides the helper (false when it cannot be read). */
export function dependsOnHelperManifest(owner: Extract<Owner, { manifest: string }>): boolean {
  try {
    return helperManifestEdit(owner).status === 'present';
  } catch {
    return false;
  }
}
