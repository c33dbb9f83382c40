/**
 * The project's own modules, parsed for the layer: an import of a relative, `paths` or workspace
 * module is answered from the file it stands for, by running the same single-file analysis on it.
 *
 * Each file is parsed once per content (FileCache: path plus mtime, size and inode), with
 * typescript-eslint's parser (TypeScript and JavaScript alike) into an ESLint SourceCode with its
 * scope manager, so the layer's questions work on it unchanged. A file that is absent, larger than
 * MAX_FILE_SIZE, unreadable or that does not parse is `undefined`: unknown, as before.
 *
 * `exportedValue` finds what an export name stands for in such a file: `export const`, `export
 * function`, `export { a as b }`, `export default`, `module.exports = …`, `exports.x = …`, and
 * re-exports (`export { x } from`, `export * from`) followed up to MAX_HOPS files. A name asked
 * again while it is being answered (an import cycle) is unknown.
 */
import type Module from 'node:module';
import path from 'node:path';
import { SourceCode as ESLintSourceCode } from 'eslint';
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { FileCache, statOf } from '../file-cache.js';
import { fileDirectory, followsImports, lintedFileOf, registerImportedFile } from './modules.js';
import { resolveProjectModule } from './project-modules.js';
import { memberKey, skipWrappers, type Scope, type SourceCode } from './syntax.js';

/**
 * `require` where the module runs: ESM (the plugin), a CommonJS bundle (the codemods' jscodeshift
 * transforms), or jssg's embedded runtime, which has neither `require` nor a `module` to import:
 * there it throws, the file is not parsed, and its exports stay unknown.
 */
function load(id: string): unknown {
  const commonJs = typeof require === 'function' ? require : undefined;
  if (commonJs) return commonJs(id);
  const nodeModule = globalThis.process?.getBuiltinModule?.('module') as typeof Module | undefined;
  if (!nodeModule) throw new Error('no require() in this runtime');
  return nodeModule.createRequire(import.meta.url)(id);
}

/** Files above this size (generated bundles) are not read: their exports are unknown. */
export const MAX_FILE_SIZE = 512 * 1024;
/** Re-export hops followed from one import. */
const MAX_HOPS = 4;

export interface ProjectFile {
  readonly file: string;
  readonly sourceCode: SourceCode;
}

type ParseForESLint = (code: string, options: Record<string, unknown>) => {
  ast: unknown;
  scopeManager: unknown;
  visitorKeys: unknown;
  services?: unknown;
};
let parseForESLint: ParseForESLint | undefined;

function parse(file: string, text: string): SourceCode {
  parseForESLint ??= (load('@typescript-eslint/parser') as { parseForESLint: ParseForESLint }).parseForESLint;
  const result = parseForESLint(text, {
    filePath: file,
    sourceType: /\.c[jt]s$/.test(file) ? 'script' : 'module',
    ecmaVersion: 'latest',
    range: true,
    loc: true,
    tokens: true,
    comment: true,
    jsx: /\.[jt]sx$/.test(file),
  });
  setParents(result.ast as TSESTree.Node, result.visitorKeys as Record<string, readonly string[]>);
  return new ESLintSourceCode({
    text,
    ast: result.ast as ESLintSourceCode['ast'],
    scopeManager: result.scopeManager as ESLintSourceCode['scopeManager'],
    visitorKeys: result.visitorKeys as ESLintSourceCode['visitorKeys'],
    parserServices: (result.services ?? {}) as ESLintSourceCode['parserServices'],
  }) as unknown as SourceCode;
}

/** ESLint sets `parent` while it traverses a file; a file read for an import is never traversed. */
function setParents(root: TSESTree.Node, keys: Record<string, readonly string[]>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') {
          (item as { parent: TSESTree.Node }).parent = node;
          stack.push(item as TSESTree.Node);
        }
      }
    }
  }
}

const caches = new Map<string, FileCache<SourceCode>>();

/**
 * Text tests of what the rules look for (each rule's text filter, registered by the rule creator).
 * A project file that passes none, and passes nothing on (no re-export), can hold no value a rule
 * asks about: it is never parsed, and what it exports stays unknown.
 */
const relevanceTests: ((text: string) => boolean)[] = [];

export function registerRelevance(test: (text: string) => boolean): void {
  relevanceTests.push(test);
}

const REEXPORTS = /\bexport\b[^;]*\bfrom\b|\bmodule\.exports\s*=\s*require\b/;
const relevance = new FileCache<boolean>(
  (text) => relevanceTests.length === 0 || REEXPORTS.test(text) || relevanceTests.some((test) => test(text)),
);

