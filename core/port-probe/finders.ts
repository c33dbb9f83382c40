/**
 * Which calls are port finders (get-port, portfinder, detect-port, … and the packages an option
 * adds), and where the port a finder yields goes: the variables that hold it, and whether a check
 * API (`check(port)`) is used in a loop that picks a port and hands it out.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { isAssertionCall } from '../assertions.js';
import type { ResolvedPortFinder } from '../port-finders.js';
import { resolveOrigin, skipWrappers } from '../value-flow/index.js';
import { isOutput } from './outputs.js';
import {
  contains,
  enclosingFunction,
  isFunction,
  isLoop,
  normalise,
  variableOf,
  type Scope,
  type SourceCode,
  type Variable,
} from './syntax.js';

/** The finder a call resolves to, from the index of known finders (`module#export`). */
export function finderOf(
  finders: ReadonlyMap<string, ResolvedPortFinder>,
  node: TSESTree.CallExpression,
  scope: Scope,
): ResolvedPortFinder | undefined {
  const callee = skipWrappers(node.callee);
  if (
    callee.type !== AST_NODE_TYPES.Identifier &&
    callee.type !== AST_NODE_TYPES.MemberExpression &&
    callee.type !== AST_NODE_TYPES.CallExpression
  ) {
    return undefined;
  }
  const origin = normalise(resolveOrigin(callee, scope));
  if (!origin?.root.startsWith('module:') || origin.path.length > 1 || origin.path.includes('()')) return undefined;
  const finder = finders.get(`${origin.root.slice('module:'.length)}#${origin.path[0] ?? 'default'}`);
  return finder && origin.from ? { ...finder, from: origin.from } : finder;
}

function patternVariables(pattern: TSESTree.Node, scope: Scope): Variable[] {
  const out: Variable[] = [];
  const visit = (node: TSESTree.Node) => {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(scope, node);
      if (variable) out.push(variable);
    } else if (node.type === AST_NODE_TYPES.ArrayPattern) {
      for (const element of node.elements) if (element) visit(element);
    } else if (node.type === AST_NODE_TYPES.AssignmentPattern) {
      visit(node.left);
    } else if (node.type === AST_NODE_TYPES.RestElement) {
      visit(node.argument);
    }
  };
  visit(pattern);
  return out;
}

/** Variables that hold the port(s) a finder call yields: awaited, `.then(cb)` or a callback. */
export function resultVariables(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression,
  finder: ResolvedPortFinder,
): Variable[] {
  const awaited = call.parent?.type === AST_NODE_TYPES.AwaitExpression ? call.parent : call;
  const holder = awaited.parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === awaited) {
    return patternVariables(holder.id, sourceCode.getScope(holder));
  }
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === awaited) {
    return patternVariables(holder.left, sourceCode.getScope(holder));
  }
  const then = call.parent;
  if (
    then?.type === AST_NODE_TYPES.MemberExpression &&
    then.object === call &&
    ASTUtils.getPropertyName(then) === 'then' &&
    then.parent?.type === AST_NODE_TYPES.CallExpression &&
    then.parent.callee === then
  ) {
    const callback = then.parent.arguments[0];
    if (callback && isFunction(callback) && callback.params[0]) {
      return patternVariables(callback.params[0], sourceCode.getScope(callback));
    }
  }
  const last = call.arguments.at(-1);
  if (finder.export.callback && last && isFunction(last)) {
    const scope = sourceCode.getScope(last);
    return last.params.slice(1).flatMap((param) => patternVariables(param, scope));
  }
  return [];
}

const COMPARISONS = new Set(['<', '>', '<=', '>=', '===', '!==', '==', '!=']);
/** A read that only looks at the port: compared, `typeof`, or handed to an assertion. */
function isInspection(read: TSESTree.Node): boolean {
  const parent = read.parent;
  if (parent?.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(parent.operator)) return true;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof') return true;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(read as TSESTree.CallExpressionArgument) && isAssertionCall(parent);
}

