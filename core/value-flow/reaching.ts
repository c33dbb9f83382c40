/**
 * "Which values can reach this expression?": follows an expression back to the expressions whose
 * value it may hold. Through variables (every write, so a variable assigned in several branches
 * yields each value), a parameter of a function whose calls are all in the file (each call's
 * argument, or the default), fields and module-level object properties and keyed collections
 * (slots.ts), a property read of an object that is itself followed (`options.reusePort`), a
 * factory's return values, and `?:` / `||` / `??` / `&&`.
 *
 * The result lists the values found, and says whether some way in could not be followed
 * (`unknown`), whether the value may be absent, and whether it only passes a parameter through
 * with no call of the function in the file (`fromCaller`: the caller decides, elsewhere).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { callSites, functionOfCallee, knownCalls, parameterIndex, returnedValues } from './functions.js';
import { scopeFinder } from './modules.js';
import { importedValue, requiredFile } from './imports.js';
import { exportedValue, type ExportedValue } from './project-files.js';
import { lookupOptionDetailed } from './options.js';
import { holderOf, slotOf, slotWrites, type Holder } from './slots.js';
import { memberKey, programOf, skipWrappers, type Scope } from './syntax.js';

export interface ReachedValue {
  /** An expression the value may be: an object or array literal, a literal, a call, … */
  readonly node: TSESTree.Expression;
  /** The first variable on the way (`o` in `listen(o)`), for names and sharing checks. */
  readonly via: TSESTree.Identifier | undefined;
  /** What holds the value last (the variable or slot written with it), for later changes to it. */
  readonly holder: Holder | undefined;
}

export interface Reach {
  readonly values: readonly ReachedValue[];
  /** Some way in could not be followed (another file, an exported function's parameter). */
  readonly unknown: boolean;
  /** The value may be undefined (an argument left out, `a && b`). */
  readonly mayBeAbsent: boolean;
  /** Passes a parameter through, and the file has no call of its function: the caller decides. */
  readonly fromCaller: boolean;
}

interface Acc {
  values: ReachedValue[];
  unknown: boolean;
  mayBeAbsent: boolean;
  fromCaller: boolean;
  readonly seen: Set<TSESTree.Node>;
}

const MAX_DEPTH = 10;

/**
 * Whether values are followed into the project's own modules (an imported options object). Only
 * for callers that report what they find there at a node of their own file (lookupOption's
 * `acrossFiles`); everyone else sees an import as a value that cannot be followed, as before.
 */
let acrossFiles = false;

/** Runs `ask` with values followed into the project's own modules. */
export function followingImports<T>(ask: () => T): T {
  const before = acrossFiles;
  acrossFiles = true;
  try {
    return ask();
  } finally {
    acrossFiles = before;
  }
}

/**
 * How many reachingValues calls are under way: a property read follows its object with
 * lookupOption, which follows values again, and cyclic code (`const a = b.x; const b = { x: a.y }`)
 * must end.
 */
let nesting = 0;
const MAX_NESTING = 6;
/** Steps one question may take, over all nested calls. */
const MAX_STEPS = 2000;
let steps = MAX_STEPS;

/** `require('./config')` of a project file that assigns `module.exports` as a whole: that value. */
function requiredValue(node: TSESTree.Node, scope: Scope): ExportedValue | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const project = requiredFile(node, scope);
  return project && exportedValue(project, 'default');
}

/** The values that may reach `node` (see the file comment). */
export function reachingValues(node: TSESTree.Node, scope: Scope): Reach {
  const acc: Acc = { values: [], unknown: false, mayBeAbsent: false, fromCaller: false, seen: new Set() };
  if (nesting >= MAX_NESTING) {
    acc.unknown = true;
    return acc;
  }
  if (nesting === 0) steps = MAX_STEPS;
  nesting++;
  try {
    follow(node, scope, undefined, undefined, 0, acc);
  } finally {
    nesting--;
  }
  return acc;
}