/** The parsed file, or undefined when it is too large, unreadable, does not parse, or holds nothing a rule asks about. */
export function projectFile(file: string): ProjectFile | undefined {
  const stat = statOf(file);
  if (!stat?.isFile() || stat.size > MAX_FILE_SIZE) return undefined;
  if (!relevance.get(file)) return undefined;
  let cache = caches.get(file);
  if (!cache) caches.set(file, (cache = new FileCache((text) => parse(file, text))));
  const sourceCode = cache.get(file);
  if (!sourceCode) return undefined;
  registerImportedFile(sourceCode, file);
  return { file, sourceCode };
}

/** The project file a specifier stands for when imported from the file that holds `scope`. */
export function importedFile(specifier: string, scope: Scope): ProjectFile | undefined {
  if (!followsImports(scope)) return undefined;
  const directory = fileDirectory(scope);
  if (directory === undefined) return undefined;
  const file = resolveProjectModule(specifier, directory);
  return file ? projectFile(file) : undefined;
}

/** Where a value was defined in another file, for messages. */
export interface Provenance {
  readonly file: string;
  readonly line: number;
}

/** What an export name stands for: a node of the exporting file, and where it is. */
export interface ExportedValue {
  readonly node: TSESTree.Node;
  readonly scope: Scope;
  readonly from: Provenance;
}

const inProgress = new Set<string>();

function valueAt(project: ProjectFile, node: TSESTree.Node): ExportedValue {
  const scope = project.sourceCode.getScope(node);
  return { node, scope, from: { file: project.file, line: definitionLine(node, scope) } };
}

/**
 * Where an exported value is made: for `export default app` or `module.exports = isPortFree`, the
 * line of `const app = uWS.App()` or of the function, not of the export statement that names it.
 */
function definitionLine(node: TSESTree.Node, scope: Scope): number {
  const bare = skipWrappers(node);
  if (bare.type !== AST_NODE_TYPES.Identifier) return node.loc.start.line;
  const variable = ASTUtils.findVariable(scope, bare);
  const definition = variable?.defs.length === 1 ? variable.defs[0]!.node : undefined;
  if (definition?.type === AST_NODE_TYPES.VariableDeclarator && definition.init) return definition.init.loc.start.line;
  if (definition?.type === AST_NODE_TYPES.FunctionDeclaration || definition?.type === AST_NODE_TYPES.ClassDeclaration) {
    return definition.loc.start.line;
  }
  return node.loc.start.line;
}

/** `module.exports` / `exports` as written (not shadowed). */
function isExportsObject(node: TSESTree.Node, scope: Scope): boolean {
  const bare = skipWrappers(node);
  if (bare.type === AST_NODE_TYPES.Identifier) return bare.name === 'exports' && !ASTUtils.findVariable(scope, bare)?.defs.length;
  return (
    bare.type === AST_NODE_TYPES.MemberExpression &&
    bare.object.type === AST_NODE_TYPES.Identifier &&
    bare.object.name === 'module' &&
    memberKey(bare) === 'exports' &&
    !ASTUtils.findVariable(scope, bare.object)?.defs.length
  );
}

/** The CommonJS exports of a file: `module.exports = v` (name 'default') and `exports.x = v`. */
function commonJsExport(project: ProjectFile, name: string): ExportedValue | undefined {
  const program = project.sourceCode.ast as TSESTree.Program;
  let found: ExportedValue | undefined;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const expression = statement.expression;
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') continue;
    const scope = project.sourceCode.getScope(expression);
    const left = expression.left;
    if (isExportsObject(left, scope) && left.type === AST_NODE_TYPES.MemberExpression) {
      // `module.exports = v`: the default; a literal object also gives its properties as names.
      if (name === 'default') found = valueAt(project, expression.right);
      else if (expression.right.type === AST_NODE_TYPES.ObjectExpression) {
        const property = expression.right.properties.find(
          (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && ASTUtils.getPropertyName(p) === name,
        );
        found = property ? valueAt(project, property.value) : undefined;
      }
    } else if (left.type === AST_NODE_TYPES.MemberExpression && isExportsObject(left.object, scope) && memberKey(left) === name) {
      found = valueAt(project, expression.right);
    }
  }
  return found;
}

function declaredName(declaration: TSESTree.Node, name: string): TSESTree.Identifier | undefined {
  if (
    (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ClassDeclaration) &&
    declaration.id?.name === name
  ) {
    return declaration.id;
  }
  if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name) return declarator.id;
    }
  }
  return undefined;
}

