/**
 * "What is this?": resolves an expression back to where it comes from, a module export or a
 * global, plus the property/call path taken from there. `net.createServer().listen` resolves to
 * { root: 'module:net', path: ['createServer', '()', 'listen'] }.
 *
 * Followed on the way: every import form (aliased, default, namespace, TS `import x = require()`,
 * `process.getBuiltinModule()`, `await import()`), variables (also written in several branches,
 * when every write agrees), destructuring, fields and module-level object properties (slots.ts),
 * servers returned by a factory function or method of the same file, parameters of a function
 * whose every call is in the file, and calls that return their receiver
 * (`server.on('error', f).listen()` is `server.listen()`).
 *
 * Why not ReferenceTracker: it walks forward from module roots and does not follow TS
 * `import x = require()`, `process.getBuiltinModule()`, `await import()` or call results through
 * variables. The rules start from a candidate call and ask "what is this?", which one backward
 * walk over ESLint's scope manager answers for every import form.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isImportedFile, isProjectSpecifier, moduleRoot, scopeFinder } from './modules.js';
import { exportedValue, hasWholeModuleExport, importedFile, projectFile, type ProjectFile, type Provenance } from './project-files.js';
import { importedFunction } from './imports.js';
import { callSites, functionOfCallee, parameterIndex, returnedValues } from './functions.js';
import { slotOf, slotWrites } from './slots.js';
import { memberKey, programOf, skipWrappers, type Scope } from './syntax.js';

export interface Origin {
  /** `module:<name>` for imports/requires (node: prefix removed), `global:<name>` for globals. */
  readonly root: string;
  /** Property names, '()' for a call, 'new' for a construction. */
  readonly path: readonly string[];
  /** Where the value was defined when it comes from another file of the project (an import). */
  readonly from?: Provenance;
}

/** `base` followed by more steps, keeping where it came from. */
function extend(base: Origin, ...steps: string[]): Origin {
  return base.from ? { root: base.root, path: [...base.path, ...steps], from: base.from } : { root: base.root, path: [...base.path, ...steps] };
}

/** What export `name` of a project file is, with the place it is defined. */
function originOfExport(project: ProjectFile, name: string, depth: number): Origin | undefined {
  const value = exportedValue(project, name);
  if (value?.node.type === AST_NODE_TYPES.ExportSpecifier) {
    const declaration = value.node.parent;
    const local = value.node.local.type === AST_NODE_TYPES.Identifier ? value.node.local.name : value.node.local.value;
    if (declaration.type !== AST_NODE_TYPES.ExportNamedDeclaration || !declaration.source) return undefined;
    return { root: moduleRoot(declaration.source.value, value.scope), path: local === 'default' ? [] : [local], from: value.from };
  }
  const origin = value && resolveOrigin(value.node, value.scope, depth + 1);
  return origin && value ? { root: origin.root, path: origin.path, from: value.from } : undefined;
}

/** Names of a project file's exports whose value the file cannot answer: they stand for the module's export, as before. */
const projectFallbacks = new WeakSet<Origin>();

/** A whole project module (namespace import, `require('./x')`): its exports are looked up by name. */
const FILE_ROOT = 'file:';

const MAX_DEPTH = 12;
const MAX_STEPS = 400;
let budget = MAX_STEPS;
/** How many questions ran out of depth or budget so far: an answer found without one is final. */
let cutShort = 0;

/**
 * Methods that return the object they are called on: EventEmitter's listener methods, handles'
 * `ref`/`unref`, `setTimeout` on servers and sockets, `setMaxListeners`. Node's `listen` and
 * dgram's `bind` return the server/socket too.
 */
export const RECEIVER_RETURNING_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'off',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
  'ref',
  'unref',
  'setTimeout',
]);

function staticString(node: TSESTree.Node | undefined, scope: Scope): string | undefined {
  if (!node) return undefined;
  const value = ASTUtils.getStaticValue(node as TSESTree.Expression, scope);
  return typeof value?.value === 'string' ? value.value : undefined;
}

/** Whether `name` refers to the unshadowed global (e.g. `require`, `process`, `Bun`). */
export function isGlobalReference(node: TSESTree.Identifier, scope: Scope): boolean {
  const variable = ASTUtils.findVariable(scope, node);
  return !variable || variable.defs.length === 0 || variable.defs.every(isAmbient);
}

/** `declare const Bun: …` only describes the global; it does not shadow it. */
function isAmbient(def: TSESLint.Scope.Definition): boolean {
  return def.type === 'Variable' && def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.declare === true;
}

