/**
 * Resolves an expression back to where it comes from: a module export or a global, plus the
 * property/call path taken from there. `net.createServer().listen` resolves to
 * { module: 'net', path: ['createServer', '()', 'listen'] }.
 *
 * Why not ReferenceTracker: it walks forward from module roots and does not follow TS
 * `import x = require()`, `process.getBuiltinModule()`, `await import()` or call results through
 * variables. The rules here start from a candidate call and ask "what is this?", which one backward
 * walk over ESLint's scope manager answers for every import form.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

export interface Origin {
  /** `module:<name>` for imports/requires (node: prefix removed), `global:<name>` for globals. */
  readonly root: string;
  /** Property names, '()' for a call, 'new' for a construction. */
  readonly path: readonly string[];
}

type Scope = TSESLint.Scope.Scope;

const MAX_DEPTH = 12;

export function moduleRoot(specifier: string): string {
  return `module:${specifier.startsWith('node:') ? specifier.slice(5) : specifier}`;
}

/** Removes TypeScript-only wrappers and parentheses-free chains around an expression. */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

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

function isCallOf(
  node: TSESTree.CallExpression,
  scope: Scope,
  globalName: string,
  member?: string,
): boolean {
  const callee = skipWrappers(node.callee);
  if (member === undefined) {
    return (
      callee.type === AST_NODE_TYPES.Identifier &&
      callee.name === globalName &&
      isGlobalReference(callee, scope)
    );
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

function originOfVariable(
  identifier: TSESTree.Identifier,
  scope: Scope,
  depth: number,
): Origin | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length === 0 || variable.defs.every(isAmbient)) {
    return { root: `global:${identifier.name}`, path: [] };
  }
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
          ? { root: moduleRoot(ref.expression.value), path: [] }
          : undefined;
      }
      const declaration = node.parent;
      if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const root = moduleRoot(declaration.source.value);
      if (node.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported =
          node.imported.type === AST_NODE_TYPES.Identifier
            ? node.imported.name
            : String(node.imported.value);
        return { root, path: imported === 'default' ? [] : [imported] };
      }
      // Default and namespace imports both stand for the module object of the runtimes and
      // CommonJS packages tracked here.
      return { root, path: [] };
    }
    case 'Variable': {
      const declarator = def.node;
      const writes = variable.references.filter((ref) => ref.isWrite());
      if (writes.length > 1) return undefined;
      const init =
        declarator.init ?? (writes[0]?.writeExpr as TSESTree.Expression | null | undefined);
      if (!init) return undefined;
      if (declarator.id.type === AST_NODE_TYPES.Identifier) {
        return resolveOrigin(init, scope, depth + 1);
      }
      const path = patternPath(def.name as TSESTree.Identifier, declarator.id);
      const base = path && resolveOrigin(init, scope, depth + 1);
      return base && path ? { root: base.root, path: [...base.path, ...path] } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Where `node` comes from, or undefined when it cannot be known statically
 * (parameters, reassigned variables, results of unknown calls keep their callee's origin).
 */
export function resolveOrigin(
  input: TSESTree.Node,
  scope: Scope,
  depth = 0,
): Origin | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = skipWrappers(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return originOfVariable(node, scope, depth);
    case AST_NODE_TYPES.MemberExpression: {
      const key = ASTUtils.getPropertyName(node, scope);
      if (key == null) return undefined;
      const base = resolveOrigin(node.object, scope, depth + 1);
      return base && { root: base.root, path: [...base.path, key] };
    }
    case AST_NODE_TYPES.CallExpression: {
      const loaded = loadedModule(node, scope);
      if (loaded !== undefined) return { root: moduleRoot(loaded), path: [] };
      const base = resolveOrigin(node.callee, scope, depth + 1);
      return base && { root: base.root, path: [...base.path, '()'] };
    }
    case AST_NODE_TYPES.NewExpression: {
      const base = resolveOrigin(node.callee, scope, depth + 1);
      return base && { root: base.root, path: [...base.path, 'new'] };
    }
    case AST_NODE_TYPES.AwaitExpression: {
      const argument = skipWrappers(node.argument);
      if (argument.type === AST_NODE_TYPES.ImportExpression) {
        const specifier = staticString(argument.source, scope);
        return specifier === undefined ? undefined : { root: moduleRoot(specifier), path: [] };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