function exportedIn(project: ProjectFile, name: string, hops: number): ExportedValue | undefined {
  const program = project.sourceCode.ast as TSESTree.Program;
  const starSources: string[] = [];
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === 'default') {
      const declaration = statement.declaration;
      const node = 'id' in declaration && declaration.id ? declaration.id : declaration;
      return valueAt(project, node.type === AST_NODE_TYPES.Identifier ? node : declaration);
    }
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
      if (!statement.exported && name !== 'default') starSources.push(statement.source.value);
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) continue;
    if (statement.declaration) {
      const id = declaredName(statement.declaration, name);
      if (id) return valueAt(project, id);
      continue;
    }
    for (const specifier of statement.specifiers) {
      if (specifier.type !== AST_NODE_TYPES.ExportSpecifier) continue;
      const exported = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
      if (exported !== name) continue;
      const local = specifier.local.type === AST_NODE_TYPES.Identifier ? specifier.local.name : specifier.local.value;
      if (!statement.source) return specifier.local.type === AST_NODE_TYPES.Identifier ? valueAt(project, specifier.local) : undefined;
      const next = importedFile(statement.source.value, project.sourceCode.getScope(statement));
      // A package's export passed on (`export { default as getPort } from 'get-port'`): the specifier stands for it.
      return next ? exportedValue(next, local, hops + 1) : valueAt(project, specifier);
    }
  }
  for (const source of starSources) {
    const next = importedFile(source, project.sourceCode.getScope(program));
    const value = next && exportedValue(next, name, hops + 1);
    if (value) return value;
  }
  return commonJsExport(project, name);
}

/**
 * What export `name` ('default' for the default export or `module.exports`) of a project file
 * stands for, or undefined when it cannot be known (absent, a cycle, too many hops).
 */
export function exportedValue(project: ProjectFile, name: string, hops = 0): ExportedValue | undefined {
  const key = `${project.file}#${name}`;
  if (hops > MAX_HOPS || inProgress.has(key)) return undefined;
  inProgress.add(key);
  try {
    return exportedIn(project, name, hops);
  } finally {
    inProgress.delete(key);
  }
}

/** Whether a project file assigns `module.exports` as a whole (so `require()` of it is that value). */
export function hasWholeModuleExport(project: ProjectFile): boolean {
  return commonJsExport(project, 'default') !== undefined;
}

/** "`./config.ts:12`": where a value came from, relative to the file that reads it. */
export function describeProvenance(from: Provenance, scope: Scope): string {
  const directory = fileDirectory(scope);
  let relative = directory === undefined ? from.file : path.relative(directory, from.file).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return `\`${relative}:${from.line}\``;
}

/** Import, export-from and require specifiers as written; a cheap scan before anything is parsed. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

const fileTexts = new FileCache<string>((text) => text);
const MAX_TEXT_HOPS = 2;

function importedTexts(text: string, directory: string, hops: number, seen: Set<string>, out: string[]): void {
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2]!;
    if (specifier.startsWith('node:')) continue;
    const file = resolveProjectModule(specifier, directory);
    if (!file || seen.has(file)) continue;
    seen.add(file);
    const stat = statOf(file);
    if (!stat || stat.size > MAX_FILE_SIZE) continue;
    const imported = fileTexts.get(file);
    if (imported === undefined) continue;
    out.push(imported);
    // Barrels and re-exports: what the imported file passes on.
    if (hops + 1 < MAX_TEXT_HOPS && /\bexport\b[^;]*\bfrom\b|\bmodule\.exports\b|\bexports\./.test(imported)) {
      importedTexts(imported, path.dirname(file), hops + 1, seen, out);
    }
  }
}

const textsByProgram = new WeakMap<object, readonly string[]>();

/**
 * The texts of the project files a linted file imports (and what those re-export, two files
 * deep): a rule whose text filter rules out the file itself still runs when one of these passes
 * it, since the value it looks for may come through the import. Read once per linted file.
 */
export function projectImportTexts(sourceCode: { readonly text: string; readonly ast: object }, filename: string): readonly string[] {
  let texts = textsByProgram.get(sourceCode.ast);
  if (!texts) {
    const out: string[] = [];
    // A file under node_modules is a package's, never the project's: its imports are not read.
    if (path.isAbsolute(filename) && !filename.split(/[\\/]/).includes('node_modules')) {
      importedTexts(sourceCode.text, path.dirname(filename), 0, new Set([filename]), out);
    }
    textsByProgram.set(sourceCode.ast, (texts = out));
  }
  return texts;
}

/**
 * Whether the linted file that holds `scope` imports a project file worth reading (one that passes a
 * rule's text check, or passes exports on): the cheap test before any question crosses files.
 */
export function importsProjectFiles(scope: Scope): boolean {
  const linted = lintedFileOf(scope);
  if (!linted || !followsImports(scope)) return false;
  return projectImportTexts(linted.sourceCode as unknown as { text: string; ast: object }, linted.filename).length > 0;
}