function isCallOf(node: TSESTree.CallExpression, scope: Scope, globalName: string, member?: string): boolean {
  const callee = skipWrappers(node.callee);
  if (member === undefined) {
    return callee.type === AST_NODE_TYPES.Identifier && callee.name === globalName && isGlobalReference(callee, scope);
  }
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === globalName &&
    isGlobalReference(callee.object, scope) &&
    ASTUtils.getPropertyName(callee, scope) === member
  );
}

/** The module a call loads: `require('x')`, `process.getBuiltinModule('x')`, `module.require('x')`. */
export function loadedModule(node: TSESTree.CallExpression, scope: Scope): string | undefined {
  if (
    isCallOf(node, scope, 'require') ||
    isCallOf(node, scope, 'process', 'getBuiltinModule') ||
    isCallOf(node, scope, 'module', 'require')
  ) {
    return staticString(node.arguments[0], scope);
  }
  return undefined;
}

/** Path of property keys from a destructuring pattern down to `name` (undefined if not followable). */
function patternPath(name: TSESTree.Identifier, top: TSESTree.Node): string[] | undefined {
  const path: string[] = [];
  let node: TSESTree.Node = name;
  while (node !== top) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.Property) {
      if (parent.value === node) {
        const key = parent.computed ? undefined : ASTUtils.getPropertyName(parent);
        if (key == null) return undefined;
        path.unshift(key);
      }
    } else if (parent.type === AST_NODE_TYPES.AssignmentPattern) {
      if (parent.left !== node) return undefined;
    } else if (parent.type !== AST_NODE_TYPES.ObjectPattern) {
      return undefined;
    }
    node = parent;
  }
  return path;
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.root === b.root && a.path.length === b.path.length && a.path.every((step, i) => step === b.path[i]);
}

/**
 * Modules whose factories make the same kind of object: an https, http2 or tls server is a Node
 * server like an http or net one (same `listen()`).
 */
const MODULE_FAMILIES: ReadonlyMap<string, string> = new Map(
  ['net', 'http', 'https', 'http2', 'tls'].map((name) => [`module:${name}`, 'node-servers']),
);

function family(root: string): string {
  return MODULE_FAMILIES.get(root) ?? root;
}

/**
 * Objects from the same module (or module family), made the same way: `uWS.SSLApp(o)` and
 * `uWS.App()`, `https.createServer(o)` and `http.createServer()`. Only the export's name may
 * differ; every later step (a call, a property, `new`) must be the same.
 */
function alike(a: Origin, b: Origin): boolean {
  return (
    family(a.root) === family(b.root) &&
    a.path.length === b.path.length &&
    a.path.every((step, i) => i === 0 || step === b.path[i])
  );
}

/** `null` / `undefined`: a placeholder until the real object is stored (a `.listen()` on it would throw). */
function isPlaceholder(node: TSESTree.Node): boolean {
  const bare = skipWrappers(node);
  return (
    (bare.type === AST_NODE_TYPES.Literal && bare.value === null && !('regex' in bare)) ||
    (bare.type === AST_NODE_TYPES.Identifier && bare.name === 'undefined')
  );
}

/**
 * The one origin every candidate resolves to, or undefined when one is unknown or they differ by
 * more than the export's name within one module (family): several writes (`if (tls) x =
 * uWS.SSLApp(o); else x = uWS.App();`), the branches of `c ? a : b` and of `a || b` / `a ?? b`.
 * The first stands for them all. A `null` / `undefined` placeholder beside a real object is skipped.
 */
function agreed(candidates: readonly TSESTree.Node[], scope: (node: TSESTree.Node) => Scope, depth: number): Origin | undefined {
  const real = candidates.length > 1 ? candidates.filter((candidate) => !isPlaceholder(candidate)) : candidates;
  let result: Origin | undefined;
  for (const candidate of real) {
    const origin = resolveOrigin(candidate, scope(candidate), depth + 1);
    if (!origin || (result && !sameOrigin(result, origin) && !alike(result, origin))) return undefined;
    result ??= origin;
  }
  return result;
}

/** Each variable's origin, once known in full: a large file names the same variables thousands of times. */
const variableOrigins = new WeakMap<TSESLint.Scope.Variable, Origin | null>();

function originOfVariable(identifier: TSESTree.Identifier, scope: Scope, depth: number): Origin | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length === 0 || variable.defs.every(isAmbient)) {
    return { root: `global:${identifier.name}`, path: [] };
  }
  const cached = variableOrigins.get(variable);
  if (cached !== undefined) return cached ?? undefined;
  const before = cutShort;
  const origin = followVariable(variable, scope, depth);
  // An answer cut short by the depth or the budget of this question may differ in another; one
  // in a file read for an import may change with the files it imports in turn.
  if (cutShort === before && !isImportedFile(scope)) variableOrigins.set(variable, origin ?? null);
  return origin;
}