/**
 * Whether nothing is done with the port a finder yields but look at it: the result is dropped by
 * `.then(() => …)`, or it is read, and every read compares it or asserts on it. A finder's
 * own tests do this; with nothing bound on the port, there is no race to report.
 */
export function portOnlyInspected(sourceCode: SourceCode, call: TSESTree.CallExpression, finder: ResolvedPortFinder): boolean {
  const then = call.parent;
  const callback =
    then?.type === AST_NODE_TYPES.MemberExpression && then.object === call && ASTUtils.getPropertyName(then) === 'then' && then.parent?.type === AST_NODE_TYPES.CallExpression
      ? then.parent.arguments[0]
      : undefined;
  if (callback && isFunction(callback) && callback.params.length === 0) return true;
  const variables = resultVariables(sourceCode, call, finder);
  const reads = variables.flatMap((variable) => variable.references.filter((ref) => ref.init !== true));
  return reads.length > 0 && reads.every((ref) => ref.isRead() && !ref.isWrite() && isInspection(ref.identifier));
}

/** A check API (`check(port)`, `isFreePort(port)`) inside a loop that varies the port and hands it out. */
export function picksInLoop(sourceCode: SourceCode, call: TSESTree.CallExpression, portIndex = 0): boolean {
  const argument = call.arguments[portIndex];
  if (!argument) return false;
  const variable = variableOf(argument, sourceCode.getScope(call));
  if (!variable) return false;
  for (let node: TSESTree.Node | undefined = call.parent; node && !isFunction(node); node = node.parent) {
    if (!isLoop(node)) continue;
    const loop = node;
    const varies = variable.references.some((ref) => ref.isWrite() && contains(loop, ref.identifier));
    if (!varies) continue;
    const fn = enclosingFunction(loop);
    // Handed out: returned / resolved from inside the loop, or read after the loop ends
    // (`while (await check(port)) port++; listen(port)`). A loop that only fails fast on a
    // served port does neither.
    const handedOut = variable.references.some(
      (ref) =>
        ref.isRead() &&
        (!fn || contains(fn, ref.identifier)) &&
        ((contains(loop, ref.identifier) && isOutput(sourceCode, ref.identifier)) || ref.identifier.range[0] >= loop.range[1]),
    );
    if (handedOut) return true;
  }
  return false;
}

/** Whether `a` and `b` sit in different arms of one `if`, `?:`, `switch`, `||`/`&&` or `try`. */
function inDifferentArms(a: TSESTree.Node, b: TSESTree.Node): boolean {
  let common: TSESTree.Node | undefined = b.parent;
  while (common && !contains(common, a)) common = common.parent;
  switch (common?.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.SwitchStatement:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.TryStatement:
      return true;
    default:
      return false;
  }
}

/**
 * Finder calls that can return the same port as another: two calls in one function with no bind
 * between them (in source order, not in different arms of a branch), or one call repeated by a
 * loop that binds nothing. A finder only knows which ports are free now; until something binds
 * the first port, the second call finds it free too.
 */
export function inARow(
  calls: readonly TSESTree.CallExpression[],
  binds: readonly TSESTree.CallExpression[],
  isFinder: (call: TSESTree.CallExpression) => boolean,
): TSESTree.CallExpression[] {
  const finders = calls.filter(isFinder);
  const bindsWithin = (from: number, to: number) => binds.some((bind) => bind.range[0] >= from && bind.range[0] < to);
  const out = new Set<TSESTree.CallExpression>();
  for (const call of finders) {
    for (let node: TSESTree.Node | undefined = call.parent; node && !isFunction(node); node = node.parent) {
      if (isLoop(node) && !bindsWithin(node.range[0], node.range[1])) out.add(call);
    }
  }
  const sorted = [...finders].sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const call = sorted[i]!;
    if (enclosingFunction(previous) !== enclosingFunction(call)) continue;
    if (contains(previous, call) || inDifferentArms(previous, call)) continue;
    if (bindsWithin(previous.range[1], call.range[0])) continue;
    out.add(previous);
    out.add(call);
  }
  return [...out];
}
