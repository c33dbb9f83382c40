/**
 * Collections that hold values of the file (sockets, servers): how a value gets in (`map.set(k, v)`,
 * `list.push(v)`, `set.add(v)`) and where the entries come out again besides `get(k)` and `c[k]`:
 * iterations (`for (const s of c)`, `c.values()`, `c.entries()`, `Object.values(c)`, `forEach`
 * and the other element callbacks). A collection used any other way (returned, passed on,
 * exported) lets its entries leave the file, which is reported as the reason.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { isExported, memberKey, skipWrappers, type Scope, type SourceCode, type Variable } from './syntax.js';
import type { Holder } from './slots.js';

/** Methods that add one value to a collection, with the index of the value argument. */
export const ADD_METHODS: ReadonlyMap<string, number> = new Map([
  ['set', 1],
  ['push', 0],
  ['add', 0],
  ['unshift', 0],
]);

/** Methods that use the collection without handing its entries anywhere. */
const QUIET_METHODS = new Set(['get', 'set', 'has', 'delete', 'clear', 'push', 'add', 'unshift', 'keys', 'indexOf', 'includes']);
/** Methods whose callback gets each entry as its first parameter. */
const ELEMENT_CALLBACKS = new Set(['forEach', 'some', 'every', 'find', 'filter', 'map']);
/** Methods and functions that yield the entries (`values`) or `[key, entry]` pairs (`entries`). */
const ITERATORS = new Set(['values', 'entries']);

export interface EntryReaders {
  /** Variables bound to entries by iterations over the collection. */
  readonly variables: Variable[];
  /** Why the entries may be used where the file cannot see, if they may. */
  readonly escape: string | undefined;
}

/** The variable a loop head or callback parameter binds to an entry (`[k, v]`: the `v`). */
function boundEntry(sourceCode: SourceCode, target: TSESTree.Node | undefined, pairs: boolean, scope: Scope): Variable | undefined {
  let pattern = target;
  if (pattern?.type === AST_NODE_TYPES.VariableDeclaration) pattern = pattern.declarations[0]?.id;
  if (pairs) pattern = pattern?.type === AST_NODE_TYPES.ArrayPattern ? (pattern.elements[1] ?? undefined) : undefined;
  if (pattern?.type !== AST_NODE_TYPES.Identifier) return undefined;
  return ASTUtils.findVariable(sourceCode.getScope(pattern), pattern) ?? ASTUtils.findVariable(scope, pattern) ?? undefined;
}

/** Where an iterable of entries (the collection, `c.values()`, `Object.values(c)`) goes. */
function iterate(sourceCode: SourceCode, iterable: TSESTree.Node, pairs: boolean, out: Variable[]): boolean {
  const parent = iterable.parent;
  const scope = sourceCode.getScope(iterable);
  if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === iterable) {
    // Iterating a Map itself yields `[key, entry]` pairs: destructured as such.
    const head = parent.left.type === AST_NODE_TYPES.VariableDeclaration ? parent.left.declarations[0]?.id : parent.left;
    const variable = boundEntry(sourceCode, parent.left, pairs || head?.type === AST_NODE_TYPES.ArrayPattern, scope);
    if (variable) out.push(variable);
    return variable !== undefined;
  }
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === iterable && ELEMENT_CALLBACKS.has(memberKey(parent) ?? '')) {
    const call = parent.parent;
    const callback = call?.type === AST_NODE_TYPES.CallExpression ? call.arguments[0] : undefined;
    if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return false;
    const variable = boundEntry(sourceCode, callback.params[0], pairs, scope);
    if (variable) out.push(variable);
    return variable !== undefined;
  }
  return false;
}

/**
 * The entry variables of iterations over the collection, from the expressions that refer to it,
 * and whether the collection is used in a way that lets its entries leave the file.
 */
export function entryReaders(sourceCode: SourceCode, collection: Holder, references: readonly TSESTree.Node[]): EntryReaders {
  const variables: Variable[] = [];
  let escape: string | undefined;
  const leaves = () => {
    escape ??= 'it is kept in a collection this file hands on';
  };
  if (collection.kind === 'variable') {
    const def = collection.variable.defs[0];
    if (def?.parent && isExported(def.parent)) leaves();
  }
  for (const reference of references) {
    let node: TSESTree.Node = reference;
    while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) node = node.parent;
    const parent = node.parent;
    if (!parent) continue;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
      if (parent.computed) continue;
      const name = memberKey(parent) ?? '';
      if (name === 'size' || name === 'length' || QUIET_METHODS.has(name)) continue;
      const call = parent.parent;
      if (ITERATORS.has(name) && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
        if (!iterate(sourceCode, call, name === 'entries', variables)) leaves();
        continue;
      }
      if (ELEMENT_CALLBACKS.has(name)) {
        if (!iterate(sourceCode, node, false, variables)) leaves();
        continue;
      }
      leaves();
      continue;
    }
    if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.right === node) {
      if (!iterate(sourceCode, node, false, variables)) leaves();
      continue;
    }
    if (parent.type === AST_NODE_TYPES.ForInStatement) continue;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node) {
      // `Object.values(c)` / `Object.entries(c)` / `Object.keys(c)`.
      const callee = skipWrappers(parent.callee);
      const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberKey(callee) : undefined;
      const onObject = callee.type === AST_NODE_TYPES.MemberExpression && skipWrappers(callee.object).type === AST_NODE_TYPES.Identifier && (skipWrappers(callee.object) as TSESTree.Identifier).name === 'Object';
      if (onObject && name === 'keys') continue;
      if (onObject && name !== undefined && ITERATORS.has(name)) {
        if (!iterate(sourceCode, parent, name === 'entries', variables)) leaves();
        continue;
      }
    }
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) continue;
    leaves();
  }
  return { variables, escape };
}