function followVariable(variable: TSESLint.Scope.Variable, scope: Scope, depth: number): Origin | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  switch (def.type) {
    case 'ImportBinding': {
      const node = def.node;
      if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const ref = node.moduleReference;
        return ref.type === AST_NODE_TYPES.TSExternalModuleReference &&
          ref.expression.type === AST_NODE_TYPES.Literal &&
          typeof ref.expression.value === 'string'
          ? { root: moduleRoot(ref.expression.value, scope), path: [] }
          : undefined;
      }
      const declaration = node.parent;
      if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const project = isProjectSpecifier(declaration.source.value, scope) ? importedFile(declaration.source.value, scope) : undefined;
      if (project) {
        if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return fileRoot(project, declaration.source.value, scope);
        const imported =
          node.type !== AST_NODE_TYPES.ImportSpecifier
            ? 'default'
            : node.imported.type === AST_NODE_TYPES.Identifier
              ? node.imported.name
              : String(node.imported.value);
        // A package the rules know by name may live in the repository (a workspace of its own):
        // what its file cannot answer, its name still does.
        const exported = originOfExport(project, imported, depth);
        if (exported) return exported;
        const named = { root: moduleRoot(declaration.source.value, scope), path: imported === 'default' ? [] : [imported] };
        projectFallbacks.add(named);
        return named;
      }
      const root = moduleRoot(declaration.source.value, scope);
      if (node.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported =
          node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
        return { root, path: imported === 'default' ? [] : [imported] };
      }
      // Default and namespace imports both stand for the module object of the runtimes and
      // CommonJS packages tracked here.
      return { root, path: [] };
    }
    case 'Variable': {
      const declarator = def.node;
      const writes = variable.references.filter((ref) => ref.isWrite());
      if (declarator.id.type === AST_NODE_TYPES.Identifier) {
        const values = writes.map((ref) => ref.writeExpr).filter((value): value is TSESTree.Expression => Boolean(value));
        if (declarator.init && !values.includes(declarator.init)) values.unshift(declarator.init);
        if (values.length === 0 || values.length !== Math.max(writes.length, 1)) return undefined;
        return agreed(values, scopeFinder(scope), depth);
      }
      if (writes.length > 1) return undefined;
      const init = declarator.init ?? (writes[0]?.writeExpr as TSESTree.Expression | null | undefined);
      if (!init) return undefined;
      const path = patternPath(def.name as TSESTree.Identifier, declarator.id);
      const base = path && resolveOrigin(init, scope, depth + 1);
      if (base?.root.startsWith(FILE_ROOT) && path?.length === 1 && base.path.length === 0) return memberOfFile(base.root, path[0]!, depth);
      return base && path ? extend(base, ...path) : undefined;
    }
    case 'Parameter': {
      const fn = def.node as TSESTree.FunctionLike;
      const index = parameterIndex(fn, def.name);
      // Destructured or reassigned parameters are not followed.
      if (index < 0 || variable.references.some((ref) => ref.isWrite() && ref.identifier !== def.name)) return undefined;
      const find = scopeFinder(scope);
      const sites = callSites(fn, find);
      if (!sites || sites.length === 0) return undefined;
      const args = sites.map((site) => site.arguments[index]);
      if (args.some((arg) => !arg || arg.type === AST_NODE_TYPES.SpreadElement)) return undefined;
      return agreed(args as TSESTree.Node[], find, depth);
    }
    default:
      return undefined;
  }
}

/**
 * Where `node` comes from, or undefined when it cannot be known statically (values from other
 * files, parameters of exported functions, variables whose writes disagree).
 */
