/**
 * Module identity: which module an import specifier stands for. `node:net` and `net` are one
 * module; a relative import that lands on the entry of the package it sits in (`require('..')` in
 * uWebSockets.js's own examples) is that package; and `settings['exclusive-bind'].modules` maps a
 * specifier (`'@acme/uws'`) or a path (`'./vendor/uws.js'`, relative to the working directory) to
 * the module it stands for, for vendored copies and in-house wrappers.
 *
 * The file's name and settings are known to the rule, not to the scope manager: each checker
 * calls `registerFile(context)` once, and the layer finds them again from any scope of the file.
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { beginFileLint, memoPerFileLint, statOf } from '../file-cache.js';
import { manifestIn } from '../targets.js';
import { programOf, type Scope } from './syntax.js';

interface FileFacts {
  readonly sourceCode: AnyContext['sourceCode'];
  readonly directory: string | undefined;
  /** The file's absolute name, when known. */
  readonly filename: string | undefined;
  readonly cwd: string;
  /** Bare specifiers mapped to a module. */
  readonly specifiers: ReadonlyMap<string, string>;
  /** Absolute paths (without extension) mapped to a module. */
  readonly paths: ReadonlyMap<string, string>;
  /** A file of the project read for an import of the linted file, not the linted file itself. */
  readonly imported: boolean;
  /** Whether imports of the project's own modules are followed (`settings['exclusive-bind'].crossFile`). */
  readonly crossFile: boolean;
}

const files = new WeakMap<TSESTree.Program, FileFacts>();

type AnyContext = Readonly<Pick<TSESLint.RuleContext<string, readonly unknown[]>, 'sourceCode' | 'filename' | 'settings'>> & {
  readonly cwd?: string;
};

function withoutExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]sx?|node)$/, '').replace(/[\\/]index$/, '');
}