function follow(
  input: TSESTree.Node,
  scope: Scope,
  via: TSESTree.Identifier | undefined,
  holder: Holder | undefined,
  depth: number,
  acc: Acc,
): void {
  const node = skipWrappers(input) as TSESTree.Expression;
  if (depth > MAX_DEPTH || acc.seen.has(node) || --steps < 0) {
    acc.unknown = true;
    return;
  }
  acc.seen.add(node);
  const leaf = (): void => {
    acc.values.push({ node, via, holder });
  };
  const find = scopeFinder(scope);
  const next = (child: TSESTree.Node, nextVia = via, nextHolder: Holder | undefined = undefined) =>
    follow(child, find(child), nextVia, nextHolder, depth + 1, acc);
  if (acrossFiles && (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression || node.type === AST_NODE_TYPES.CallExpression)) {
    // `import { defaults } from './config.js'`, `cfg.defaults` of `import * as cfg`, `require('./config')`.
    const imported = importedValue(node, scope) ?? requiredValue(node, scope);
    if (imported) {
      follow(imported.node, imported.scope, via ?? (node.type === AST_NODE_TYPES.Identifier ? node : undefined), undefined, depth + 1, acc);
      return;
    }
  }
  switch (node.type) {
    case AST_NODE_TYPES.Identifier: {
      if (node.name === 'undefined') {
        acc.mayBeAbsent = true;
        return;
      }
      const variable = ASTUtils.findVariable(scope, node);
      if (!variable || variable.defs.length !== 1) return leaf();
      const def = variable.defs[0]!;
      if (def.type === 'Variable') {
        const declaration = def.parent;
        const loop = declaration?.parent;
        if (
          def.node.id.type !== AST_NODE_TYPES.Identifier ||
          loop?.type === AST_NODE_TYPES.ForOfStatement ||
          loop?.type === AST_NODE_TYPES.ForInStatement
        ) {
          acc.unknown = true;
          return;
        }
        const writes = variable.references.filter((ref) => ref.isWrite());
        const own = holderOf(node, scope);
        for (const write of writes) {
          const parent = write.identifier.parent;
          if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator !== '=') acc.unknown = true;
          else if (write.writeExpr) next(write.writeExpr, via ?? node, own);
          else acc.unknown = true;
        }
        if (!def.node.init && writes.every((w) => w.identifier !== def.name)) {
          // `let o;` before its assignments: read before them, it is undefined.
          if (writes.length === 0) acc.mayBeAbsent = true;
        }
        return;
      }
      if (def.type === 'Parameter') {
        const fn = def.node as TSESTree.FunctionLike;
        const index = parameterIndex(fn, def.name);
        if (index < 0 || variable.references.some((ref) => ref.isWrite() && ref.identifier !== def.name)) {
          acc.unknown = true;
          return;
        }
        // A function called from where the file cannot see passes its callers' choice through:
        // the calls in the file are followed, the rest is the callers' decision.
        const complete = callSites(fn, find);
        const sites = complete ?? knownCalls(fn, find);
        if (!complete || sites.length === 0) acc.fromCaller = true;
        const param = fn.params[index]!;
        for (const site of sites) {
          const arg = site.arguments[index];
          if (arg?.type === AST_NODE_TYPES.SpreadElement) acc.unknown = true;
          else if (arg) next(arg, via ?? node);
          else if (param.type === AST_NODE_TYPES.AssignmentPattern) next(param.right, via ?? node);
          else acc.mayBeAbsent = true;
        }
        return;
      }
      return leaf();
    }
    case AST_NODE_TYPES.ConditionalExpression:
      next(node.consequent);
      next(node.alternate);
      return;
    case AST_NODE_TYPES.LogicalExpression:
      if (node.operator === '&&') acc.mayBeAbsent = true;
      else next(node.left);
      next(node.right);
      return;
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.CallExpression: {
      const slot = slotOf(node, scope);
      if (slot) {
        const writes = slotWrites(slot, programOf(scope), find);
        if (writes.open || writes.values.length === 0) acc.unknown = true;
        for (const value of writes.values) next(value, via, slot);
        return;
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const fn = functionOfCallee(node.callee, scope);
        const returned = fn ? returnedValues(fn) : [];
        if (returned.length === 0) return leaf();
        for (const value of returned) next(value, via);
        return;
      }
      const key = memberKey(node, scope);
      const object = skipWrappers(node.object);
      // A property of an object that is itself followed: `options.reusePort` for a parameter
      // `options` that every call fills with an object literal, `this.options.reusePort`.
      if (key === undefined || object.type === AST_NODE_TYPES.ThisExpression) return leaf();
      const lookup = lookupOptionDetailed(object, key, scope);
      if (lookup.settings.length === 0 && !lookup.fromCaller && (lookup.unknown || !lookup.mayBeAbsent)) return leaf();
      acc.unknown ||= lookup.unknown;
      acc.mayBeAbsent ||= lookup.mayBeAbsent;
      acc.fromCaller ||= lookup.fromCaller;
      for (const setting of lookup.settings) next(setting.value, via);
      return;
    }
    default:
      return leaf();
  }
}