export function resolveOrigin(input: TSESTree.Node, scope: Scope, depth = 0): Origin | undefined {
  // Variables with several writes and slots with several stores branch: a budget per question
  // keeps code full of reassignments (generated or minified files) from exploding.
  if (depth === 0) budget = MAX_STEPS;
  if (depth > MAX_DEPTH || --budget < 0) {
    cutShort++;
    return undefined;
  }
  const node = skipWrappers(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return originOfVariable(node, scope, depth);
    case AST_NODE_TYPES.MemberExpression: {
      const key = memberKey(node, scope);
      const base = key === undefined ? undefined : resolveOrigin(node.object, scope, depth + 1);
      if (base?.root.startsWith(FILE_ROOT)) return base.path.length === 0 ? memberOfFile(base.root, key!, depth) : undefined;
      if (base) return extend(base, key!);
      return originOfSlot(node, scope, depth);
    }
    case AST_NODE_TYPES.CallExpression: {
      const loaded = loadedModule(node, scope);
      if (loaded !== undefined) return originOfLoaded(loaded, scope, depth);
      const callee = skipWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && RECEIVER_RETURNING_METHODS.has(memberKey(callee) ?? '')) {
        const receiver = resolveOrigin(callee.object, scope, depth + 1);
        // Only an object made by a call or `new` returns itself; a module's own `on()` may not.
        const last = receiver?.path.at(-1);
        if (receiver && (last === '()' || last === 'new')) return receiver;
      }
      const base = resolveOrigin(node.callee, scope, depth + 1);
      if (base?.root.startsWith(FILE_ROOT)) return undefined;
      // A function of a project file: what it returns, when that is known.
      if (base && projectFallbacks.has(base)) return originOfReturn(node, scope, depth) ?? extend(base, '()');
      if (base) return extend(base, '()');
      const slot = slotOf(node, scope);
      if (slot) return originOfSlot(node, scope, depth);
      return originOfReturn(node, scope, depth);
    }
    case AST_NODE_TYPES.NewExpression: {
      const base = resolveOrigin(node.callee, scope, depth + 1);
      return base && !base.root.startsWith(FILE_ROOT) ? extend(base, 'new') : undefined;
    }
    case AST_NODE_TYPES.ConditionalExpression:
      return agreed([node.consequent, node.alternate], () => scope, depth);
    case AST_NODE_TYPES.LogicalExpression:
      // `a && b` may be `a` itself (false, null…): only `||` and `??` pick one of two objects.
      return node.operator === '&&' ? undefined : agreed([node.left, node.right], () => scope, depth);
    case AST_NODE_TYPES.AwaitExpression: {
      const argument = skipWrappers(node.argument);
      if (argument.type === AST_NODE_TYPES.ImportExpression) {
        const specifier = staticString(argument.source, scope);
        return specifier === undefined ? undefined : originOfLoaded(specifier, scope, depth);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `this.server`, `self.server`, `app.server`, `this.sockets[k]`, `sockets.get(k)`: what was stored. */
function originOfSlot(node: TSESTree.Node, scope: Scope, depth: number): Origin | undefined {
  const slot = slotOf(node, scope);
  if (!slot) return undefined;
  const find = scopeFinder(scope);
  const writes = slotWrites(slot, programOf(scope), find);
  if (writes.open || writes.values.length === 0) return undefined;
  return agreed(writes.values, find, depth);
}

/** `require('./x')`, `await import('./x')`: a module, or the project file it stands for. */
function originOfLoaded(specifier: string, scope: Scope, depth: number): Origin | undefined {
  const project = isProjectSpecifier(specifier, scope) ? importedFile(specifier, scope) : undefined;
  if (!project) return { root: moduleRoot(specifier, scope), path: [] };
  if (!hasWholeModuleExport(project)) return fileRoot(project, specifier, scope);
  return originOfExport(project, 'default', depth) ?? { root: moduleRoot(specifier, scope), path: [] };
}

/** The module root each whole project file stands for when its exports cannot answer. */
const moduleRootOfFile = new Map<string, string>();

function fileRoot(project: ProjectFile, specifier: string, scope: Scope): Origin {
  moduleRootOfFile.set(project.file, moduleRoot(specifier, scope));
  return { root: FILE_ROOT + project.file, path: [] };
}

/** `ns.name` of a whole project file: the export's origin, or the module's `name` as before. */
function memberOfFile(root: string, name: string, depth: number): Origin | undefined {
  const file = root.slice(FILE_ROOT.length);
  const project = projectFile(file);
  const exported = project && originOfExport(project, name, depth);
  if (exported) return exported;
  const fallback = moduleRootOfFile.get(file);
  if (fallback === undefined) return undefined;
  const named = { root: fallback, path: [name] };
  projectFallbacks.add(named);
  return named;
}

/**
 * `makeServer()` / `this.createServer()` for a function of the file, or a function exported by a
 * project file the callee is imported from: what it returns.
 */
function originOfReturn(node: TSESTree.CallExpression, scope: Scope, depth: number): Origin | undefined {
  const fn = functionOfCallee(node.callee, scope);
  if (fn) {
    const values = returnedValues(fn);
    return values.length === 0 ? undefined : agreed(values, scopeFinder(scope), depth);
  }
  const imported = importedFunction(node.callee, scope);
  if (!imported) return undefined;
  const values = returnedValues(imported.fn);
  const origin = values.length === 0 ? undefined : agreed(values, scopeFinder(imported.value.scope), depth);
  return origin && { root: origin.root, path: origin.path, from: imported.value.from };
}