/** Records where the file lives and the `modules` setting, for imports the file makes. */
export function registerFile(context: AnyContext): void {
  const program = context.sourceCode.ast;
  // What the file's package.json and neighbours say is read afresh for each file's lint.
  beginFileLint(program);
  const known = files.get(program);
  if (known) {
    linted = known;
    return;
  }
  const cwd = context.cwd ?? process.cwd();
  const own = (context.settings as Record<string, unknown> | undefined)?.['exclusive-bind'] as
    | { modules?: unknown; crossFile?: unknown }
    | undefined;
  const specifiers = new Map<string, string>();
  const paths = new Map<string, string>();
  if (own?.modules && typeof own.modules === 'object') {
    for (const [key, value] of Object.entries(own.modules as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      if (key.startsWith('.') || path.isAbsolute(key)) paths.set(withoutExtension(path.resolve(cwd, key)), value);
      else specifiers.set(key, value);
    }
  }
  const directory = path.isAbsolute(context.filename) ? path.dirname(context.filename) : undefined;
  const filename = directory === undefined ? undefined : context.filename;
  const crossFile = own?.crossFile !== false;
  const facts = { sourceCode: context.sourceCode, directory, filename, cwd, specifiers, paths, imported: false, crossFile };
  files.set(program, facts);
  linted = facts;
}

/** The facts of the file being linted: an imported file reads its imports with the same settings. */
let linted: FileFacts | undefined;

/** How many files were read for imports: until one is, every node belongs to the file that asks. */
let importedFiles = 0;

/** Whether any file was read for an import in this process: until then no value has a `from`. */
export function readsOtherFiles(): boolean {
  return importedFiles > 0;
}

/** The Program a node belongs to. */
function rootOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

/** The file a node of a registered file belongs to, and the line it starts on. */
export function provenanceOf(node: TSESTree.Node): { file: string; line: number } | undefined {
  const file = files.get(rootOf(node) as TSESTree.Program)?.filename;
  return file === undefined ? undefined : { file, line: node.loc.start.line };
}

/** Whether `node` belongs to another file than the one that holds `scope`. */
export function isFromAnotherFile(node: TSESTree.Node, scope: Scope): boolean {
  return importedFiles > 0 && rootOf(node) !== programOf(scope);
}

/** Records a project file parsed for an import (project-files.ts), under the linted file's settings. */
export function registerImportedFile(sourceCode: AnyContext['sourceCode'], file: string): void {
  const program = sourceCode.ast;
  const known = files.get(program);
  if (known && (!linted || (known.specifiers === linted.specifiers && known.paths === linted.paths))) return;
  importedFiles++;
  files.set(program, {
    sourceCode,
    directory: path.dirname(file),
    filename: file,
    cwd: linted?.cwd ?? process.cwd(),
    specifiers: linted?.specifiers ?? new Map(),
    paths: linted?.paths ?? new Map(),
    imported: true,
    crossFile: true,
  });
}

/** The folder of the file that holds `scope`, when its name is known. */
export function fileDirectory(scope: Scope): string | undefined {
  return files.get(programOf(scope))?.directory;
}

/** The linted file that holds `scope`, its text and name (undefined for a file read for an import). */
export function lintedFileOf(scope: Scope): { sourceCode: AnyContext['sourceCode']; filename: string } | undefined {
  const facts = files.get(programOf(scope));
  return facts && !facts.imported && facts.filename !== undefined ? { sourceCode: facts.sourceCode, filename: facts.filename } : undefined;
}

/** Whether imports of the project's own modules are followed from the file that holds `scope`. */
export function followsImports(scope: Scope): boolean {
  return files.get(programOf(scope))?.crossFile ?? false;
}

/** Whether a `settings['exclusive-bind']` turns following the project's own modules off. */
export function crossFileOff(settings: unknown): boolean {
  const own = (settings as Record<string, { crossFile?: unknown } | undefined> | undefined)?.['exclusive-bind'];
  return own?.crossFile === false;
}

/** Whether the file that holds `scope` was read for an import (its answers may change with other files). */
export function isImportedFile(scope: Scope): boolean {
  return files.get(programOf(scope))?.imported === true;
}

/**
 * Whether a specifier is left to the project's files: not mapped by the `modules` setting and not
 * the package's own entry (those stand for a package the rules know by name).
 */
export function isProjectSpecifier(specifier: string, scope: Scope): boolean {
  return moduleName(specifier, scope) === (specifier.startsWith('node:') ? specifier.slice(5) : specifier) && !specifier.startsWith('node:');
}

/** The innermost scope around `node`, found from any scope of the same file. */
export function scopeOfNode(node: TSESTree.Node, from: Scope): Scope {
  // A node of a file read for an import is answered by that file's scopes.
  const program = importedFiles > 0 ? (rootOf(node) as TSESTree.Program) : programOf(from);
  const facts = files.get(program);
  if (facts) return facts.sourceCode.getScope(node);
  let current: Scope = from;
  while (current.upper) current = current.upper;
  for (;;) {
    const child: Scope | undefined = current.childScopes.find(
      (scope) => scope.block.range[0] <= node.range[0] && node.range[1] <= scope.block.range[1],
    );
    if (!child) return current;
    current = child;
  }
}

/** A function that gives the scope of any node of the file that `from` belongs to. */
export function scopeFinder(from: Scope): (node: TSESTree.Node) => Scope {
  return (node) => scopeOfNode(node, from);
}

interface PackageEntry {
  readonly name: string;
  readonly directory: string;
  readonly entries: readonly string[];
}

/** The package.json at or above `directory` that has a name (the nearest manifest, if it has one). */
const packageAt: (directory: string) => PackageEntry | null = memoPerFileLint((directory: string) => {
  const manifest = manifestIn(directory);
  if (!manifest) {
    const parent = path.dirname(directory);
    return parent === directory ? null : packageAt(parent);
  }
  if (typeof manifest.name !== 'string') return null;
  const entries = [directory];
  if (typeof manifest.main === 'string') entries.push(withoutExtension(path.resolve(directory, manifest.main)));
  return { name: manifest.name, directory, entries };
});

/** The module a relative specifier stands for when it is the entry of the package it lies in. */
const packageSelfReference: (target: string) => string | undefined = memoPerFileLint((target: string) => {
  const bare = withoutExtension(target);
  const pkg = packageAt(statOf(target)?.isDirectory() ? target : path.dirname(target));
  return pkg && pkg.entries.includes(bare) ? pkg.name : undefined;
});

/** The module name a specifier stands for in the file that holds `scope` (node: prefix removed). */
export function moduleName(specifier: string, scope?: Scope): string {
  const facts = scope && files.get(programOf(scope));
  if (facts) {
    const mapped = facts.specifiers.get(specifier);
    if (mapped !== undefined) return moduleName(mapped);
    if ((specifier.startsWith('.') || path.isAbsolute(specifier)) && facts.directory) {
      const target = path.resolve(facts.directory, specifier);
      const byPath = facts.paths.get(withoutExtension(target));
      if (byPath !== undefined) return moduleName(byPath);
      const own = packageSelfReference(target);
      if (own !== undefined) return own;
    }
  }
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** The origin root of a module: `module:<name>`. */
export function moduleRoot(specifier: string, scope?: Scope): string {
  return `module:${moduleName(specifier, scope)}`;
}
